// The life of an import: the states, and the one table of allowed moves. Nothing changes an
// import's state except through moveTo() in service.ts; the database refuses any other state
// (CHECK in migrations/0003). Both moves end its life, and both forget its rows.
//
//   previewed → imported
//       └─────→ discarded
import { ForbiddenMove, lifeCycle } from '../shared/life-cycle.js';

export const IMPORT_STATES = ['previewed', 'imported', 'discarded'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

const MOVES: Record<ImportState, readonly ImportState[]> = {
  // The uploader (or a coordinator or administrator) presses "import": every ready row goes in, or none.
  // The same people may discard it instead: nothing goes in.
  previewed: ['imported', 'discarded'],
  imported: [],
  discarded: [],
};

/** What an upload is kept as: checked, nothing in yet. */
export const INITIAL_STATE: ImportState = 'previewed';

export const { allowedMoves, canMove, move } = lifeCycle('An import', MOVES);
export { ForbiddenMove };
