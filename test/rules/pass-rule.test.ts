// The pass rule at its edges: exactly 80%, one vote either side, all unable to judge, zero
// votes, the quorum exactly met and missed by one.
import { describe, expect, it } from 'vitest';
import {
  emptyCounts,
  quorumMet,
  rateTenths,
  tally,
  type Counts,
  type RoundRules,
} from '../../server/evaluations/tally.js';

const rules = (o: Partial<RoundRules> = {}): RoundRules => ({
  threshold: 80,
  quorumNumerator: 2,
  quorumDenominator: 3,
  issued: 30,
  ...o,
});
const counts = (s: number, b: number, d: number, u = 0): Counts => ({
  satisfied: s,
  basically_satisfied: b,
  dissatisfied: d,
  unable_to_judge: u,
});

describe('the pass rule', () => {
  it('passes at exactly 80%, and fails one vote below', () => {
    expect(tally(counts(10, 6, 4), rules()).outcome).toBe('PASS'); // 16/20 = 80%
    expect(tally(counts(10, 5, 5), rules()).outcome).toBe('REDO'); // 15/20 = 75%
    // One vote either side of the line, with a denominator where 80% is not a whole vote.
    expect(tally(counts(17, 0, 4), rules({ issued: 21 })).outcome).toBe('PASS'); // 17/21 = 80.95%
    expect(tally(counts(16, 0, 5), rules({ issued: 21 })).outcome).toBe('REDO'); // 16/21 = 76.19%
    expect(tally(counts(4, 0, 1), rules({ issued: 5 })).outcome).toBe('PASS'); // 4/5 = 80% exactly
    expect(tally(counts(3, 1, 1), rules({ issued: 5 })).outcome).toBe('PASS');
    expect(tally(counts(3, 0, 1, 1), rules({ issued: 5 })).outcome).toBe('REDO'); // 3/4 = 75%
  });

  it('never uses floating point: a threshold that floats get wrong is still exact', () => {
    // 0.29 * 100 = 28.999999999999996 in floating point; the integer rule says 29/100 ≥ 29%.
    expect(tally(counts(29, 0, 71), rules({ threshold: 29, issued: 100 })).outcome).toBe('PASS');
    expect(tally(counts(28, 0, 72), rules({ threshold: 29, issued: 100 })).outcome).toBe('REDO');
    expect(tally(counts(57, 0, 43), rules({ threshold: 57, issued: 100 })).outcome).toBe('PASS');
  });

  it('shows unable to judge but leaves it out of the denominator', () => {
    const t = tally(counts(8, 0, 2, 10), rules({ issued: 20 }));
    expect(t).toMatchObject({
      cast: 20,
      valid: 10,
      favourable: 8,
      rate: { numerator: 8, denominator: 10 },
      outcome: 'PASS',
    });
    expect(t.counts.unable_to_judge).toBe(10);
    expect(rateTenths(t)).toBe(800);
  });

  it('all unable to judge: the quorum is met but there is no rate, so the round decides nothing', () => {
    const t = tally(counts(0, 0, 0, 20), rules({ issued: 20 }));
    expect(t).toMatchObject({ quorumMet: true, valid: 0, rate: null, outcome: 'NO_QUORUM' });
    expect(rateTenths(t)).toBeNull();
  });

  it('zero votes: no quorum (unless nothing was issued and the quorum is zero)', () => {
    expect(tally(emptyCounts(), rules()).outcome).toBe('NO_QUORUM');
    expect(tally(emptyCounts(), rules({ quorumNumerator: 0 })).outcome).toBe('NO_QUORUM');
  });

  it('the quorum exactly met passes the gate; missed by one it does not', () => {
    // Two thirds of 30 issued is 20 cast.
    expect(quorumMet(20, rules())).toBe(true);
    expect(quorumMet(19, rules())).toBe(false);
    expect(tally(counts(20, 0, 0), rules()).outcome).toBe('PASS');
    expect(tally(counts(19, 0, 0), rules()).outcome).toBe('NO_QUORUM');
    // Two thirds of 10 is 6.67: 7 cast is the least that meets it.
    expect(quorumMet(7, rules({ issued: 10 }))).toBe(true);
    expect(quorumMet(6, rules({ issued: 10 }))).toBe(false);
    // Unable-to-judge ballots count towards turnout.
    expect(tally(counts(0, 0, 0, 20), rules()).quorumMet).toBe(true);
  });

  it('refuses counts and rules that are not whole numbers in range', () => {
    expect(() => tally(counts(-1, 0, 0), rules())).toThrow(RangeError);
    expect(() => tally(counts(1.5, 0, 0), rules())).toThrow(RangeError);
    expect(() => tally(counts(1, 0, 0), rules({ threshold: 0 }))).toThrow(RangeError);
    expect(() => tally(counts(1, 0, 0), rules({ threshold: 101 }))).toThrow(RangeError);
    expect(() => tally(counts(1, 0, 0), rules({ quorumDenominator: 0 }))).toThrow(RangeError);
  });
});
