/**
 * `npm run export-model -- --from CHECKPOINT_DIR --out DIR [--dtype q4f16,q4,fp16,fp32]`
 *   [--zero-points] [--float-lm-head] [--id ID] [--name NAME] [--prompt-style qwen-boxed|qwen25-math-cot] [--tir]
 *   [--external auto|always|never]
 *
 * Converts a Qwen2-family Hugging Face checkpoint into a folder transformers.js
 * loads as is, plus DIR/manifest.json (files, sizes, sha256, models.json entry).
 * See docs/models.md.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { PROMPT_STYLES } from '../src/core/prompts';
import { oneOf, runCli, UsageError } from './cli';
import { exportModel } from './export/export';
import { modelEntry, writeManifest } from './export/manifest';
import { EXPORT_DTYPES } from './export/plan';

const str = { type: 'string' } as const;
const flag = { type: 'boolean' } as const;
const CLI = {
  name: 'export-model',
  usage: 'npm run export-model -- --from CHECKPOINT_DIR --out DIR [--dtype q4f16,q4,fp16,fp32]',
  options: {
    from: str,
    out: str,
    dtype: { type: 'string', default: EXPORT_DTYPES.join(',') },
    'zero-points': flag,
    'float-lm-head': flag,
    id: str,
    name: str,
    'prompt-style': { type: 'string', default: 'qwen-boxed' },
    tir: flag,
    external: { type: 'string', default: 'auto' },
  },
} as const;

runCli(CLI, ({ values }) => {
  const { from, out } = values;
  if (!from || !out) throw new UsageError('--from and --out are required');
  if (!existsSync(from) || !statSync(from).isDirectory())
    throw new Error(`${from} is not a directory.`);
  const dtypes = [
    ...new Set(values.dtype.split(',').map((d) => oneOf(d.trim(), 'dtype', EXPORT_DTYPES))),
  ];
  const external = oneOf(values.external, 'external', ['auto', 'always', 'never'] as const);
  const promptStyle = oneOf(values['prompt-style'], 'prompt-style', PROMPT_STYLES);
  const id = values.id ?? path.basename(path.resolve(out));
  const started = performance.now();
  const result = exportModel({
    from,
    out,
    dtypes,
    zeroPoints: values['zero-points'] === true,
    floatLmHead: values['float-lm-head'] === true,
    external,
    log: (message) => console.log(message),
  });
  const entry = modelEntry(result, {
    id,
    baseUrl: `models/${id}/`,
    promptStyle,
    tir: values.tir === true,
    ...(values.name ? { name: values.name } : {}),
  });
  writeManifest(out, { entry, files: result.files });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Exported ${dtypes.join(', ')} to ${out} in ${seconds} s; models.json entry in ${path.join(out, 'manifest.json')}.`,
  );
});
