import { describe, expect, it } from 'vitest';
import { allowedMoves, canMove, ForbiddenMove, move, ROUND_STATES } from '../../server/evaluations/state.js';

describe('the life of an evaluation round', () => {
  // Written out by hand from PRODUCT.md ("Results stay hidden until the round closes") and the
  // round pages: a coordinator (or the closing job) closes an open round, once. PASS, REDO and
  // NO_QUORUM are what a closed round found, not states of their own.
  const allowed: Record<string, string[]> = {
    open: ['closed'],
    closed: [],
  };

  it('allows exactly the moves in the table and refuses every other, with a clear message', () => {
    expect(Object.keys(allowed).sort()).toEqual([...ROUND_STATES].sort());
    for (const from of ROUND_STATES) {
      expect([...allowedMoves(from)].sort(), from).toEqual([...allowed[from]!].sort());
      for (const to of ROUND_STATES) {
        const expected = allowed[from]!.includes(to);
        expect(canMove(from, to), `${from} -> ${to}`).toBe(expected);
        if (expected) expect(move(from, to)).toEqual({ from, to });
        else expect(() => move(from, to)).toThrow(new ForbiddenMove('An evaluation round', from, to));
      }
    }
  });

  it('never opens again once closed', () => {
    expect(canMove('closed', 'open')).toBe(false);
    expect(canMove('closed', 'closed')).toBe(false);
  });
});
