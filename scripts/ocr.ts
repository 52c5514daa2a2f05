/**
 * `npm run ocr -- [--formulas MODEL_ID_OR_DIR] IMAGE…`: one JSON line per
 * image, `{file, text, confidence, ms}` (confidence 0–1), from the same
 * pipeline the browser worker runs, with the Node engine
 * (src/engines/ocr/node.ts). With `--formulas`, the formulas the layout finds
 * are read by that image-to-LaTeX model (a folder, or an id: tiny-formula
 * once `npm run test-model -- .test-models` has run, pix2text-mfr from the
 * Hub) and appear in text as `$…$`. A bad image gets one line on stderr
 * (`ocr: FILE: message`) and the exit code is 1; the other images are still
 * read. `--lang chi_sim` adds Chinese.
 */
import path from 'node:path';
import { AppError } from '../src/core/errors';
import { createNodeRecognizer, type NodeRecognizer, ocrFile } from '../src/engines/ocr/node';
import type { OcrLanguage } from '../src/engines/ocr/protocol';
import { oneOf, runCli, UsageError } from './cli';

/** The test models' manifest: `--formulas tiny-formula` finds its folder there. */
const TEST_MODELS = path.resolve(import.meta.dirname, '..', '.test-models', 'models.json');

const CLI = {
  name: 'ocr',
  usage: 'npm run ocr -- [--lang eng|chi_sim] [--formulas MODEL_ID_OR_DIR] IMAGE…',
  options: { lang: { type: 'string', default: 'eng' }, formulas: { type: 'string' } },
  positionals: true,
} as const;

runCli(CLI, async ({ values, positionals: files }) => {
  const language = oneOf<OcrLanguage>(values.lang, 'lang', ['eng', 'chi_sim']);
  const formulas = values.formulas;
  if (formulas === '') throw new UsageError('--formulas needs a model id or folder');
  if (files.length === 0) throw new UsageError('no image given');
  let recognizer: NodeRecognizer | undefined;
  let failed = false;
  // Imported only when asked for: onnxruntime-node is not needed to read text.
  const reader = formulas
    ? await (await import('../src/engines/ocr/formula/node'))
        .loadFormulaReader(formulas, [TEST_MODELS])
        .catch((error: unknown) => {
          console.error(`ocr: formula model ${formulas}: ${describeError(error)}`);
          process.exit(2);
        })
    : undefined;
  try {
    for (const file of files) {
      try {
        recognizer ??= await createNodeRecognizer(language);
        const options = reader ? { formulas: reader } : {};
        console.log(JSON.stringify(await ocrFile(file, recognizer, options)));
      } catch (error) {
        failed = true;
        console.error(`ocr: ${file}: ${describeError(error)}`);
      }
    }
  } finally {
    await recognizer?.terminate();
    await reader?.dispose();
  }
  process.exitCode = failed ? 1 : 0;
});

function describeError(error: unknown): string {
  if (error instanceof AppError) return error.message;
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (code === 'ENOENT') return 'no such file.';
  if (code === 'EISDIR') return 'is a directory, not an image.';
  if (code === 'EACCES') return 'permission denied.';
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'failed';
}
