// The life of an evaluation round: open, then closed, once. A round is open from the moment a
// coordinator opens it (voting itself waits for its opening time and stops at its closing time:
// votingState() in service.ts reads that off the clock, it is not a state). Closing gives the
// round its one result, PASS, REDO or NO_QUORUM (tally.ts), stored in `outcome` beside the state
// rather than as states of their own: whatever the result, a closed round takes no more votes,
// slips or tallies, and what the result does happens to the rectification (passed; failed and
// back in progress; or still under review, waiting for a new round), not to the round. The
// database refuses any other state (CHECK in 0006), a closed round without its outcome (0006),
// and a closed round opened again (0012).
//
//   open → closed (PASS | REDO | NO_QUORUM)
import { ForbiddenMove, lifeCycle } from '../shared/life-cycle.js';

export const ROUND_STATES = ['open', 'closed'] as const;
export type RoundState = (typeof ROUND_STATES)[number];

const MOVES: Record<RoundState, readonly RoundState[]> = {
  // A coordinator closes it by hand, or the closing job (closing.ts) at its closing time.
  open: ['closed'],
  // Final: a new round is a new row (the rectification's next number).
  closed: [],
};

export const { allowedMoves, canMove, move } = lifeCycle('An evaluation round', MOVES);
export { ForbiddenMove };
