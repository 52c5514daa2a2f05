import { describe, expect, it } from 'vitest';
import { fold, searchEntries } from './search';
import { sampleEntry } from './test-entries';

const entries = [
  sampleEntry(1, { problem: 'Résoudre l’équation $x^2 = 4$', text: 'On trouve $\\boxed{2}$.' }),
  sampleEntry(2, { problem: 'A train leaves at 3 pm', answerLatex: '\\frac{7}{2}' }),
  sampleEntry(3, { problem: '解方程 ２x＝６', text: 'Divide both sides by two.' }),
];
const ids = (query: string) => searchEntries(entries, query).map((e) => e.id);

describe('searching the history', () => {
  it('matches the problem, the answer and the solution', () => {
    expect(ids('train')).toEqual(['id-2']);
    expect(ids('\\frac{7}')).toEqual(['id-2']);
    expect(ids('both sides')).toEqual(['id-3']);
  });

  it('ignores case, accents and full-width forms', () => {
    expect(ids('EQUATION')).toEqual(['id-1']);
    expect(ids('résoudre')).toEqual(['id-1']);
    expect(ids('2x=6')).toEqual(['id-3']);
    expect(ids('方程')).toEqual(['id-3']);
  });

  it('needs every word, in any order', () => {
    expect(ids('leaves train')).toEqual(['id-2']);
    expect(ids('train sides')).toEqual([]);
  });

  it('an empty query finds everything, in the given order', () => {
    expect(ids('  ')).toEqual(['id-1', 'id-2', 'id-3']);
  });

  it('folds text to compare', () => {
    expect(fold('  Ça  VA\n bien ')).toBe('ca va bien');
  });
});
