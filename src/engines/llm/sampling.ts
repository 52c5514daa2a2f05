import {
  LogitsProcessor,
  LogitsProcessorList,
  random,
  type Tensor,
} from '@huggingface/transformers';
import { AppError } from '../../core/errors';
import type { Sampling } from './protocol';

/**
 * Temperature and nucleus (top-p) sampling as vLLM runs Qwen's maj@k
 * evaluation, top-k off. transformers.js 4.3 cannot do this itself: its top-p
 * warper is a stub, its sampler applies top_k (50 by default, 20 from Qwen's
 * generation_config) and draws from a global unseeded generator. So this
 * processor draws the token with its own seeded generator and leaves only that
 * token finite; the greedy step that follows takes it.
 *
 * In a batch (several samples of one prompt) row r draws from a generator
 * seeded with seed + r, so row r's draws are those of a single generation
 * with that seed; a row marked finished gets `padToken` instead of a draw.
 */
export class NucleusSampler extends LogitsProcessor {
  private readonly rngs: InstanceType<typeof random.Random>[];

  constructor(
    private readonly sampling: Sampling,
    rows = 1,
    private readonly finished?: { rows: readonly boolean[]; padToken: number },
  ) {
    super();
    const { temperature, topP } = sampling;
    if (!(temperature > 0 && Number.isFinite(temperature)) || !(topP > 0 && topP <= 1)) {
      throw new AppError('internal', {
        details: `Sampling needs a temperature above 0 and a top-p in (0, 1] (got ${temperature}, ${topP}).`,
      });
    }
    const seed = sampling.seed;
    this.rngs = Array.from(
      { length: rows },
      (_, row) => new random.Random(seed === undefined ? undefined : seed + row),
    );
  }

  override _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    const data = logits.data as Float32Array;
    const vocab = logits.dims.at(-1) ?? data.length;
    for (let row = 0; row * vocab + vocab <= data.length; row++) {
      const scores = data.subarray(row * vocab, row * vocab + vocab);
      const token = this.finished?.rows[row]
        ? this.finished.padToken
        : sampleNucleus(scores, this.sampling, (this.rngs[row] ?? this.rngs[0])?.random() ?? 0);
      scores.fill(Number.NEGATIVE_INFINITY);
      scores[token] = 0;
    }
    return logits;
  }
}

/**
 * Watches the scores of every step for NaN or infinity (what a 16-bit build
 * that overflows gives) and changes nothing. -Infinity is a masked token, so
 * only NaN and +Infinity count as broken.
 */
export class FiniteLogits extends LogitsProcessor {
  finite = true;

  override _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    if (!this.finite) return logits;
    const data = logits.data as Float32Array;
    for (let i = 0; i < data.length; i++) {
      const x = data[i] as number;
      if (Number.isNaN(x) || x === Number.POSITIVE_INFINITY) {
        this.finite = false;
        break;
      }
    }
    return logits;
  }
}

/** Qwen's defaults, for a checkpoint whose generation_config.json names none. */
const QWEN_SAMPLING = { temperature: 0.7, topP: 0.8 };

/** The checkpoint's own temperature and top-p (generation_config.json), for voting. */
export function samplingOf(model: { generation_config?: unknown }): {
  temperature: number;
  topP: number;
} {
  const config = (model.generation_config ?? {}) as { temperature?: unknown; top_p?: unknown };
  const temperature =
    typeof config.temperature === 'number' && config.temperature > 0
      ? config.temperature
      : QWEN_SAMPLING.temperature;
  const topP =
    typeof config.top_p === 'number' && config.top_p > 0 && config.top_p <= 1
      ? config.top_p
      : QWEN_SAMPLING.topP;
  return { temperature, topP };
}

export function processorList(processor: LogitsProcessor): LogitsProcessorList {
  const list = new LogitsProcessorList();
  list.push(processor);
  return list;
}

/** Nucleus bookkeeping: probabilities grouped by how many nats below the top they are. */
const BINS_PER_NAT = 16;
const BINS = BINS_PER_NAT * 40;

/**
 * One draw from softmax(logits / temperature) restricted to its nucleus: the
 * fewest most-likely tokens whose probabilities reach topP. `u` is uniform in
 * [0, 1); the nucleus is walked from the most likely bin down, so a small `u`
 * gives a most likely token. Sorting 151,936 scores per token would cost more
 * than a tiny model's forward pass when the distribution is flat, so tokens
 * are binned by log-probability first and only the bin where the nucleus ends
 * is sorted.
 */
export function sampleNucleus(
  logits: ArrayLike<number>,
  { temperature, topP }: Pick<Sampling, 'temperature' | 'topP'>,
  u: number,
): number {
  const n = logits.length;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) if ((logits[i] as number) > max) max = logits[i] as number;
  const weights = new Float64Array(n);
  const bins = new Uint16Array(n);
  const binMass = new Float64Array(BINS);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const nats = (max - (logits[i] as number)) / temperature;
    const w = Math.exp(-nats);
    const bin = Math.min(BINS - 1, Math.floor(nats * BINS_PER_NAT));
    weights[i] = w;
    bins[i] = bin;
    binMass[bin] = (binMass[bin] as number) + w;
    total += w;
  }
  const target = topP >= 1 ? total : topP * total;
  let last = 0;
  let before = 0;
  while (last < BINS - 1 && before + (binMass[last] as number) < target) {
    before += binMass[last] as number;
    last++;
  }
  // Every token of the bins before `last` is in; of bin `last`, the most likely until topP.
  const edge: number[] = [];
  for (let i = 0; i < n; i++) if (bins[i] === last) edge.push(i);
  edge.sort((a, b) => (weights[b] as number) - (weights[a] as number) || a - b);
  let mass = before;
  let cut = 0;
  while (cut < edge.length && (cut === 0 || mass < target)) {
    mass += weights[edge[cut++] as number] as number;
  }

  // Find the bin the draw lands in, then the token within it.
  let x = u * mass;
  for (let bin = 0; bin < last; bin++) {
    const m = binMass[bin] as number;
    if (x >= m) {
      x -= m;
      continue;
    }
    let chosen = -1;
    for (let i = 0; i < n; i++) {
      if (bins[i] !== bin) continue;
      chosen = i;
      x -= weights[i] as number;
      if (x < 0) return i;
    }
    return chosen;
  }
  for (let k = 0; k < cut; k++) {
    x -= weights[edge[k] as number] as number;
    if (x < 0) return edge[k] as number;
  }
  return edge[Math.max(0, cut - 1)] ?? 0;
}
