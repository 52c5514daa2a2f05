import { describe, expect, it } from 'vitest';
import type { TextToken } from '../layout';
import { readDecoderShape, readGeneration, readPreprocessing } from './config';
import { inlineFormula, tidyLatex } from './latex';
import { chooseFormulaModel, PIX2TEXT_MFR, parseFormulaEntries } from './models';
import { formulaPixels } from './pixels';
import { formulaSpans } from './spans';

describe('the model’s own config files', () => {
  it('read size, resampling and normalisation from preprocessor_config.json', () => {
    expect(
      readPreprocessing({
        do_resize: true,
        size: { height: 384, width: 384 },
        resample: 3,
        rescale_factor: 0.00392156862745098,
        image_mean: [0.5, 0.5, 0.5],
        image_std: [0.5, 0.5, 0.5],
      }),
    ).toEqual({
      width: 384,
      height: 384,
      resample: 'bicubic',
      rescale: 0.00392156862745098,
      mean: [0.5, 0.5, 0.5],
      std: [0.5, 0.5, 0.5],
    });
    expect(readPreprocessing({ size: 224, do_normalize: false, do_rescale: false })).toMatchObject({
      width: 224,
      height: 224,
      resample: 'bilinear',
      rescale: null,
      mean: null,
    });
    expect(() => readPreprocessing({ size: { shortest_edge: 384 } })).toThrow(/fixed size/);
  });

  it('take start and end tokens from generation_config.json, else config.json', () => {
    expect(
      readGeneration(
        { decoder_start_token_id: 9, eos_token_id: 8 },
        { decoder_start_token_id: 2, eos_token_id: [2, 3], max_length: 256 },
      ),
    ).toEqual({ startId: 2, eosIds: [2, 3], maxNewTokens: 255 });
    expect(readGeneration({ decoder: { bos_token_id: 0, eos_token_id: 2 } })).toMatchObject({
      startId: 0,
      eosIds: [2],
    });
    expect(() => readGeneration({})).toThrow(/start token/);
    expect(readDecoderShape({ decoder: { d_model: 256, decoder_attention_heads: 8 } })).toEqual({
      heads: 8,
      headDim: 32,
    });
  });
});

describe('formulaPixels', () => {
  const pre = readPreprocessing({
    size: { height: 2, width: 4 },
    image_mean: [0.5, 0.5, 0.5],
    image_std: [0.5, 0.5, 0.5],
  });
  it('resizes to the configured size and normalises per channel, planar', () => {
    const white = { width: 10, height: 3, data: new Uint8ClampedArray(120).fill(255) };
    const out = formulaPixels(white, pre);
    expect(out).toHaveLength(3 * 2 * 4);
    expect([...out].every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
  });
  it('puts transparent pixels on white', () => {
    const clear = { width: 4, height: 2, data: new Uint8ClampedArray(32) };
    expect([...formulaPixels(clear, pre)].every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
    const black = { width: 4, height: 2, data: new Uint8ClampedArray(32).fill(255) };
    for (let i = 0; i < 32; i += 4) black.data.fill(0, i, i + 3);
    expect([...formulaPixels(black, pre)].every((v) => Math.abs(v + 1) < 1e-6)).toBe(true);
  });
});

describe('LaTeX from the recogniser', () => {
  it('drops the spaces a tokenizer puts between tokens, keeping those TeX needs', () => {
    expect(tidyLatex(' \\frac { x ^ { 2 } } { 3 } ')).toBe('\\frac{x^{2}}{3}');
    expect(tidyLatex('2 \\pi r')).toBe('2\\pi r');
    expect(inlineFormula('x = 2 ,')).toEqual({ math: 'x = 2', after: ',' });
  });
});

const tok = (text: string, x0: number, extra: Partial<TextToken> = {}): TextToken => ({
  text,
  confidence: 90,
  x0,
  x1: x0 + 10 * text.length,
  y0: 10,
  y1: 40,
  ...extra,
});

describe('formulaSpans', () => {
  it('finds runs of formula pieces with some structure on a row', () => {
    const row = ['If', '10^x', '−', '10', '=', '9990,', 'what', 'is', 'x', 'equal', 'to?'];
    let x = 0;
    const tokens = row.map((t) => {
      const token = tok(t, x);
      x = token.x1 + 5;
      return token;
    });
    const spans = formulaSpans([tokens], 32);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ row: 0, start: 1, end: 6 });
    // A lone variable in prose ("is x equal") is not a formula.
  });

  it('takes fractions and roots read on their own, and leaves prose alone', () => {
    const rows = [
      [tok('Simplify', 0), tok('(x^2-9)/(x+3)', 100, { region: true }), tok('now.', 300)],
      [tok('Let', 0), tok('a,', 40), tok('b,', 70), tok('c', 100), tok('be', 120)],
      [tok('It', 0), tok('costs', 30), tok('5', 90), tok('dollars', 110)],
    ];
    const spans = formulaSpans(rows, 32);
    expect(spans.map((s) => [s.row, s.start, s.end])).toEqual([[0, 1, 2]]);
    expect(spans[0]?.box.x0).toBeLessThan(100);
  });
});

describe('formula models in models.json', () => {
  it('reads formula entries, skips broken ones, and prefers the deployment’s own', () => {
    const json = {
      models: [
        { id: 'tiny-qwen2', name: 'LLM', baseUrl: 'models/tiny-qwen2/' },
        { id: 'mfr', task: 'formula', baseUrl: 'models/mfr', bytes: 1234 },
        { id: 'bad id!', task: 'formula', baseUrl: 'x/' },
        { id: 'both', task: 'formula', baseUrl: 'x/', hubRepo: 'a/b' },
      ],
    };
    const entries = parseFormulaEntries(json, 'https://school.example/app/models.json');
    expect(entries).toEqual([
      {
        id: 'mfr',
        name: 'mfr',
        baseUrl: 'https://school.example/app/models/mfr/',
        encoder: 'onnx/encoder_model.onnx',
        decoder: 'onnx/decoder_model_merged.onnx',
        bytes: 1234,
      },
    ]);
    expect(chooseFormulaModel(entries)?.id).toBe('mfr');
    expect(chooseFormulaModel([])).toBe(PIX2TEXT_MFR);
    // "hub": false: nothing from the Hub, so no formula reader unless the school hosts one.
    expect(chooseFormulaModel([], false)).toBeNull();
    expect(chooseFormulaModel(entries, false)?.id).toBe('mfr');
  });
});
