import { describe, expect, it } from 'vitest';
import { cutAtStop, findStop, RoundStream } from './stream';

function feed(pieces: string[], stops = ['```output']) {
  const shown: string[] = [];
  const stream = new RoundStream(stops, (d) => shown.push(d));
  for (const piece of pieces) stream.push(piece);
  return { shown, stream };
}

describe('RoundStream', () => {
  it('never shows any part of a stop string, even split across pieces', () => {
    const text = 'print(1)\n```\n```output\n1\n```';
    const { shown, stream } = feed(Array.from(text));
    expect(shown.join('')).toBe('print(1)\n```');
    expect(stream.finish('print(1)\n```')).toBe(true);
    expect(shown.join('')).toBe('print(1)\n```');
  });

  it('holds back a tail that could start a stop string until it cannot', () => {
    const { shown } = feed(['a ``', '`o']);
    expect(shown.join('')).toBe('a');
    const more = feed(['a ``', '`x']);
    expect(more.shown.join('')).toBe('a ```x');
  });

  it('holds back trailing whitespace, which the round may strip', () => {
    const { shown, stream } = feed(['x = 1  \n', '\n']);
    expect(shown.join('')).toBe('x = 1');
    expect(stream.finish('x = 1')).toBe(true);
    expect(shown.join('')).toBe('x = 1');
  });

  it('shows the rest of the final text on finish', () => {
    const { shown, stream } = feed(['The answer ']);
    expect(stream.finish('The answer is 4.')).toBe(true);
    expect(shown.join('')).toBe('The answer is 4.');
  });

  it('reports streamed pieces that disagree with the final text', () => {
    const { stream } = feed(['abc']);
    expect(stream.finish('abd')).toBe(false);
  });

  it('handles several stop strings', () => {
    const { shown } = feed(['one\n\n-', '--two'], ['```output', '\n\n---']);
    expect(shown.join('')).toBe('one');
  });
});

describe('stop helpers', () => {
  it('finds the earliest stop string', () => {
    expect(findStop('a---b```output', ['```output', '---'])).toBe(1);
    expect(cutAtStop('abc```output\nx', ['```output'])).toBe('abc');
    expect(cutAtStop('abc', ['```output'])).toBe('abc');
  });
});
