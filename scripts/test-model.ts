/**
 * `npm run test-model -- DIR`: writes the tiny test models to DIR/models/ and
 * their entries to DIR/models.json (see scripts/export/test-models.ts).
 */
import { runCli, UsageError } from './cli';
import { buildTestModels } from './export/test-models';

const CLI = {
  name: 'test-model',
  usage: 'npm run test-model -- DIR',
  options: {},
  positionals: true,
};

runCli(CLI, ({ positionals }) => {
  const [dir, ...rest] = positionals;
  if (!dir) throw new UsageError('');
  if (rest.length > 0) throw new UsageError('one folder');
  const started = performance.now();
  const { entries, formulaId } = buildTestModels(dir);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Wrote ${[...entries.map((e) => e.id), formulaId].join(', ')} and models.json to ${dir} in ${seconds} s.`,
  );
});
