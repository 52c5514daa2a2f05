import { beforeAll, describe, expect, it } from 'vitest';
import { mathEqual, mathEqualSync } from './equal';
import { loadComputeEngineJudge, type SyncSymbolicJudge } from './symbolic';
import { bestByReward, majorityByString, majorityVote, majorityVoteSync } from './vote';

let symbolic: SyncSymbolicJudge;
beforeAll(async () => {
  symbolic = await loadComputeEngineJudge();
});
const equal = (a: string, b: string) => mathEqualSync(a, b, { symbolic });

describe('majorityVote', () => {
  it('votes over clusters of equal answers, not strings', () => {
    const vote = majorityVoteSync(['\\frac{1}{2}', '3', '0.5', '3', '\\frac{2}{4}'], equal);
    expect(vote).toMatchObject({ answer: '\\frac{1}{2}', index: 0, count: 3, share: 0.6 });
    expect(vote?.clusters).toEqual([
      [0, 2, 4],
      [1, 3],
    ]);
  });

  it('breaks a tie for the group that formed first', () => {
    expect(majorityVoteSync(['2', '1', '1', '2'], equal)?.answer).toBe('2');
  });

  it('counts empty answers unless told not to', () => {
    expect(majorityVoteSync(['', '', '7'], equal)?.answer).toBe('');
    expect(majorityVoteSync(['', '', '7'], equal, { skipEmpty: true })).toMatchObject({
      answer: '7',
      share: 1,
    });
    expect(majorityVoteSync([], equal)).toBeUndefined();
  });

  it('works with an async equality', async () => {
    const vote = await majorityVote(['0.25', '\\frac{1}{4}', '4'], (a, b) => mathEqual(a, b));
    expect(vote).toMatchObject({ answer: '0.25', count: 2 });
  });
});

describe('official helpers', () => {
  it('majorityByString groups identical strings only', () => {
    expect(majorityByString(['0.5', '\\frac{1}{2}', '3', '3'])).toBe(2);
    expect(majorityByString(['b', 'a', 'a', 'b'])).toBe(0);
  });

  it('bestByReward takes the first highest score', () => {
    expect(bestByReward([0.1, 2.5, -1, 2.5])).toBe(1);
    expect(bestByReward([])).toBeUndefined();
  });
});
