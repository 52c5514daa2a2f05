import { ComputeEngine } from '@cortex-js/compute-engine';
import { describe, expect, it } from 'vitest';
import {
  computeEngineJudge,
  firstDecided,
  loadComputeEngineJudge,
  type SymbolicJudge,
} from './symbolic';

describe('computeEngineJudge', () => {
  const judge = computeEngineJudge(new ComputeEngine());

  it('decides numbers with the official 1e-4 relative tolerance', () => {
    expect(judge.equal('\\frac{1}{3}', '0.33333')).toBe(true);
    expect(judge.equal('\\frac{1}{3}', '0.333')).toBe(false);
    expect(judge.equal('\\sqrt{2}', '1.41421')).toBe(true);
    expect(judge.equal('e^{i\\pi}', '-1')).toBe(true);
  });

  it('decides expressions in unknowns by simplifying, then at sample points', () => {
    expect(judge.equal('\\sin^2 x+\\cos^2 x', '1')).toBe(true);
    expect(judge.equal('\\frac{x^2-1}{x-1}', 'x+1')).toBe(true);
    expect(judge.equal('x^2', 'x^3')).toBe(false);
  });

  it('compares equations up to sign', () => {
    expect(judge.equal('y=2x', '2x-y=0')).toBe(true);
    expect(judge.equal('y=2x', 'y=3x')).toBe(false);
    expect(judge.equal('y=2x', '2x')).toBe(false);
  });

  it('compares tuples element-wise', () => {
    expect(judge.equal('(1,\\frac{1}{2})', '(1,0.5)')).toBe(true);
    expect(judge.equal('(1,2)', '(1,2,3)')).toBe(false);
  });

  it("can't tell about what it cannot parse", () => {
    expect(judge.equal('\\frac{1', '2')).toBeUndefined();
    expect(judge.equal('10{,}000', '10000')).toBeUndefined();
  });

  it('reads a number before \\frac as a product by default, or as a mixed number', () => {
    const mixed = computeEngineJudge(new ComputeEngine(), { mixedNumbers: 'sum' });
    expect(judge.equal('1\\frac{1}{4}', '1.25')).toBe(false);
    expect(judge.equal('1\\frac{1}{4}', '0.25')).toBe(true);
    expect(mixed.equal('1\\frac{1}{4}', '1.25')).toBe(true);
  });

  it('gives up when out of time', () => {
    const hurried = computeEngineJudge(new ComputeEngine(), { timeLimitMs: -1 });
    expect(hurried.equal('x+1', '1+x')).toBeUndefined();
    expect(hurried.equal('same', 'same')).toBe(true);
  });
});

describe('firstDecided', () => {
  it('asks the next judge only when the one before cannot tell', async () => {
    const asked: string[] = [];
    const judgeSaying = (name: string, verdict: boolean | undefined): SymbolicJudge => ({
      equal: async () => {
        asked.push(name);
        return verdict;
      },
    });
    const unsure = judgeSaying('unsure', undefined);
    const sure = judgeSaying('sure', false);
    const never = judgeSaying('never', true);
    expect(await firstDecided(unsure, sure, never).equal('a', 'b')).toBe(false);
    expect(asked).toEqual(['unsure', 'sure']);
  });

  it('loads compute-engine lazily', async () => {
    const judge = await loadComputeEngineJudge();
    expect(judge.equal('\\frac{1}{2}', '0.5')).toBe(true);
  });
});
