/**
 * The formula recogniser: an image-to-LaTeX encoder-decoder (Pix2Text MFR,
 * TrOCR-style; tiny-formula in tests) on ONNX Runtime, greedy decoding.
 * Sizes, normalisation, start/end tokens and the vocabulary all come from
 * the model's own files. Two decoder kinds are read:
 *
 * - with a key/value cache (optimum's `decoder_model_merged`: inputs
 *   `past_key_values.*`, outputs `present.*`): one new token per step, the
 *   cache carried from step to step, the cross-attention part kept from the
 *   first step, as transformers.js does;
 * - without one (`decoder_model.onnx`, as Pix2Text publishes it): the whole
 *   sequence every step.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { abortError } from '../../../core/errors';
import type { RgbaImage } from '../../../core/image/types';
import {
  type DecoderShape,
  type FormulaGeneration,
  type FormulaPreprocessing,
  readDecoderShape,
  readGeneration,
  readPreprocessing,
} from '../../../core/ocr/formula/config';
import { tidyLatex } from '../../../core/ocr/formula/latex';
import { formulaPixels } from '../../../core/ocr/formula/pixels';
import type { ModelFiles, OrtRuntime, OrtSession, OrtTensor } from './runtime';

export interface FormulaReading {
  latex: string;
  /** Geometric mean of the chosen tokens' probabilities, 0–1. */
  confidence: number;
  /** Generated token ids, end token excluded. */
  tokens: number[];
  /** True when the length limit cut the formula off. */
  truncated: boolean;
}

export interface FormulaFiles {
  encoder: string;
  decoder: string;
}

export interface LoadProgress {
  loaded: number;
  total: number;
}

const PAST = /^past_key_values\.(\d+)\.(decoder|encoder)\.(key|value)$/;

export class FormulaRecognizer {
  private constructor(
    private readonly runtime: OrtRuntime,
    private readonly encoder: OrtSession,
    private readonly decoder: OrtSession,
    private readonly tokenizer: Tokenizer,
    readonly preprocessing: FormulaPreprocessing,
    readonly generation: FormulaGeneration,
    private readonly shape: DecoderShape | null,
  ) {}

  /** Reads the config files, then the two graphs one after the other (peak memory: one file). */
  static async load(
    files: ModelFiles,
    runtime: OrtRuntime,
    paths: FormulaFiles,
    onProgress?: (progress: LoadProgress) => void,
  ): Promise<FormulaRecognizer> {
    const [config, preprocessor, generationConfig, tokenizerJson, tokenizerConfig] =
      await Promise.all([
        files.json('config.json'),
        files.json('preprocessor_config.json'),
        files.json('generation_config.json', true),
        files.json('tokenizer.json'),
        files.json('tokenizer_config.json', true),
      ]);
    const preprocessing = readPreprocessing(preprocessor);
    const generation = readGeneration(config, generationConfig);
    const tokenizer = new Tokenizer(tokenizerJson as object, (tokenizerConfig ?? {}) as object);
    const progress = { encoder: { loaded: 0, total: 0 }, decoder: { loaded: 0, total: 0 } };
    const report = (part: 'encoder' | 'decoder') => (loaded: number, total: number) => {
      progress[part] = { loaded, total };
      onProgress?.({
        loaded: progress.encoder.loaded + progress.decoder.loaded,
        total: progress.encoder.total + progress.decoder.total,
      });
    };
    const encoder = await runtime.createSession(
      await files.bytes(paths.encoder, report('encoder')),
    );
    let decoder: OrtSession;
    try {
      decoder = await runtime.createSession(await files.bytes(paths.decoder, report('decoder')));
    } catch (error) {
      await encoder.release();
      throw error;
    }
    const cached = decoder.inputNames.some((n) => PAST.test(n));
    return new FormulaRecognizer(
      runtime,
      encoder,
      decoder,
      tokenizer,
      preprocessing,
      generation,
      cached ? readDecoderShape(config) : null,
    );
  }

  async dispose(): Promise<void> {
    await Promise.all([this.encoder.release(), this.decoder.release()]);
  }

