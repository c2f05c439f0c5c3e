import { describe, expect, it } from 'vitest';
import { expectExactlyTheseMoves } from '../helpers/life-cycle.js';
import { allowedMoves, canMove, move, SURVEY_STATES } from '../../server/surveys/state.js';

describe('the life of a questionnaire', () => {
  // Written out by hand from the questionnaire pages: a coordinator publishes a draft, once.
  // Not open yet, open and closed are read off its dates, not stored.
  const allowed: Record<string, string[]> = {
    draft: ['published'],
    published: [],
  };

  it('allows exactly the moves in the table and refuses every other, with a clear message', () => {
    expectExactlyTheseMoves(SURVEY_STATES, { allowedMoves, canMove, move }, 'A questionnaire', allowed);
  });

  it('never goes back to draft once published', () => {
    expect(canMove('published', 'draft')).toBe(false);
  });
});
