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
import { isPromptStyle } from '../src/core/prompts';
import { checkFlags, runCli, stringFlag } from './export/cli';
import { exportModel } from './export/export';
import { modelEntry, writeManifest } from './export/manifest';
import { EXPORT_DTYPES, parseDtypes } from './export/plan';

const USAGE =
  'npm run export-model -- --from CHECKPOINT_DIR --out DIR [--dtype q4f16,q4,fp16,fp32]';
const FLAGS = [
  'from',
  'out',
  'dtype',
  'zero-points',
  'id',
  'name',
  'prompt-style',
  'tir',
  'external',
];

runCli(
  'export-model',
  USAGE,
  (args) => {
    checkFlags(args, FLAGS);
    const from = stringFlag(args, 'from');
    const out = stringFlag(args, 'out');
    if (!from || !out || args.positional.length > 0) return 'usage';
    if (!existsSync(from) || !statSync(from).isDirectory())
      throw new Error(`${from} is not a directory.`);
    const dtypes = parseDtypes(stringFlag(args, 'dtype') ?? EXPORT_DTYPES.join(','));
    const external = stringFlag(args, 'external') ?? 'auto';
    if (external !== 'auto' && external !== 'always' && external !== 'never') {
      throw new Error('--external must be auto, always or never.');
    }
    const promptStyle = stringFlag(args, 'prompt-style') ?? 'qwen-boxed';
    if (!isPromptStyle(promptStyle)) throw new Error(`Unknown --prompt-style ${promptStyle}.`);
    const id = stringFlag(args, 'id') ?? path.basename(path.resolve(out));

    const started = performance.now();
    const result = exportModel({
      from,
      out,
      dtypes,
      zeroPoints: args.flags.get('zero-points') === true,
      floatLmHead: args.flags.get('float-lm-head') === true,
      external,
      log: (message) => console.log(message),
    });
    const name = stringFlag(args, 'name');
    const entry = modelEntry(result, {
      id,
      baseUrl: `models/${id}/`,
      promptStyle,
      tir: args.flags.get('tir') === true,
      ...(name ? { name } : {}),
    });
    writeManifest(out, { entry, files: result.files });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Exported ${dtypes.join(', ')} to ${out} in ${seconds} s; models.json entry in ${path.join(out, 'manifest.json')}.`,
    );
  },
  ['zero-points', 'float-lm-head', 'tir'],
);
