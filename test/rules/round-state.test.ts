import { describe, expect, it } from 'vitest';
import { expectExactlyTheseMoves } from '../helpers/life-cycle.js';
import { allowedMoves, canMove, move, ROUND_STATES } from '../../server/evaluations/state.js';

describe('the life of an evaluation round', () => {
  // Written out by hand from PRODUCT.md ("Results stay hidden until the round closes") and the
  // round pages: a coordinator (or the closing job) closes an open round, once. PASS, REDO and
  // NO_QUORUM are what a closed round found, not states of their own.
  const allowed: Record<string, string[]> = {
    open: ['closed'],
    closed: [],
  };

  it('allows exactly the moves in the table and refuses every other, with a clear message', () => {
    expectExactlyTheseMoves(ROUND_STATES, { allowedMoves, canMove, move }, 'An evaluation round', allowed);
  });

  it('never opens again once closed', () => {
    expect(canMove('closed', 'open')).toBe(false);
    expect(canMove('closed', 'closed')).toBe(false);
  });
});
