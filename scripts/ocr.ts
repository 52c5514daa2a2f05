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

function usage(message: string): never {
  console.error(`${message}\nUsage: npm run ocr -- [--lang eng|chi_sim] IMAGE…`);
  process.exit(2);
}

async function main(): Promise<void> {
  const files: string[] = [];
  let language: OcrLanguage = 'eng';
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--lang' || arg.startsWith('--lang=')) {
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
