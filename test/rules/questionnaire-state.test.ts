import { describe, expect, it } from 'vitest';
import { allowedMoves, canMove, ForbiddenMove, move, SURVEY_STATES } from '../../server/surveys/state.js';

describe('the life of a questionnaire', () => {
  // Written out by hand from the questionnaire pages: a coordinator publishes a draft, once.
  // Not open yet, open and closed are read off its dates, not stored.
  const allowed: Record<string, string[]> = {
    draft: ['published'],
    published: [],
  };

  it('allows exactly the moves in the table and refuses every other, with a clear message', () => {
    expect(Object.keys(allowed).sort()).toEqual([...SURVEY_STATES].sort());
    for (const from of SURVEY_STATES) {
      expect([...allowedMoves(from)].sort(), from).toEqual([...allowed[from]!].sort());
      for (const to of SURVEY_STATES) {
        const expected = allowed[from]!.includes(to);
        expect(canMove(from, to), `${from} -> ${to}`).toBe(expected);
        if (expected) expect(move(from, to)).toEqual({ from, to });
        else expect(() => move(from, to)).toThrow(new ForbiddenMove('A questionnaire', from, to));
      }
    }
  });

  it('never goes back to draft once published', () => {
    expect(canMove('published', 'draft')).toBe(false);
  });
});
