/**
 * `npm run test-model -- DIR`: writes the tiny test models to DIR/models/ and
 * their entries to DIR/models.json (see scripts/export/test-models.ts).
 */
import { runCli } from './export/cli';
import { buildTestModels } from './export/test-models';

runCli('test-model', 'npm run test-model -- DIR', (args) => {
  const [dir, ...rest] = args.positional;
  if (!dir || rest.length > 0 || args.flags.size > 0) return 'usage';
  const started = performance.now();
  const { entries, formulaId } = buildTestModels(dir);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Wrote ${[...entries.map((e) => e.id), formulaId].join(', ')} and models.json to ${dir} in ${seconds} s.`,
  );
});
