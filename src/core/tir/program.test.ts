import { describe, expect, it } from 'vitest';
import { programBlocks, trailingProgram } from './program';

const block = (code: string) => `\`\`\`python\n${code}\n\`\`\``;

describe('trailingProgram', () => {
  it('returns the program a round ends with', () => {
    expect(trailingProgram(`Let us compute.\n\n${block('x = 1\nprint(x)')}`)).toBe(
      'x = 1\nprint(x)',
    );
  });

  it('ignores trailing whitespace, as the evaluation right-strips', () => {
    expect(trailingProgram(`${block('print(2)')}\n \n`)).toBe('print(2)');
  });

  it('takes the last of several programs', () => {
    const text = `${block('a = 1')}\n\`\`\`output\nDone\n\`\`\`\nThen:\n${block('print(a)')}`;
    expect(trailingProgram(text)).toBe('print(a)');
  });

  it('is undefined when prose follows the program', () => {
    expect(trailingProgram(`${block('print(1)')}\nSo the answer is 1.`)).toBeUndefined();
  });

  it('is undefined when the text ends with an output block or another fence', () => {
    expect(trailingProgram(`${block('print(1)')}\n\`\`\`output\n1\n\`\`\``)).toBeUndefined();
    expect(trailingProgram('```latex\nx^2\n```')).toBeUndefined();
    expect(trailingProgram('```')).toBeUndefined();
  });

  it('accepts ```py and ```python3 openers', () => {
    expect(trailingProgram('```py\nprint(1)\n```')).toBe('print(1)');
    expect(trailingProgram('```python3\nprint(1)\n```')).toBe('print(1)');
  });
});

describe('programBlocks', () => {
  it('skips other fenced blocks whole, even when they contain ```python lines', () => {
    const text = '````markdown\n```python\nnot code\n````\n```\n```python\nreal()\n```';
    expect(programBlocks(text).map((b) => b.code)).toEqual(['real()']);
  });
});
