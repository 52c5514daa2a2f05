import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSelectedFormula } from '../src/core/ocr/formula/read';
import { runPipeline } from '../src/core/ocr/pipeline';
import { loadFormulaReader } from '../src/engines/ocr/formula/node';
import {
  createNodeRecognizer,
  decodeImageBytes,
  type NodeRecognizer,
} from '../src/engines/ocr/node';
import { buildTinyFormula, TINY_FORMULA_LATEX } from './export/tiny-formula';

/**
 * tiny-formula through the whole path in Node: the layout finds a formula
 * on a dev image, it is cut out and preprocessed as the model's config
 * says, the encoder and the decoder (with its key/value cache) run on
 * onnxruntime-node, the tokens are decoded, and the LaTeX lands in the text.
 */
const DEV = path.resolve(import.meta.dirname, '../../shared/data/ocr/dev');
const run = promisify(execFile);
let dir: string;
let recognizer: NodeRecognizer;
let reader: Awaited<ReturnType<typeof loadFormulaReader>>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tiny-formula-'));
  buildTinyFormula(dir);
  reader = await loadFormulaReader(dir);
  recognizer = await createNodeRecognizer('eng');
});
afterAll(async () => {
  await recognizer?.terminate();
  await reader?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const dev = async (file: string) =>
  (await decodeImageBytes(new Uint8Array(readFileSync(path.join(DEV, file))))).rgba;

describe('tiny-formula', () => {
  it('has the layout and config files of a VisionEncoderDecoder export', () => {
    for (const file of [
      'config.json',
      'preprocessor_config.json',
      'generation_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/encoder_model.onnx',
      'onnx/decoder_model_merged.onnx',
      'expected.json',
    ])
      expect(existsSync(path.join(dir, file)), file).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8'))).toEqual({
      latex: TINY_FORMULA_LATEX,
    });
  });

  it('reads any picture as its LaTeX, confidently', async () => {
    const white = { width: 80, height: 30, data: new Uint8ClampedArray(80 * 30 * 4).fill(255) };
    const reading = await reader.recognizer.recognize(white);
    expect(reading.latex).toBe(TINY_FORMULA_LATEX);
    expect(reading.truncated).toBe(false);
    expect(reading.confidence).toBeGreaterThan(0.99);
  });

  it('needs its key/value cache: fed without it, it never gets past the first token', async () => {
    const session = await ort.InferenceSession.create(
      path.join(dir, 'onnx', 'decoder_model_merged.onnx'),
    );
    const hidden = new ort.Tensor('float32', new Float32Array(16 * 32), [1, 16, 32]);
    const empty = () => new ort.Tensor('float32', new Float32Array(0), [1, 2, 0, 16]);
    const step = async (id: number, past: Record<string, ort.Tensor>) => {
      const out = await session.run({
        input_ids: new ort.Tensor('int64', BigInt64Array.from([BigInt(id)]), [1, 1]),
        encoder_hidden_states: hidden,
        use_cache_branch: new ort.Tensor('bool', [false], [1]),
        ...past,
      });
      const logits = out.logits?.data as Float32Array;
      return { id: logits.indexOf(Math.max(...logits)), out };
    };
    const fresh = () => ({
      'past_key_values.0.decoder.key': empty(),
      'past_key_values.0.decoder.value': empty(),
      'past_key_values.0.encoder.key': empty(),
      'past_key_values.0.encoder.value': empty(),
    });
    const first = await step(2, fresh());
    const again = await step(first.id, fresh());
    expect(again.id).toBe(first.id);
    const carried = await step(first.id, {
      'past_key_values.0.decoder.key': first.out['present.0.decoder.key'] as ort.Tensor,
      'past_key_values.0.decoder.value': first.out['present.0.decoder.value'] as ort.Tensor,
      'past_key_values.0.encoder.key': first.out['present.0.encoder.key'] as ort.Tensor,
      'past_key_values.0.encoder.value': first.out['present.0.encoder.value'] as ort.Tensor,
    });
    expect(carried.id).not.toBe(first.id);
    await session.release();
  });
});

describe.skipIf(!existsSync(DEV))('formulas in the pipeline (dev images)', () => {
  it('puts the formula a dev image has, read by tiny-formula, in the text as $…$', async () => {
    const result = await runPipeline(await dev('printed-math-02.png'), recognizer, {
      formulas: reader,
    });
    expect(result.text).toBe(`Convert $${TINY_FORMULA_LATEX}$ to a terminating decimal.`);
    expect(result.formulaOutcome).toEqual({ read: 1, failed: 0 });
    expect(result.formulas).toEqual([
      expect.objectContaining({ latex: TINY_FORMULA_LATEX, start: 8 }),
    ]);
    // Its box is the fraction's, on the photo.
    const box = result.words.find((w) => w.formula)?.box;
    expect(box?.x0).toBeGreaterThan(150);
    expect(box?.x1).toBeLessThan(600);
  });

  it('leaves prose and lone numbers to tesseract', async () => {
    const result = await runPipeline(await dev('printed-text-02.png'), recognizer, {
      formulas: reader,
    });
    expect(result.text).toContain('Grace weighs 125 pounds');
    expect(result.formulas).toEqual([]);
  });

  it('reads a selected region of a photo as one formula', async () => {
    const photo = await dev('printed-math-11.png');
    const reading = await readSelectedFormula(
      photo,
      { x0: photo.width * 0.19, y0: 0, x1: photo.width * 0.57, y1: photo.height },
      reader,
    );
    expect(reading.latex).toBe(TINY_FORMULA_LATEX);
  });

  it('npm run ocr -- --formulas DIR prints the text with $…$', async () => {
    const { stdout } = await run(
      'npx',
      [
        'tsx',
        path.join(import.meta.dirname, 'ocr.ts'),
        '--formulas',
        dir,
        path.join(DEV, 'printed-math-02.png'),
      ],
      { cwd: path.resolve(import.meta.dirname, '..') },
    );
    const line = JSON.parse(stdout.trim()) as { text: string; confidence: number };
    expect(line.text).toBe(`Convert $${TINY_FORMULA_LATEX}$ to a terminating decimal.`);
    expect(line.confidence).toBeGreaterThan(0);
  });
});
