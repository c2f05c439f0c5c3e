// The life of a rectification: the states, and the one table of allowed moves. Nothing changes
// a rectification's state except through move(); the database refuses any other state (CHECK).
//
//   draft → committed → in_progress → reported_done → under_review → passed → confirmed
//                           ↑                              │            │         │
//                           └──────── failed ←─────────────┘            └→ relapsed ←┘
//                           └────────────────────────────────────────────── relapsed
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
