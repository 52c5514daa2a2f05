import { describe, expect, it } from 'vitest';
import { agreementOf } from './agreement';
import { mathEqual } from './equal';

const solution = (answer: string) => `Some steps.\n\nSo the answer is $\\boxed{${answer}}$.`;
const equal = (a: string, b: string) => mathEqual(a, b);

describe('agreementOf', () => {
  it('counts equal answers written differently as agreeing', async () => {
    const result = await agreementOf(
      [solution('\\frac{1}{2}'), solution('0.5'), solution('\\dfrac12'), solution('1/2')],
      equal,
    );
    expect(result).toMatchObject({ agree: 4, total: 4, others: [] });
    expect(result.majority).toBeUndefined();
  });

  it('names the other answers, and a majority that is not the answer shown', async () => {
    const result = await agreementOf(
      [solution('7'), solution('8'), solution('8'), solution('7'), solution('8')],
      equal,
    );
    expect(result).toMatchObject({ agree: 2, total: 5, majority: { answer: '8', count: 3 } });
    expect(result.others).toEqual(['8']);
  });

  it('does not let solutions without an answer agree with each other', async () => {
    const result = await agreementOf(['No box here.', 'Nor here.', solution('3')], equal);
    expect(result.agree).toBe(0);
  });
});
