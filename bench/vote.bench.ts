/**
 * Double-check (self-consistency): k samples one after another against one
 * batched generation of k, same prompt, seeds and settings, in the same run.
 * Node (LlmEngine, onnxruntime-node) on tiny-qwen2 and on the 1.5B-shaped
 * model; the browser figure (the app's worker, WASM, 1.5B shape) comes from
 * `npm run bench -- llm` (bench/llm-real.ts).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchRow } from '../scripts/bench';
import { buildTestModels } from '../scripts/export/test-models';
import { buildPrompt } from '../src/core/prompts';
import type { Dtype } from '../src/core/registry';
import { LlmEngine } from '../src/engines/llm/engine';
import { MODEL_DIR, promptOf, voteRows } from './llm-real';
import { voteTimes } from './vote';

type Row = Omit<BenchRow, 'bench'>;

async function withEngine<T>(
  folder: string,
  dtype: Dtype,
  work: (engine: LlmEngine) => Promise<T>,
): Promise<T> {
  const engine = new LlmEngine();
  try {
    await engine.load({
      modelId: path.basename(folder),
      folder,
      dtype,
      device: 'cpu',
      contextLength: 4096,
    });
    return await work(engine);
  } finally {
    await engine.dispose();
  }
}

export default async function bench(): Promise<Row[]> {
  const rows: Row[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vote-bench-'));
  try {
    buildTestModels(dir);
    const prompt = buildPrompt('qwen-boxed', 'What is the sum of the first ten positive integers?');
    for (const dtype of ['fp32', 'q4'] as const) {
      await withEngine(path.join(dir, 'models', 'tiny-qwen2'), dtype, async (engine) => {
        await voteTimes(engine, prompt, 4, 16);
        for (const k of [4, 8]) {
          rows.push(
            ...voteRows(`tiny-qwen2 ${dtype}, Node`, await voteTimes(engine, prompt, k, 128)),
          );
        }
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!existsSync(path.join(MODEL_DIR, 'onnx', 'model_q4.onnx'))) {
    console.error(`vote: no 1.5B-shaped model in ${MODEL_DIR} (npm run bench -- llm builds it)`);
    return rows;
  }
  const { text } = await promptOf();
  await withEngine(MODEL_DIR, 'q4', async (engine) => {
    rows.push(
      ...voteRows('1.5B-shape q4, Node, 300-token prompt', await voteTimes(engine, text, 4, 16)),
    );
  });
  return rows;
}
