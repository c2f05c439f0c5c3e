import { describe, expect, it } from 'vitest';
import { allowedMoves, canMove, ForbiddenMove, INITIAL_STATE, move, PROBLEM_STATES } from '../../server/problems/state.js';

describe('the life of a problem', () => {
  // Written out by hand from server/problems/CONTEXT.md: a merge makes a problem merged, a split
  // makes it open again. Publishing is a flag (published_at), not a state.
  const allowed: Record<string, string[]> = {
    open: ['merged'],
    merged: ['open'],
  };

  it('allows exactly the moves in the table and refuses every other, with a clear message', () => {
    expect(Object.keys(allowed).sort()).toEqual([...PROBLEM_STATES].sort());
    for (const from of PROBLEM_STATES) {
      expect([...allowedMoves(from)].sort(), from).toEqual([...allowed[from]!].sort());
      for (const to of PROBLEM_STATES) {
        const expected = allowed[from]!.includes(to);
        expect(canMove(from, to), `${from} -> ${to}`).toBe(expected);
        if (expected) expect(move(from, to)).toEqual({ from, to });
        else expect(() => move(from, to)).toThrow(new ForbiddenMove('A problem', from, to));
      }
    }
  });

  it('starts open, and publishing is no state of its own', () => {
    expect(INITIAL_STATE).toBe('open');
    expect(PROBLEM_STATES).not.toContain('published');
  });
});
