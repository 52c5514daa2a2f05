/**
 * `npm run ocr -- IMAGE…`: one JSON line per image, `{file, text, confidence, ms}`
 * (confidence 0–1), from the same pipeline the browser worker runs, with the
 * Node engine (src/engines/ocr/node.ts). A bad image gets one line on stderr
 * (`ocr: FILE: message`) and the exit code is 1; the other images are still
 * read. `--lang chi_sim` adds Chinese.
 */
import { AppError } from '../src/core/errors';
import { createNodeRecognizer, type NodeRecognizer, ocrFile } from '../src/engines/ocr/node';
import type { OcrLanguage } from '../src/engines/ocr/protocol';
import { oneOf, runCli, UsageError } from './cli';

const CLI = {
  name: 'ocr',
  usage: 'npm run ocr -- [--lang eng|chi_sim] IMAGE…',
  options: { lang: { type: 'string', default: 'eng' } },
  positionals: true,
} as const;

runCli(CLI, async ({ values, positionals: files }) => {
  const language = oneOf<OcrLanguage>(values.lang, 'lang', ['eng', 'chi_sim']);
  if (files.length === 0) throw new UsageError('no image given');
  let recognizer: NodeRecognizer | undefined;
  let failed = false;
  try {
    for (const file of files) {
      try {
        recognizer ??= await createNodeRecognizer(language);
        console.log(JSON.stringify(await ocrFile(file, recognizer)));
      } catch (error) {
        failed = true;
        console.error(`ocr: ${file}: ${describeError(error)}`);
      }
    }
  } finally {
    await recognizer?.terminate();
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
