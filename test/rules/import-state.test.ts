import { describe, expect, it } from 'vitest';
import { expectExactlyTheseMoves } from '../helpers/life-cycle.js';
import { allowedMoves, canMove, IMPORT_STATES, INITIAL_STATE, move } from '../../server/imports/state.js';

describe('the life of an import', () => {
  // Written out by hand from server/imports/CONTEXT.md: previewed (checked, nothing in yet), then
  // imported or discarded, and nothing after either.
  const allowed: Record<string, string[]> = {
    previewed: ['imported', 'discarded'],
    imported: [],
    discarded: [],
  };

  it('allows exactly the moves in the table and refuses every other, with a clear message', () => {
    expectExactlyTheseMoves(IMPORT_STATES, { allowedMoves, canMove, move }, 'An import', allowed);
  });

  it('starts previewed, and an imported or discarded import never moves again', () => {
    expect(INITIAL_STATE).toBe('previewed');
    expect(allowedMoves('imported')).toEqual([]);
    expect(allowedMoves('discarded')).toEqual([]);
  });
});
