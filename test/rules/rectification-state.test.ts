import { describe, expect, it } from 'vitest';
import { expectExactlyTheseMoves } from '../helpers/life-cycle.js';
import {
  allowedMoves,
  canMove,
  maySendRevision,
  mayMove,
  move,
  needsRevision,
  PUBLIC_STATES,
  RECTIFICATION_STATES,
  refusalOf,
  startsNewRound,
  submissionCycle,
  SUBMISSION_STATES,
  type MoveFacts,
} from '../../server/rectifications/state.js';

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

  // Every pair of states, in every round and with the round's revision in every state it can be in:
  // only in_progress → reported_done is guarded, and only from round 2 on (done again).
  const FACTS: MoveFacts[] = [1, 2, 3].flatMap((round) =>
    [null, ...SUBMISSION_STATES].map((revision) => ({ round, revision })),
  );

  it("after a failed round or a relapse, is reported done only with the round's revision approved", () => {
    for (const facts of FACTS)
      for (const from of RECTIFICATION_STATES)
        for (const to of RECTIFICATION_STATES) {
          const guarded =
            from === 'in_progress' && to === 'reported_done' && facts.round > 1 && facts.revision !== 'approved';
          const what = `${from} -> ${to}, round ${facts.round}, revision ${facts.revision}`;
          expect(mayMove(from, to, facts), what).toBe(canMove(from, to) && !guarded);
          const expected = !canMove(from, to)
            ? 'forbidden'
            : guarded
              ? facts.revision === 'submitted'
                ? 'revision_pending'
                : 'revision_needed'
              : null;
          expect(refusalOf(from, to, facts), what).toBe(expected);
        }
  });

  it('asks for a revision exactly when done again and not yet approved, and takes one only when none waits', () => {
    for (const facts of FACTS)
      for (const state of RECTIFICATION_STATES) {
        const needed = state === 'in_progress' && facts.round > 1 && facts.revision !== 'approved';
        expect(needsRevision(state, facts), `${state} ${JSON.stringify(facts)}`).toBe(needed);
        expect(maySendRevision(state, facts), `${state} ${JSON.stringify(facts)}`).toBe(
          needed && facts.revision !== 'submitted',
        );
      }
  });
});

describe('what a unit sends for approval', () => {
  it('waits, then is approved or returned, and never moves again', () => {
    expectExactlyTheseMoves(SUBMISSION_STATES, submissionCycle, 'A submission', {
      submitted: ['approved', 'returned'],
      returned: [],
      approved: [],
    });
  });
});
