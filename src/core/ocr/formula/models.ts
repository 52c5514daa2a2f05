/**
 * Formula recognisers the app can use, declared like the LLMs: a built-in
 * default (Pix2Text MFR from the Hugging Face Hub) and any entry of
 * models.json with `"task": "formula"`, which a school uses to host the
 * model itself, or a test to add tiny-formula. The first formula entry of
 * models.json is used when there is one, else the built-in.
 */
import { DEFAULT_HUB_HOST } from '../../registry';

export interface FormulaModelEntry {
  id: string;
  name: string;
  /** Exactly one of hubRepo / baseUrl, as for the LLMs. */
  hubRepo?: string;
  baseUrl?: string;
  /** Paths of the two graphs inside the folder. */
  encoder: string;
  decoder: string;
  /** Total download in bytes when known; otherwise the app asks the server before downloading. */
  bytes?: number;
  licence?: string;
}

export const PIX2TEXT_MFR: FormulaModelEntry = {
  id: 'pix2text-mfr',
  name: 'Pix2Text MFR',
  hubRepo: 'breezedeus/pix2text-mfr',
  // The repository's own layout: optimum's export with a cache-free decoder.
  encoder: 'encoder_model.onnx',
  decoder: 'decoder_model.onnx',
  licence: 'MIT',
};

export function builtinFormulaModels(): FormulaModelEntry[] {
  return [PIX2TEXT_MFR];
}

/** The config and tokenizer files every formula model folder has. */
export const FORMULA_CONFIG_FILES = [
  'config.json',
  'preprocessor_config.json',
  'generation_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
] as const;

export function formulaFolderUrl(entry: FormulaModelEntry, hubHost = DEFAULT_HUB_HOST): string {
  if (entry.baseUrl) return entry.baseUrl.endsWith('/') ? entry.baseUrl : `${entry.baseUrl}/`;
  if (!entry.hubRepo) throw new Error(`Formula model ${entry.id} has neither baseUrl nor hubRepo.`);
  const host = hubHost.endsWith('/') ? hubHost : `${hubHost}/`;
  return `${host}${entry.hubRepo}/resolve/main/`;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function isFormulaEntry(raw: unknown): boolean {
  return isRecord(raw) && raw.task === 'formula';
}

/**
 * The formula entries of a models.json document; others are the LLM
 * registry's. A malformed formula entry is skipped (the tutor still works
 * without formulas), never fatal.
 */
export function parseFormulaEntries(json: unknown, manifestUrl: string): FormulaModelEntry[] {
  if (!isRecord(json) || !Array.isArray(json.models)) return [];
  const out: FormulaModelEntry[] = [];
  for (const raw of json.models) {
    if (!isFormulaEntry(raw) || !isRecord(raw)) continue;
    const { id, name, hubRepo, baseUrl, encoder, decoder, bytes, licence } = raw;
    if (typeof id !== 'string' || !/^[\w.-]+$/.test(id)) continue;
    if ((typeof hubRepo === 'string') === (typeof baseUrl === 'string')) continue;
    out.push({
      id,
      name: typeof name === 'string' ? name : id,
      ...(typeof hubRepo === 'string' ? { hubRepo } : {}),
      ...(typeof baseUrl === 'string'
        ? { baseUrl: new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`, manifestUrl).href }
        : {}),
      encoder: typeof encoder === 'string' ? encoder : 'onnx/encoder_model.onnx',
      decoder: typeof decoder === 'string' ? decoder : 'onnx/decoder_model_merged.onnx',
      ...(typeof bytes === 'number' && bytes > 0 ? { bytes } : {}),
      ...(typeof licence === 'string' ? { licence } : {}),
    });
  }
  return out;
}

/**
 * The recogniser to use: the deployment's own (models.json) first, else the
 * built-in from the Hub, unless models.json says `"hub": false` (nothing may
 * leave the school's network): then none.
 */
export function chooseFormulaModel(
  fromManifest: FormulaModelEntry[],
  hubAllowed = true,
): FormulaModelEntry | null {
  return fromManifest[0] ?? (hubAllowed ? PIX2TEXT_MFR : null);
}
