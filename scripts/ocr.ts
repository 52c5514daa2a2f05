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

/** The test models' manifest: `--formulas tiny-formula` finds its folder there. */
const TEST_MODELS = path.resolve(import.meta.dirname, '..', '.test-models', 'models.json');

function usage(message: string): never {
  console.error(
    `${message}\nUsage: npm run ocr -- [--lang eng|chi_sim] [--formulas MODEL_ID_OR_DIR] IMAGE…`,
  );
  process.exit(2);
}

async function main(): Promise<void> {
  const files: string[] = [];
  let language: OcrLanguage = 'eng';
  let formulas: string | undefined;
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--formulas' || arg.startsWith('--formulas=')) {
      formulas = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!formulas) usage('--formulas needs a model id or folder.');
    } else if (arg === '--lang' || arg.startsWith('--lang=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (value !== 'eng' && value !== 'chi_sim') usage(`Bad --lang: ${value}`);
      language = value;
    } else if (arg.startsWith('-')) {
      usage(`Unknown option ${arg}`);
    } else {
      files.push(arg);
    }
  }
  if (files.length === 0) usage('No image given.');
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
}

function describeError(error: unknown): string {
  if (error instanceof AppError) return error.message;
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file.';
  if (code === 'EISDIR') return 'is a directory, not an image.';
  if (code === 'EACCES') return 'permission denied.';
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'failed';
}

main().catch((error: unknown) => {
  console.error(`ocr: ${describeError(error)}`);
  process.exit(1);
});
