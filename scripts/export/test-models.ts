/**
 * The project's test models (`npm run test-model -- DIR`), built the way a
 * real model is: a Hugging Face checkpoint (bf16 safetensors, Qwen2-Math
 * tokenizer) written to a temporary folder and converted by exportModel.
 *
 *   DIR/models/tiny-qwen2/            seeded random weights
 *   DIR/models/tiny-qwen2-scripted/   greedy output is SCRIPT, + expected.json
 *   DIR/models/tiny-qwen2-tir/        a tool-integrated script: a Python block, then
 *                                     after the runtime's output block, the answer
 *   DIR/models/tiny-formula/          an image-to-LaTeX model of the formula recogniser's
 *                                     shape that reads every picture as one formula,
 *                                     + expected.json `{ "latex" }` (tiny-formula.ts)
 *   DIR/models.json                   their registry entries (tiny-formula with "task": "formula")
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ModelEntry } from '../../src/core/registry';
import { randomValues, writeCheckpoint } from './checkpoint-writer';
import { names, type Qwen2Config } from './config';
import { type ExportResult, exportModel } from './export';
import type { ExportDtype } from './plan';
import { SCRIPTED_DEFAULTS, scriptTransitions, writeScriptedCheckpoint } from './scripted';
import { buildTinyFormula } from './tiny-formula';
import { ENDOFTEXT, IM_END, idsForPieces } from './tokenizer';

/** Both prompt templates end with "<|im_start|>assistant\n": "\n" is always the last prompt token. */
export const TRIGGER_TOKEN = 198;

/**
 * The scripted solution, one vocabulary entry per piece: three steps (three
 * paragraphs, the last with the boxed answer as a display formula) for the
 * tutor's step-by-step hints. No
 * id repeats (a bigram model could not continue differently after the same
 * id), which is why the paragraphs end on two different tokens ("\n\n" and
 * ".\n\n"), the closing "$$" is spelled "}$" + "$" and the inline math
 * closes on "$.". 28 tokens: WebGPU on SwiftShader takes seconds per token.
 */
export const SCRIPT_PIECES = [
  'We',
  ' add',
  ' $',
  '3',
  '+',
  '4',
  '$.',
  '\n\n',
  'Count',
  'ing',
  ' on',
  ' four',
  ' from',
  ' three',
  ' gives',
  ' seven',
  '.\n\n',
  'So',
  ' the',
  ' answer',
  ' is',
  ' $$',
  '\\',
  'boxed',
  '{',
  '7',
  '}$',
  '$',
] as const;
export const SCRIPT_ANSWER_LATEX = '7';

/**
 * The tool-integrated script, in two rounds. Round one (after the prompt's
 * "\n") writes a program and ends the turn; the TIR loop runs it and appends
 * "\n```output\n7\n```\n", whose last token (canonical BPE of the whole
 * text) is "`\n" (3989): round two continues from there to the answer.
 * Round one cannot also write "```output" (the stop string real models emit):
 * the three-backtick tokens are all spent on the two fences, and a bigram
 * cannot repeat one. The loop treats a turn that ends with a closed program
 * the same either way, as Qwen's evaluation does.
 */
export const TIR_ROUND_ONE = [
  'Let',
  ' me',
  ' compute',
  ':\n',
  '```',
  'python',
  '\n\n',
  'print',
  '(',
  '3',
  '+',
  '4',
  ')\n',
  '``',
  '`',
] as const;
export const TIR_RESUME_TOKEN = 3989;
export const TIR_ROUND_TWO = [
  'So',
  ' the',
  ' answer',
  ' is',
  ' $\\',
  'boxed',
  '{',
  '7',
  '}$',
  '.',
] as const;
export const TIR_OUTPUT = '7';

export const TINY_CONFIG: Qwen2Config = { ...SCRIPTED_DEFAULTS, tieWordEmbeddings: true };

const DTYPES: ExportDtype[] = ['fp32', 'q4', 'fp16', 'q4f16'];

export interface TestModelsResult {
  entries: ModelEntry[];
  /** The formula recogniser's test model, listed in models.json after the LLMs. */
  formulaId: string;
  expected: { text: string; answerLatex: string };
}

