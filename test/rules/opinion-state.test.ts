import { describe, expect, it } from 'vitest';
import {
  allowedMoves,
  canMove,
  ForbiddenMove,
  move,
  NEEDS_REASON,
  OPINION_STATES,
} from '../../server/opinions/state.js';

describe('the life of an opinion', () => {
  const allowed: Record<string, string[]> = {
    received: ['triaged', 'linked', 'duplicate', 'not_actionable', 'hidden'],
    triaged: ['linked', 'duplicate', 'not_actionable', 'hidden'],
    linked: ['triaged', 'hidden'],
    duplicate: ['triaged'],
    not_actionable: ['triaged'],
    hidden: ['triaged'],
  };

  it('allows exactly the moves in the table and refuses every other', () => {
    for (const from of OPINION_STATES) {
      expect([...allowedMoves(from)].sort(), from).toEqual([...allowed[from]!].sort());
      for (const to of OPINION_STATES) {
        const expected = allowed[from]!.includes(to);
        expect(canMove(from, to), `${from} -> ${to}`).toBe(expected);
        if (expected) expect(() => move(from, to, 'because')).not.toThrow();
        else expect(() => move(from, to, 'because')).toThrow(ForbiddenMove);
      }
    }
  });

  it('never goes back to received: an acknowledged opinion stays acknowledged', () => {
    for (const from of OPINION_STATES) expect(canMove(from, 'received')).toBe(false);
  });

  it('needs a reason to hide, mark duplicate or not actionable', () => {
    for (const to of NEEDS_REASON) {
      expect(() => move('received', to, '')).toThrow(/reason/);
      expect(() => move('received', to, '   ')).toThrow(/reason/);
      expect(() => move('received', to, null)).toThrow(/reason/);
      expect(move('received', to, 'same caller, same day')).toEqual({ from: 'received', to });
    }
  });
});
