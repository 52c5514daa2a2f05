import { describe, expect, it } from 'vitest';
import { MAX_URL_PROBLEM_CHARS, parseUrlOptions } from './urlParams';

describe('parseUrlOptions', () => {
  it('reads every contract parameter', () => {
    expect(
      parseUrlOptions('?problem=1%2B1&autosolve=1&model=tiny-qwen2&mode=tir&lang=zh&backend=wasm'),
    ).toEqual({
      problem: '1+1',
      autosolve: true,
      model: 'tiny-qwen2',
      mode: 'tir',
      lang: 'zh',
      backend: 'wasm',
      embed: false,
    });
  });

  it('drops unknown values instead of failing', () => {
    expect(parseUrlOptions('?mode=fast&backend=cuda&lang=fr&model=../x&autosolve=0')).toEqual({
      autosolve: false,
      embed: false,
    });
  });

  it('keeps markup in the problem as plain text', () => {
    expect(parseUrlOptions('?problem=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E').problem).toBe(
      '<img src=x onerror=alert(1)>',
    );
  });

  it('ignores a blank problem and cuts an overlong one', () => {
    expect(parseUrlOptions('?problem=%20%20').problem).toBeUndefined();
    const long = 'x'.repeat(MAX_URL_PROBLEM_CHARS + 10);
    expect(parseUrlOptions(`?problem=${long}`).problem).toHaveLength(MAX_URL_PROBLEM_CHARS);
  });
});
