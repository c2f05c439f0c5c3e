import type { Generated, Selectable } from 'kysely';
import type { RectificationState } from './state.js';

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

export type RectificationEventKind = 'committed' | 'progress' | 'reported_done' | 'state';

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

export type RectificationRow = Selectable<RectificationsTable>;
export type MeasureRow = Selectable<MeasuresTable>;
export type ProgressReportRow = Selectable<ProgressReportsTable>;
export type RectificationEventRow = Selectable<RectificationEventsTable>;
