// The pass rule, exactly as PRODUCT.md states it, in integers. Nothing else in the portal decides
// whether a rectification passes.
//
//   rate = (satisfied + basically satisfied) / (satisfied + basically satisfied + dissatisfied)
//
// "Unable to judge" is counted and shown, never in the denominator. A round passes when it has
// its quorum and rate ≥ threshold: 100·(s + b) ≥ threshold·(s + b + d), so exactly 80% passes
// and no floating point is involved.
import { tenthsOf } from '../shared/percent.js';

export const CHOICES = ['satisfied', 'basically_satisfied', 'dissatisfied', 'unable_to_judge'] as const;
export type Choice = (typeof CHOICES)[number];

export type Counts = Record<Choice, number>;

export interface RoundRules {
  /** Whole percent, 1..100 (the campaign's, frozen into the round). */
  threshold: number;
  /** The quorum: at least numerator/denominator of the ballots issued must be cast. */
  quorumNumerator: number;
  quorumDenominator: number;
  /** Ballots issued for the round (codes given out, paper slips counted in). */
  issued: number;
}

export type Outcome = 'PASS' | 'REDO' | 'NO_QUORUM';

export interface Tally {
  counts: Counts;
  /** Every ballot cast, unable-to-judge included. */
  cast: number;
  /** satisfied + basically satisfied + dissatisfied: the denominator. */
  valid: number;
  /** satisfied + basically satisfied. */
  favourable: number;
  quorumMet: boolean;
  /** The rate as an exact fraction; null when there is no valid vote. */
  rate: { numerator: number; denominator: number } | null;
  outcome: Outcome;
}

const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

export function emptyCounts(): Counts {
  return { satisfied: 0, basically_satisfied: 0, dissatisfied: 0, unable_to_judge: 0 };
}

/** The quorum: cast · denominator ≥ issued · numerator (in integers). */
export function quorumMet(
  cast: number,
  rules: Pick<RoundRules, 'quorumNumerator' | 'quorumDenominator' | 'issued'>,
): boolean {
  return cast * rules.quorumDenominator >= rules.issued * rules.quorumNumerator;
}

export function tally(counts: Counts, rules: RoundRules): Tally {
  for (const c of CHOICES) if (!isCount(counts[c])) throw new RangeError(`count of ${c} must be a whole number ≥ 0`);
  if (!Number.isInteger(rules.threshold) || rules.threshold < 1 || rules.threshold > 100)
    throw new RangeError('threshold must be 1..100');
  if (
    !isCount(rules.issued) ||
    !isCount(rules.quorumNumerator) ||
    !Number.isSafeInteger(rules.quorumDenominator) ||
    rules.quorumDenominator < 1
  ) {
    throw new RangeError('quorum terms must be whole numbers, the denominator at least 1');
  }
  const favourable = counts.satisfied + counts.basically_satisfied;
  const valid = favourable + counts.dissatisfied;
  const cast = valid + counts.unable_to_judge;
  const met = quorumMet(cast, rules);
  let outcome: Outcome;
  // With no valid vote (all unable to judge, or none) there is no rate, neither at the line nor
  // below it: the round decides nothing, as without a quorum, and a new round is held.
  if (!met || valid === 0) outcome = 'NO_QUORUM';
  else outcome = 100 * favourable >= rules.threshold * valid ? 'PASS' : 'REDO';
  return {
    counts: { ...counts },
    cast,
    valid,
    favourable,
    quorumMet: met,
    rate: valid > 0 ? { numerator: favourable, denominator: valid } : null,
    outcome,
  };
}

/** The rate in whole tenths of a percent, rounded as every share is (shared/percent.ts), for display only (never for deciding). */
export function rateTenths(t: Pick<Tally, 'rate'>): number | null {
  return t.rate ? tenthsOf(t.rate.numerator, t.rate.denominator) : null;
}
