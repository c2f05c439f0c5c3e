import type { Generated, Selectable } from 'kysely';
import type { RectificationState, SubmissionState } from './state.js';

export interface RectificationsTable {
  id: Generated<number>;
  problem_id: number;
  campaign_id: number;
  /** The responsible unit; the problem's unit when the rectification is started. */
  unit_id: number;
  responsible_person: Generated<string>;
  /** YYYY-MM-DD in the portal's time zone. */
  target_date: string | null;
  state: Generated<RectificationState>;
  round: Generated<number>;
  /** When the coordinator approved the draft and the promise became public. */
  committed_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface MeasuresTable {
  id: Generated<number>;
  rectification_id: number;
  position: number;
  description: string;
  owner: string;
  /** YYYY-MM-DD in the portal's time zone. */
  deadline: string;
  done_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProgressReportsTable {
  id: Generated<number>;
  rectification_id: number;
  round: number;
  at: string;
  note: string;
  percent: number | null;
  /** JSON array of the measure ids this report marked done. */
  measures_done: Generated<string>;
  reported_by: number | null;
}

export type RectificationEventKind = 'committed' | 'progress' | 'reported_done' | 'state' | 'revised';

export interface RectificationEventsTable {
  id: Generated<number>;
  rectification_id: number;
  at: string;
  kind: RectificationEventKind;
  from_state: RectificationState | null;
  to_state: RectificationState | null;
  round: number;
  /** Public text (a progress note); never a staff name. */
  note: string | null;
  data: string | null;
}

export interface OverdueRemindersTable {
  rectification_id: number;
  /** The portal-zone day the reminder was for. */
  day: string;
  sent_at: string;
  recipients: number;
}

/** What the unit sends the coordinators for approval: the draft, or a revision after a failed round or a relapse (migration 0014). */
export interface RectificationSubmissionsTable {
  id: Generated<number>;
  rectification_id: number;
  round: number;
  kind: 'draft' | 'revision';
  state: SubmissionState;
  /** A revision: what changes and why (public once approved). */
  reason: string | null;
  /** A revision: the new target date, YYYY-MM-DD. */
  target_date: string | null;
  /** Why a coordinator returned it to the unit. */
  return_reason: string | null;
  submitted_at: string | null;
  submitted_by: number | null;
  decided_at: string | null;
  decided_by: number | null;
  created_at: string;
}

export interface RevisionMeasuresTable {
  id: Generated<number>;
  submission_id: number;
  /** The measure reopened, or (once approved) the measure an added one became. */
  measure_id: number | null;
  change: 'reopened' | 'added';
  description: string;
  owner: string;
  deadline: string;
  /** A reopened measure as it stood when the revision was approved. */
  previous_deadline: string | null;
  previous_done_at: string | null;
}

export type RectificationRow = Selectable<RectificationsTable>;
export type SubmissionRow = Selectable<RectificationSubmissionsTable>;
export type RevisionMeasureRow = Selectable<RevisionMeasuresTable>;
export type MeasureRow = Selectable<MeasuresTable>;
export type ProgressReportRow = Selectable<ProgressReportsTable>;
export type RectificationEventRow = Selectable<RectificationEventsTable>;
