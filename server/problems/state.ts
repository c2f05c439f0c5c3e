// The life of a problem: the states, and the one table of allowed moves. Nothing changes a
// problem's state except through moveTo() in service.ts; the database refuses any other state
// (CHECK in migrations/0002, with `merged` exactly when it has a merged_into_id).
//
//   open ⇄ merged
//
// Being on the public list is not a state: it is a flag (`published_at`, set and cleared by
// setPublished()) on an open problem, independent of its life. A merged problem leaves the public
// list without losing the flag (isPublic() asks for `open` too), and shows there again once split.
// A problem is never deleted, so it has no end state.
import { ForbiddenMove, lifeCycle } from '../shared/life-cycle.js';

export const PROBLEM_STATES = ['open', 'merged'] as const;
export type ProblemState = (typeof PROBLEM_STATES)[number];

const MOVES: Record<ProblemState, readonly ProblemState[]> = {
  // A coordinator finds it is another open problem of the same campaign and merges it into that one.
  open: ['merged'],
  // A coordinator splits it off again: it stands on its own, with the opinions it always kept.
  merged: ['open'],
};

export const INITIAL_STATE: ProblemState = 'open';

export const { allowedMoves, canMove, move } = lifeCycle('A problem', MOVES);
export { ForbiddenMove };