export function buildTestModels(dir: string): TestModelsResult {
  const work = mkdtempSync(path.join(os.tmpdir(), 'test-model-'));
  try {
    const random = path.join(work, 'tiny-qwen2');
    writeTinyCheckpoint(random);
    const tiny = exportTo(random, dir, 'tiny-qwen2');

    const scripted = path.join(work, 'tiny-qwen2-scripted');
    const script = idsForPieces(SCRIPT_PIECES);
    writeScriptedCheckpoint(scripted, scriptTransitions(TRIGGER_TOKEN, script, IM_END));
    // A float head as in the real 1.5B (tied, so Gemm on the table): a 4-bit
    // head over 151,936 rows costs ~6 s per token on SwiftShader WebGPU.
    const scriptedResult = exportTo(scripted, dir, 'tiny-qwen2-scripted', true);
    const expected = { text: SCRIPT_PIECES.join(''), answerLatex: SCRIPT_ANSWER_LATEX };
    writeFileSync(
      path.join(dir, 'models', 'tiny-qwen2-scripted', 'expected.json'),
      `${JSON.stringify(expected, null, 2)}\n`,
    );

    // What a broken 16-bit build looks like: every logit 0, so argmax is token 0 ("!") forever.
    const degenerate = path.join(work, 'tiny-qwen2-degenerate');
    writeScriptedCheckpoint(degenerate, new Map());
    const degenerateResult = exportTo(degenerate, dir, 'tiny-qwen2-degenerate', true);
    writeFileSync(
      path.join(dir, 'models', 'tiny-qwen2-degenerate', 'expected.json'),
      `${JSON.stringify({ text: '!'.repeat(12), repeatsToken: 0 }, null, 2)}\n`,
    );

    const tir = path.join(work, 'tiny-qwen2-tir');
    const transitions = new Map([
      ...scriptTransitions(TRIGGER_TOKEN, idsForPieces(TIR_ROUND_ONE), IM_END),
      ...scriptTransitions(TIR_RESUME_TOKEN, idsForPieces(TIR_ROUND_TWO), IM_END),
    ]);
    writeScriptedCheckpoint(tir, transitions);
    const tirResult = exportTo(tir, dir, 'tiny-qwen2-tir', true);
    const tirText = `${TIR_ROUND_ONE.join('')}\n\`\`\`output\n${TIR_OUTPUT}\n\`\`\`\n${TIR_ROUND_TWO.join('')}`;
    writeFileSync(
      path.join(dir, 'models', 'tiny-qwen2-tir', 'expected.json'),
      `${JSON.stringify({ text: tirText, answerLatex: SCRIPT_ANSWER_LATEX, output: TIR_OUTPUT }, null, 2)}\n`,
    );

    const entries = [
      entry('tiny-qwen2', 'Tiny Qwen2 (test, random)', tiny),
      entry('tiny-qwen2-scripted', 'Tiny Qwen2 (test, scripted)', scriptedResult),
      {
        ...entry('tiny-qwen2-tir', 'Tiny Qwen2 (test, with Python)', tirResult),
        promptStyle: 'qwen25-math-cot' as const,
        tir: true,
      },
      entry('tiny-qwen2-degenerate', 'Tiny Qwen2 (test, broken)', degenerateResult),
    ];
    const formula = buildTinyFormula(path.join(dir, 'models', 'tiny-formula'));
    const formulaEntry = {
      id: 'tiny-formula',
      name: 'Tiny formula reader (test)',
      task: 'formula',
      baseUrl: 'models/tiny-formula/',
      encoder: 'onnx/encoder_model.onnx',
      decoder: 'onnx/decoder_model_merged.onnx',
      bytes: formula.bytes,
    };
    // "hub": false: the test deployment asks no host but its own (the e2e
    // tests fail on any request that leaves localhost).
    writeFileSync(
      path.join(dir, 'models.json'),
      `${JSON.stringify({ hub: false, models: [...entries, formulaEntry] }, null, 2)}\n`,
    );
    return { entries, expected, formulaId: formulaEntry.id };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** tiny-qwen2's checkpoint: seeded, so tests can rebuild it to run the reference. */
export function writeTinyCheckpoint(dir: string): void {
  // With tied embeddings and weak layers a random model repeats its input
  // token forever; a larger gain lets the layers steer it into varied text.
  const values = randomValues({ seed: 1, linearGain: 3 });
  const special = ENDOFTEXT * TINY_CONFIG.hiddenSize;
  writeCheckpoint(
    dir,
    TINY_CONFIG,
    (name, shape) => {
      const w = values(name, shape);
      // Random logits would now and then pick an id with no vocabulary entry
      // or a stop token; zero those rows (logit 0) so the random model streams
      // until it is stopped.
      if (name === names.embed) w.fill(0, special);
      return w;
    },
    { dtype: 'BF16' },
  );
}

function exportTo(checkpoint: string, dir: string, id: string, floatLmHead = false): ExportResult {
  return exportModel({
    from: checkpoint,
    out: path.join(dir, 'models', id),
    dtypes: DTYPES,
    floatLmHead,
  });
}

function entry(id: string, name: string, result: ExportResult): ModelEntry {
  return {
    id,
    name,
    baseUrl: `models/${id}/`,
    dtype: { webgpu: 'q4', wasm: 'fp32' },
    sizes: result.sizes,
    promptStyle: 'qwen-boxed',
    tir: false,
    languages: ['en'],
    contextLength: result.config.maxPositionEmbeddings,
  };
}
