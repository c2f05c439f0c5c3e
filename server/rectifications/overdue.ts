// When a rectification is overdue: while the work is promised or under way, a measure whose
// deadline has passed (in the portal's time zone) and is not done. The same rule is written as
// SQL in repository.ts (overdueCondition) for lists and the reminder job; a test holds them equal.
import type { RectificationState } from './state.js';

/** The states in which deadlines are running. */
export const DEADLINES_RUN_IN: readonly RectificationState[] = ['committed', 'in_progress'];

export interface DatedMeasure {
  deadline: string;
  done_at: string | null;
}

/** The measures past their deadline and not done, on `today` (YYYY-MM-DD). */
export function lateMeasures<M extends DatedMeasure>(measures: readonly M[], today: string): M[] {
  return measures.filter((m) => m.done_at === null && m.deadline < today);
}

export function isOverdue(state: RectificationState, measures: readonly DatedMeasure[], today: string): boolean {
  return DEADLINES_RUN_IN.includes(state) && lateMeasures(measures, today).length > 0;
}
