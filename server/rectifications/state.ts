// The life of a rectification: the states, and the one table of allowed moves. Nothing changes
// a rectification's state except through move(); the database refuses any other state (CHECK).
//
//   draft → committed → in_progress → reported_done → under_review → passed → confirmed
//                           ↑                              │            │         │
//                           └──────── failed ←─────────────┘            └→ relapsed ←┘
//                           └────────────────────────────────────────────── relapsed
//
// One move is guarded: after a failed round or a relapse (round 2, 3, …) the rectification is
// done again, not merely judged again, so in_progress → reported_done needs the unit's revision
// of its measures for the round (at least one added or reopened, with new deadlines) approved by
// a coordinator (GUARDS below). What the unit sends for approval, a draft or a revision, has a
// small life of its own (SUBMISSION_MOVES).
import { ForbiddenMove, lifeCycle } from '../shared/life-cycle.js';

export const RECTIFICATION_STATES = [
  'draft',
  'committed',
  'in_progress',
  'reported_done',
  'under_review',
  'passed',
  'failed',
  'confirmed',
  'relapsed',
] as const;
export type RectificationState = (typeof RECTIFICATION_STATES)[number];

const MOVES: Record<RectificationState, readonly RectificationState[]> = {
  // A coordinator approves the unit's draft: the promise is made in public.
  draft: ['committed'],
  // The unit's first progress report starts the work.
  committed: ['in_progress'],
  // Guarded from round 2 on: the round's revision must be approved first (GUARDS).
  in_progress: ['reported_done'],
  // A coordinator opens an evaluation round.
  reported_done: ['under_review'],
  // The round's result: at or above the line passes, below it fails.
  under_review: ['passed', 'failed'],
  // Failed: done again, as the next round.
  failed: ['in_progress'],
  // Looking back, months later: still in force, or not.
  passed: ['confirmed', 'relapsed'],
  confirmed: ['relapsed'],
  relapsed: ['in_progress'],
};

/** States the public can see: everything from the moment of commitment. */
export const PUBLIC_STATES: readonly RectificationState[] = RECTIFICATION_STATES.filter((s) => s !== 'draft');

export const { allowedMoves, canMove, move } = lifeCycle('A rectification', MOVES);
export { ForbiddenMove };

/** Going back to work after a failed round or a relapse starts the next round. */
export function startsNewRound(from: RectificationState, to: RectificationState): boolean {
  return to === 'in_progress' && (from === 'failed' || from === 'relapsed');
}

/** What a guarded move needs beyond the two states: the round, and the state of its revision (null: none sent yet). */
export interface MoveFacts {
  round: number;
  revision: SubmissionState | null;
}

/** Why a guarded move is refused: no revision approved yet for this round, or one sent and waiting. */
export type GuardRefusal = 'revision_needed' | 'revision_pending';

type Pair = `${RectificationState}>${RectificationState}`;

/** The guarded moves of the table: each allowed only when its condition holds. */
const GUARDS: Partial<Record<Pair, (f: MoveFacts) => GuardRefusal | null>> = {
  'in_progress>reported_done': (f) =>
    f.round === 1 || f.revision === 'approved'
      ? null
      : f.revision === 'submitted'
        ? 'revision_pending'
        : 'revision_needed',
};

/** Why the move may not be made now, with these facts: null if the table allows it and its guard holds. Moves outside the table are 'forbidden'. */
export function refusalOf(
  from: RectificationState,
  to: RectificationState,
  facts: MoveFacts,
): GuardRefusal | 'forbidden' | null {
  if (!canMove(from, to)) return 'forbidden';
  return GUARDS[`${from}>${to}`]?.(facts) ?? null;
}

export const mayMove = (from: RectificationState, to: RectificationState, facts: MoveFacts): boolean =>
  refusalOf(from, to, facts) === null;

/** Done again: in progress after a failed round or a relapse, with the round's revision not yet approved. */
export const needsRevision = (state: RectificationState, facts: MoveFacts): boolean =>
  state === 'in_progress' && refusalOf('in_progress', 'reported_done', facts) !== null;

/** The unit may send a revision: it needs one, and none is waiting. */
export const maySendRevision = (state: RectificationState, facts: MoveFacts): boolean =>
  needsRevision(state, facts) && facts.revision !== 'submitted';

// What the unit sends for approval ---------------------------------------------------------------

export const SUBMISSION_STATES = ['submitted', 'returned', 'approved'] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];

const SUBMISSION_MOVES: Record<SubmissionState, readonly SubmissionState[]> = {
  // A coordinator approves it, or returns it to the unit with a reason.
  submitted: ['approved', 'returned'],
  // Returned stays returned: the unit sends a new one.
  returned: [],
  approved: [],
};

export const submissionCycle = lifeCycle('A submission', SUBMISSION_MOVES);
