import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from './test-configs';
import { copyTokenizer, idsForPieces, QWEN2_CHAT_TEMPLATE, writeTestTokenizer } from './tokenizer';

afterAll(removeTempDirs);

describe('tokenizer files', () => {
  it('moves a separate chat_template.jinja into tokenizer_config.json', () => {
    const from = tempDir('tok-from');
    const out = tempDir('tok-out');
    writeTestTokenizer(from, 4096);
    const config = JSON.parse(readFileSync(path.join(from, 'tokenizer_config.json'), 'utf8'));
    delete config.chat_template;
    writeFileSync(path.join(from, 'tokenizer_config.json'), JSON.stringify(config));
    writeFileSync(path.join(from, 'chat_template.jinja'), QWEN2_CHAT_TEMPLATE);
    copyTokenizer(from, out);
    const copied = JSON.parse(readFileSync(path.join(out, 'tokenizer_config.json'), 'utf8'));
    expect(copied.chat_template).toBe(QWEN2_CHAT_TEMPLATE);
    expect(copied.eos_token).toBe('<|im_end|>');
  });

  it('refuses a checkpoint without a chat template or without tokenizer.json', () => {
    const from = tempDir('tok-none');
    expect(() => copyTokenizer(from, tempDir('tok-out'))).toThrow(/no tokenizer\.json/);
    writeFileSync(path.join(from, 'tokenizer.json'), '{}');
    expect(() => copyTokenizer(from, tempDir('tok-out'))).toThrow(/no chat template/);
  });

  it('spells explicit token splits with byte-level vocabulary ids', () => {
    expect(idsForPieces(['\n', '\n\n', ' $', 'Adding'])).toEqual([198, 271, 400, 32308]);
    expect(() => idsForPieces(['\\boxed'])).toThrow(/not a single token/);
  });
});
