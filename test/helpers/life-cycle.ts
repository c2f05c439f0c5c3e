// The check every state module's test makes: each pair of states, against a table written out by hand.
import { expect } from 'vitest';
import { ForbiddenMove, type LifeCycle } from '../../server/shared/life-cycle.js';

/** Exactly the moves of `allowed` are allowed, and every other pair is refused with the noun's message. */
export function expectExactlyTheseMoves<S extends string>(
  states: readonly S[],
  cycle: LifeCycle<S>,
  noun: string,
  allowed: Record<string, string[]>,
): void {
  expect(Object.keys(allowed).sort()).toEqual([...states].sort());
  for (const from of states) {
    expect([...cycle.allowedMoves(from)].sort(), from).toEqual([...allowed[from]!].sort());
    for (const to of states) {
      const expected = allowed[from]!.includes(to);
      expect(cycle.canMove(from, to), `${from} -> ${to}`).toBe(expected);
      if (expected) expect(cycle.move(from, to)).toEqual({ from, to });
      else expect(() => cycle.move(from, to)).toThrow(new ForbiddenMove(noun, from, to));
    }
  }
}
