// Shares shown on pages (a round's rate and turnout, a questionnaire option's share) are kept in
// whole tenths of a percent, rounded down, computed in integers: for display only, never for
// deciding (evaluations/tally.ts decides a round in integers of its own).

/** n of d in tenths of a percent, rounded down; null when there is nothing to divide by. */
export const tenthsOf = (n: number, d: number): number | null => (d > 0 ? Math.floor((1000 * n) / d) : null);
