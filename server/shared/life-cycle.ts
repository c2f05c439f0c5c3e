// A noun's life cycle as data: its states and the one table of allowed moves. Each noun with a
// life (opinions, rectifications) declares its table in its own state.ts and gets the same checks.

export class ForbiddenMove<S extends string = string> extends Error {
  constructor(
    readonly noun: string,
    readonly from: S,
    readonly to: S,
  ) {
    super(`${noun} cannot go from ${from} to ${to}`);
  }
}

export interface LifeCycle<S extends string> {
  allowedMoves(from: S): readonly S[];
  canMove(from: S, to: S): boolean;
  /** Checks a move; throws ForbiddenMove if the table does not allow it. */
  move(from: S, to: S): { from: S; to: S };
}

export function lifeCycle<S extends string>(noun: string, moves: Record<S, readonly S[]>): LifeCycle<S> {
  const canMove = (from: S, to: S) => moves[from].includes(to);
  return {
    allowedMoves: (from) => moves[from],
    canMove,
    move(from, to) {
      if (!canMove(from, to)) throw new ForbiddenMove(noun, from, to);
      return { from, to };
    },
  };
}
