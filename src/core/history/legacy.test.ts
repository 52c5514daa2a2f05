import { describe, expect, it } from 'vitest';
import { LIMITS } from './entry';
import { migrateLegacy } from './legacy';

// What src/app/history.ts wrote to localStorage before IndexedDB.
const old = [
  {
    id: 'a',
    problem: 'What is 2+2?',
    modelId: 'qwen2',
    text: '$\\boxed{4}$',
    answerLatex: '4',
    at: 2,
  },
  { id: 'b', problem: 'No answer', modelId: 'qwen2', text: 'stopped', at: 1 },
];

describe('the localStorage history', () => {
  it('becomes entries typed and solved in full', () => {
    expect(migrateLegacy(JSON.stringify(old))).toEqual([
      { ...old[0], source: 'typed', help: 'full' },
      { ...old[1], source: 'typed', help: 'full' },
    ]);
  });

  it('is empty when absent or unreadable', () => {
    for (const raw of [null, '', 'not json', '{}', '"x"']) expect(migrateLegacy(raw)).toEqual([]);
  });

  it('keeps the good entries when some are broken, and caps long texts', () => {
    const raw = JSON.stringify([
      null,
      { id: 'x' },
      { ...old[0], at: 'yesterday' },
      { ...old[1], modelId: undefined, text: 'y'.repeat(LIMITS.text + 1) },
    ]);
    const [entry, ...rest] = migrateLegacy(raw);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ id: 'b', modelId: '' });
    expect(entry?.text.length).toBe(LIMITS.text);
  });
});
