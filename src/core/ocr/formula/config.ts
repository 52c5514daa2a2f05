/**
 * What the formula recogniser needs to know, read from the model's own
 * files (preprocessor_config.json, config.json, generation_config.json), so
 * that another image-to-LaTeX model of the same family works without a code
 * change. Nothing here is a constant of one model.
 */

export type Resample = 'nearest' | 'bilinear' | 'bicubic';

export interface FormulaPreprocessing {
  width: number;
  height: number;
  resample: Resample;
  /** Multiplies 0–255 values (1/255 for most); null when the model takes raw values. */
  rescale: number | null;
  /** Per-channel mean and standard deviation; null when there is no normalisation. */
  mean: [number, number, number] | null;
  std: [number, number, number] | null;
}

export interface FormulaGeneration {
  startId: number;
  eosIds: number[];
  maxNewTokens: number;
}

/** The decoder's attention shape, for the empty cache of the first step. */
export interface DecoderShape {
  heads: number;
  headDim: number;
}

export class FormulaConfigError extends Error {
  override name = 'FormulaConfigError';
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function triple(v: unknown): [number, number, number] | null {
  if (typeof v === 'number') return [v, v, v];
  if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number'))
    return [v[0], v[1], v[2]] as [number, number, number];
  return null;
}

/** PIL's resampling codes, as Hugging Face image processors store them. */
const RESAMPLE: Record<number, Resample> = { 0: 'nearest', 2: 'bilinear', 3: 'bicubic' };

export function readPreprocessing(json: unknown): FormulaPreprocessing {
  if (!isRecord(json)) throw new FormulaConfigError('preprocessor_config.json is not an object.');
  const size = json.size;
  let width: number | undefined;
  let height: number | undefined;
  if (isRecord(size)) {
    width = num(size.width);
    height = num(size.height);
  } else if (num(size) !== undefined) {
    width = num(size);
    height = num(size);
  }
  if (json.do_resize === false || !width || !height)
    throw new FormulaConfigError(
      'preprocessor_config.json must resize to a fixed size ({"size": {"height", "width"}}).',
    );
  const doRescale = json.do_rescale !== false;
  const doNormalize = json.do_normalize !== false;
  const resample = RESAMPLE[num(json.resample) ?? 2];
  if (!resample) throw new FormulaConfigError(`Unsupported resample ${String(json.resample)}.`);
  const mean = doNormalize ? triple(json.image_mean) : null;
  const std = doNormalize ? triple(json.image_std) : null;
  if (doNormalize && (!mean || !std))
    throw new FormulaConfigError(
      'preprocessor_config.json normalises without image_mean/image_std.',
    );
  return {
    width,
    height,
    resample,
    rescale: doRescale ? (num(json.rescale_factor) ?? 1 / 255) : null,
    mean,
    std,
  };
}

/**
 * Start and end tokens and the length limit: generation_config.json first,
 * then config.json (and its decoder part), as transformers does.
 */
export function readGeneration(config: unknown, generation?: unknown): FormulaGeneration {
  const sources = [generation, config, isRecord(config) ? config.decoder : undefined].filter(
    isRecord,
  );
  const first = (key: string): unknown => sources.find((s) => s[key] !== undefined)?.[key];
  const startId = num(first('decoder_start_token_id')) ?? num(first('bos_token_id'));
  const eos = first('eos_token_id');
  const eosIds = Array.isArray(eos) ? eos.filter((e): e is number => typeof e === 'number') : [];
  if (typeof eos === 'number') eosIds.push(eos);
  if (startId === undefined || eosIds.length === 0)
    throw new FormulaConfigError('The model names no decoder start token or end token.');
  const maxNewTokens =
    num(first('max_new_tokens')) ?? Math.max(1, (num(first('max_length')) ?? 256) - 1);
  return { startId, eosIds, maxNewTokens: Math.min(maxNewTokens, 512) };
}

export function readDecoderShape(config: unknown): DecoderShape {
  const decoder = isRecord(config) && isRecord(config.decoder) ? config.decoder : undefined;
  const heads = num(decoder?.decoder_attention_heads) ?? num(decoder?.num_attention_heads);
  const dModel = num(decoder?.d_model) ?? num(decoder?.hidden_size);
  if (!heads || !dModel)
    throw new FormulaConfigError('config.json has no decoder attention heads or d_model.');
  return { heads, headDim: dModel / heads };
}
