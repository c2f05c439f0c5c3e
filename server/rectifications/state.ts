// The life of a rectification: the states, and the one table of allowed moves. Nothing changes
// a rectification's state except through move(); the database refuses any other state (CHECK).
//
//   draft → committed → in_progress → reported_done → under_review → passed → confirmed
//                           ↑                              │            │         │
//                           └──────── failed ←─────────────┘            └→ relapsed ←┘
//                           └────────────────────────────────────────────── relapsed
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

export class ForbiddenMove extends Error {
  constructor(
    readonly from: RectificationState,
    readonly to: RectificationState,
  ) {
    super(`A rectification cannot go from ${from} to ${to}`);
  }
}

export function allowedMoves(from: RectificationState): readonly RectificationState[] {
  return MOVES[from];
}

export function canMove(from: RectificationState, to: RectificationState): boolean {
  return MOVES[from].includes(to);
}

/** Checks a move; throws ForbiddenMove if the table does not allow it. */
export function move(from: RectificationState, to: RectificationState): { from: RectificationState; to: RectificationState } {
  if (!canMove(from, to)) throw new ForbiddenMove(from, to);
  return { from, to };
}

/** Going back to work after a failed round or a relapse starts the next round. */
export function startsNewRound(from: RectificationState, to: RectificationState): boolean {
  return to === 'in_progress' && (from === 'failed' || from === 'relapsed');
}
