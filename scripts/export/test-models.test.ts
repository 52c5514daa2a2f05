/**
 * The test models as the app will load them: through @huggingface/transformers
 * in Node (the same graph onnxruntime-web runs), from the folder and
 * models.json that `npm run test-model` writes.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, env, type Tensor } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPrompt } from '../../src/core/prompts';
import { parseManifest } from '../../src/core/registry';
import { cutSteps } from '../../src/core/steps';
import { NucleusSampler, processorList } from '../../src/engines/llm/sampling';
import { argmax } from './ort-run';
import { planFor } from './plan';
import { effectiveWeights, forward } from './reference';
import { SafetensorsReader } from './safetensors';
import { tempDir } from './test-configs';
import {
  buildTestModels,
  TINY_CONFIG,
  TIR_OUTPUT,
  TIR_RESUME_TOKEN,
  TIR_ROUND_ONE,
  writeTinyCheckpoint,
} from './test-models';

let dir = '';
let expected = { text: '', answerLatex: '' };

beforeAll(() => {
  dir = tempDir('test-models');
  ({ expected } = buildTestModels(dir));
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${path.join(dir, 'models')}/`;
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function generate(
  id: string,
  dtype: 'fp32' | 'q4' | 'fp16' | 'q4f16',
  question: string,
  maxNewTokens: number,
) {
  const tokenizer = await AutoTokenizer.from_pretrained(id);
  const model = await AutoModelForCausalLM.from_pretrained(id, { dtype, device: 'cpu' });
  try {
    const inputs = tokenizer(buildPrompt('qwen-boxed', question));
    const output = (await model.generate({
      ...inputs,
      max_new_tokens: maxNewTokens,
      do_sample: false,
    })) as Tensor;
    const promptLength = (inputs.input_ids as Tensor).dims[1] as number;
    const all = (output.tolist() as bigint[][])[0] as bigint[];
    const ids = all.slice(promptLength).map(Number);
    const prompt = all.slice(0, promptLength).map(Number);
    return { ids, prompt, text: tokenizer.decode(ids, { skip_special_tokens: true }) };
  } finally {
    await model.dispose();
  }
}

describe('npm run test-model', () => {
  it('writes models.json entries the app registry accepts', () => {
    const json = JSON.parse(readFileSync(path.join(dir, 'models.json'), 'utf8'));
    const entries = parseManifest(json, 'http://localhost/app/models.json');
    expect(entries.map((e) => e.id)).toEqual([
      'tiny-qwen2',
      'tiny-qwen2-scripted',
      'tiny-qwen2-tir',
      'tiny-qwen2-degenerate',
    ]);
    expect(entries.find((e) => e.id === 'tiny-qwen2-tir')).toMatchObject({
      promptStyle: 'qwen25-math-cot',
      tir: true,
    });
    for (const entry of entries) {
      expect(entry.baseUrl).toBe(`http://localhost/app/models/${entry.id}/`);
      expect(entry.dtype).toEqual({ webgpu: 'q4', wasm: 'fp32' });
      expect(entry.contextLength).toBe(TINY_CONFIG.maxPositionEmbeddings);
      if (!entry.tir) expect(entry.promptStyle).toBe('qwen-boxed');
      const folder = path.join(dir, 'models', entry.id);
      for (const [dtype, file] of [
        ['fp32', 'model.onnx'],
        ['q4', 'model_q4.onnx'],
        ['fp16', 'model_fp16.onnx'],
        ['q4f16', 'model_q4f16.onnx'],
      ] as const) {
        const shared = [
          'config.json',
          'generation_config.json',
          'tokenizer.json',
          'tokenizer_config.json',
        ];
        const total = [...shared, `onnx/${file}`].reduce(
          (sum, f) => sum + statSync(path.join(folder, f)).size,
          0,
        );
        expect(entry.sizes?.[dtype]).toBe(total);
      }
    }
  });

  it('writes expected.json with the scripted text and the raw \\boxed content', () => {
    const file = JSON.parse(
      readFileSync(path.join(dir, 'models', 'tiny-qwen2-scripted', 'expected.json'), 'utf8'),
    );
    expect(file).toEqual(expected);
    expect(expected.text).toContain(`\\boxed{${expected.answerLatex}}`);
    expect(expected.text).toMatch(/\$[^$]+\$/); // inline math
    expect(expected.text).toMatch(/\$\$[^$]+\$\$/); // display math
  });

  it('keeps only Qwen2-Math’s three added tokens', () => {
    const tokenizer = JSON.parse(
      readFileSync(path.join(dir, 'models', 'tiny-qwen2', 'tokenizer.json'), 'utf8'),
    );
    expect(tokenizer.added_tokens.map((t: { id: number }) => t.id)).toEqual([
      151643, 151644, 151645,
    ]);
  });

  it('is deterministic', () => {
    const again = tempDir('test-models-again');
    try {
      buildTestModels(again);
      expect(hashTree(again)).toEqual(hashTree(dir));
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});

describe('through transformers.js in Node', () => {
  it.each(['fp32', 'q4', 'fp16', 'q4f16'] as const)(
    'tiny-qwen2-scripted (%s) greedily writes expected.json’s text',
    async (dtype) => {
      for (const question of ['What is 3+4?', 'Solve $x^2 = 9$.']) {
        const { text, ids } = await generate('tiny-qwen2-scripted', dtype, question, 40);
        expect(text).toBe(expected.text);
        expect(ids.at(-1)).toBe(151645); // stopped on <|im_end|>, not on the token limit
      }
    },
  );

  it.each(['fp32', 'q4'] as const)(
    'tiny-qwen2 (%s) generates the reference model’s greedy tokens',
    async (dtype) => {
      const { ids, prompt } = await generate('tiny-qwen2', dtype, 'What is 3+4?', 6);
      // Rebuild the checkpoint the exporter saw (buildTestModels deletes it) for the reference.
      const ckpt = tempDir('tiny-ckpt');
      try {
        writeTinyCheckpoint(ckpt);
        const reader = new SafetensorsReader(ckpt);
        const weights = effectiveWeights(TINY_CONFIG, planFor(dtype), (name) =>
          reader.readF32(name),
        );
        reader.close();
        const ref: number[] = [];
        for (let i = 0; i < ids.length; i++) {
          const logits = forward(TINY_CONFIG, weights, {
            ids: [[...prompt, ...ref]],
            lastOnly: true,
          })[0]?.[0];
          ref.push(argmax(logits as Float64Array));
        }
        expect(ids).toEqual(ref);
        expect(new Set(ids).size).toBeGreaterThan(1);
      } finally {
        rmSync(ckpt, { recursive: true, force: true });
      }
    },
  );
});

function hashTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(root, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(root);
  return out;
}

describe('tiny-qwen2-tir', () => {
  it('resumes after the runtime output block: its last token is the round-two trigger', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained('tiny-qwen2-tir');
    const text = `${TIR_ROUND_ONE.join('')}\n\`\`\`output\n${TIR_OUTPUT}\n\`\`\`\n`;
    const ids = tokenizer.encode(text, { add_special_tokens: false });
    expect(ids.at(-1)).toBe(TIR_RESUME_TOKEN);
  });
});

describe('tiny-qwen2-degenerate', () => {
  it('repeats one token forever, as a broken 16-bit build does', async () => {
    const { ids } = await generate('tiny-qwen2-degenerate', 'fp32', 'What is 2 + 3?', 12);
    expect(ids).toHaveLength(12);
    expect(new Set(ids)).toEqual(new Set([0]));
  });
});

describe('tiny-qwen2-scripted under sampling', () => {
  it('writes the greedy script at the model’s own temperature and top-p', async () => {
    const generation = JSON.parse(
      readFileSync(
        path.join(dir, 'models', 'tiny-qwen2-scripted', 'generation_config.json'),
        'utf8',
      ),
    );
    expect(generation).toMatchObject({ temperature: 0.7, top_p: 0.8 });
    const tokenizer = await AutoTokenizer.from_pretrained('tiny-qwen2-scripted');
    const model = await AutoModelForCausalLM.from_pretrained('tiny-qwen2-scripted', {
      dtype: 'q4',
      device: 'cpu',
    });
    try {
      const inputs = tokenizer(buildPrompt('qwen-boxed', 'What is 3+4?'));
      const promptLength = (inputs.input_ids as Tensor).dims[1] as number;
      for (const seed of [1, 2, 3]) {
        const sampler = new NucleusSampler({ temperature: 0.7, topP: 0.8, seed });
        const output = (await model.generate({
          ...inputs,
          max_new_tokens: 40,
          do_sample: false,
          logits_processor: processorList(sampler),
        })) as Tensor;
        const ids = ((output.tolist() as bigint[][])[0] as bigint[])
          .slice(promptLength)
          .map(Number);
        expect(tokenizer.decode(ids, { skip_special_tokens: true })).toBe(expected.text);
      }
    } finally {
      await model.dispose();
    }
  });

  it('is a solution of at least three steps', () => {
    expect(cutSteps(expected.text).steps).toHaveLength(3);
  });
});
