import { describe, expect, it } from 'vitest';
import { expectExactlyTheseMoves } from '../helpers/life-cycle.js';
import { allowedMoves, canMove, move, PUBLIC_STATES, RECTIFICATION_STATES, startsNewRound } from '../../server/rectifications/state.js';

describe('the life of a rectification', () => {
  // Written out by hand from PRODUCT.md's "The life of a rectification".
  const allowed: Record<string, string[]> = {
    draft: ['committed'],
    committed: ['in_progress'],
    in_progress: ['reported_done'],
    reported_done: ['under_review'],
    under_review: ['passed', 'failed'],
    failed: ['in_progress'],
    passed: ['confirmed', 'relapsed'],
    confirmed: ['relapsed'],
    relapsed: ['in_progress'],
  };

  it('allows exactly the moves in the table and refuses every other, with a clear message', () => {
    expectExactlyTheseMoves(RECTIFICATION_STATES, { allowedMoves, canMove, move }, 'A rectification', allowed);
  });

  it('never returns to draft, and a passed rectification is never failed', () => {
    for (const from of RECTIFICATION_STATES) expect(canMove(from, 'draft')).toBe(false);
    expect(canMove('passed', 'failed')).toBe(false);
    expect(canMove('confirmed', 'failed')).toBe(false);
  });

  it('starts a new round only after a failed round or a relapse', () => {
    expect(startsNewRound('failed', 'in_progress')).toBe(true);
    expect(startsNewRound('relapsed', 'in_progress')).toBe(true);
    expect(startsNewRound('committed', 'in_progress')).toBe(false);
  });

  it('is public from the moment of commitment', () => {
    expect(PUBLIC_STATES).not.toContain('draft');
    expect(PUBLIC_STATES).toContain('committed');
  });
});
