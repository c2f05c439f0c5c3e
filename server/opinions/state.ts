// The life of an opinion: the states, and the one table of allowed moves. Nothing changes an
// opinion's state except through move(). An opinion is never deleted: hiding, marking a
// duplicate or not actionable all need a reason.
import { ForbiddenMove, lifeCycle } from '../shared/life-cycle.js';

export const OPINION_STATES = ['received', 'triaged', 'linked', 'duplicate', 'not_actionable', 'hidden'] as const;
export type OpinionState = (typeof OPINION_STATES)[number];

const MOVES: Record<OpinionState, readonly OpinionState[]> = {
  received: ['triaged', 'linked', 'duplicate', 'not_actionable', 'hidden'],
  triaged: ['linked', 'duplicate', 'not_actionable', 'hidden'],
  linked: ['triaged', 'hidden'],
  duplicate: ['triaged'],
  not_actionable: ['triaged'],
  hidden: ['triaged'],
};

/** Moves into these states must say why. */
export const NEEDS_REASON: ReadonlySet<OpinionState> = new Set(['duplicate', 'not_actionable', 'hidden']);

export const INITIAL_STATE: OpinionState = 'received';

const cycle = lifeCycle('An opinion', MOVES);
export const { allowedMoves, canMove } = cycle;
export { ForbiddenMove };

/** Checks a move; throws ForbiddenMove if the table does not allow it, or if a reason is missing. */
export function move(
  from: OpinionState,
  to: OpinionState,
  reason?: string | null,
): { from: OpinionState; to: OpinionState } {
  const checked = cycle.move(from, to);
  if (NEEDS_REASON.has(to) && !reason?.trim()) throw new Error(`Moving an opinion to ${to} needs a reason`);
  return checked;
}
