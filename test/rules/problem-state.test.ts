import { describe, expect, it } from 'vitest';
import { expectExactlyTheseMoves } from '../helpers/life-cycle.js';
import { allowedMoves, canMove, INITIAL_STATE, move, PROBLEM_STATES } from '../../server/problems/state.js';

describe('the life of a problem', () => {
  // Written out by hand from server/problems/CONTEXT.md: a merge makes a problem merged, a split
  // makes it open again. Publishing is a flag (published_at), not a state.
  const allowed: Record<string, string[]> = {
    open: ['merged'],
    merged: ['open'],
  };

  it('allows exactly the moves in the table and refuses every other, with a clear message', () => {
    expectExactlyTheseMoves(PROBLEM_STATES, { allowedMoves, canMove, move }, 'A problem', allowed);
  });

  it('starts open, and publishing is no state of its own', () => {
    expect(INITIAL_STATE).toBe('open');
    expect(PROBLEM_STATES).not.toContain('published');
  });
});