  /** Reads one picture of a formula (a crop: the recogniser sees nothing else). */
  async recognize(image: RgbaImage, signal?: AbortSignal): Promise<FormulaReading> {
    const { width, height } = this.preprocessing;
    const pixels = this.runtime.tensor('float32', formulaPixels(image, this.preprocessing), [
      1,
      3,
      height,
      width,
    ]);
    const encoded = await this.encoder.run({
      [this.encoder.inputNames[0] ?? 'pixel_values']: pixels,
    });
    const hidden = encoded.last_hidden_state ?? Object.values(encoded)[0];
    if (!hidden) throw new Error('The formula encoder returned nothing.');
    const steps = this.shape ? this.decodeCached(hidden, signal) : this.decodeWhole(hidden, signal);
    const tokens: number[] = [];
    let logProb = 0;
    let truncated = true;
    for await (const { id, probability } of steps) {
      if (this.generation.eosIds.includes(id)) {
        truncated = false;
        break;
      }
      tokens.push(id);
      logProb += Math.log(Math.max(probability, 1e-12));
      if (tokens.length >= this.generation.maxNewTokens) break;
    }
    const latex = tidyLatex(this.tokenizer.decode(tokens, { skip_special_tokens: true }));
    const confidence = tokens.length === 0 ? 0 : Math.exp(logProb / tokens.length);
    return { latex, confidence: truncated ? confidence * 0.5 : confidence, tokens, truncated };
  }

  /** One token per step; the cache carries the rest. */
  private async *decodeCached(hidden: OrtTensor, signal?: AbortSignal) {
    const shape = this.shape as DecoderShape;
    const names = this.decoder.inputNames;
    let past: Record<string, OrtTensor> = {};
    for (const name of names) {
      if (!PAST.test(name)) continue;
      past[name] = this.runtime.tensor('float32', new Float32Array(0), [
        1,
        shape.heads,
        0,
        shape.headDim,
      ]);
    }
    let last = this.generation.startId;
    for (let step = 0; step <= this.generation.maxNewTokens; step++) {
      if (signal?.aborted) throw abortError();
      const feeds: Record<string, OrtTensor> = {
        input_ids: this.runtime.tensor('int64', BigInt64Array.from([BigInt(last)]), [1, 1]),
        encoder_hidden_states: hidden,
        ...past,
      };
      if (names.includes('use_cache_branch'))
        feeds.use_cache_branch = this.runtime.tensor('bool', [step > 0], [1]);
      this.addEncoderMask(feeds, hidden);
      const out = await this.decoder.run(feeds);
      const next: Record<string, OrtTensor> = {};
      for (const name of Object.keys(past)) {
        const present = out[name.replace('past_key_values', 'present')];
        // After the first step a merged decoder's cross-attention outputs are
        // placeholders: the encoder's keys and values never change, so the
        // first step's are kept (optimum and transformers.js do the same).
        const keep = step > 0 && name.includes('.encoder.');
        next[name] = keep || !present ? (past[name] as OrtTensor) : present;
      }
      past = next;
      const choice = pickLast(out.logits);
      last = choice.id;
      yield choice;
    }
  }

  /** No cache: the whole sequence so far, every step. */
  private async *decodeWhole(hidden: OrtTensor, signal?: AbortSignal) {
    const ids = [this.generation.startId];
    for (let step = 0; step <= this.generation.maxNewTokens; step++) {
      if (signal?.aborted) throw abortError();
      const feeds: Record<string, OrtTensor> = {
        input_ids: this.runtime.tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
        encoder_hidden_states: hidden,
      };
      this.addEncoderMask(feeds, hidden);
      const choice = pickLast((await this.decoder.run(feeds)).logits);
      ids.push(choice.id);
      yield choice;
    }
  }

  private addEncoderMask(feeds: Record<string, OrtTensor>, hidden: OrtTensor): void {
    if (!this.decoder.inputNames.includes('encoder_attention_mask')) return;
    const length = hidden.dims[1] ?? 0;
    feeds.encoder_attention_mask = this.runtime.tensor(
      'int64',
      new BigInt64Array(length).fill(1n),
      [1, length],
    );
  }
}

/** Greedy choice at the last position, with its softmax probability. */
function pickLast(logits: OrtTensor | undefined): { id: number; probability: number } {
  if (!logits) throw new Error('The formula decoder returned no logits.');
  const data = logits.data as Float32Array;
  const vocab = logits.dims.at(-1) ?? 0;
  const offset = data.length - vocab;
  let id = 0;
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < vocab; i++) {
    const v = data[offset + i] ?? Number.NEGATIVE_INFINITY;
    if (v > best) {
      best = v;
      id = i;
    }
  }
  if (!Number.isFinite(best)) throw new Error('The formula decoder produced invalid scores.');
  let sum = 0;
  for (let i = 0; i < vocab; i++) sum += Math.exp((data[offset + i] ?? 0) - best);
  return { id, probability: 1 / sum };
}
