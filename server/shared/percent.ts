// Shares shown on pages and in files (a round's rate and turnout, a questionnaire option's share)
// are kept in whole tenths of a percent, rounded to the nearest (a half up), computed in integers
// so no floating point decides a digit: 5 of 61 is 8.2%, 1 of 6 is 16.7%, 1 of 16 is 6.3%. For
// display only, never for deciding (evaluations/tally.ts decides a round in integers of its own).
// Every displayed share is made here; test/rules/percent.test.ts checks no other file computes one.

/** n of d in tenths of a percent, rounded to the nearest, a half up; null when there is nothing to divide by. */
export const tenthsOf = (n: number, d: number): number | null => (d > 0 ? Math.floor((2000 * n + d) / (2 * d)) : null);
