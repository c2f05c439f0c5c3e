import { describe, expect, it } from 'vitest';
import { allowedMoves, canMove, ForbiddenMove, IMPORT_STATES, INITIAL_STATE, move } from '../../server/imports/state.js';

describe('the life of an import', () => {
  // Written out by hand from server/imports/CONTEXT.md: previewed (checked, nothing in yet), then
  // imported or discarded, and nothing after either.
  const allowed: Record<string, string[]> = {
    previewed: ['imported', 'discarded'],
    imported: [],
    discarded: [],
  };

  it('allows exactly the moves in the table and refuses every other, with a clear message', () => {
    expect(Object.keys(allowed).sort()).toEqual([...IMPORT_STATES].sort());
    for (const from of IMPORT_STATES) {
      expect([...allowedMoves(from)].sort(), from).toEqual([...allowed[from]!].sort());
      for (const to of IMPORT_STATES) {
        const expected = allowed[from]!.includes(to);
        expect(canMove(from, to), `${from} -> ${to}`).toBe(expected);
        if (expected) expect(move(from, to)).toEqual({ from, to });
        else expect(() => move(from, to)).toThrow(new ForbiddenMove('An import', from, to));
      }
    }
  });

  it('starts previewed, and an imported or discarded import never moves again', () => {
    expect(INITIAL_STATE).toBe('previewed');
    expect(allowedMoves('imported')).toEqual([]);
    expect(allowedMoves('discarded')).toEqual([]);
  });
});
