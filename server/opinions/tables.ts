import type { Generated, Selectable } from 'kysely';
import type { Locale } from '../config.js';
import type { Category } from './categories.js';
import type { Channel } from './channels.js';
import type { OpinionState } from './state.js';

export interface OpinionsTable {
  id: Generated<number>;
  campaign_id: number;
  tracking_code: string;
  channel: Channel;
  body: string;
  unit_id: number | null;
  conduct_rule_id: number | null;
  state: Generated<OpinionState>;
  anonymous: number;
  submitter_name: string | null;
  submitter_phone: string | null;
  submitter_email: string | null;
  locale: Locale;
  /** JSON of the channel's own particulars; see channels.ts. */
  details: Generated<string>;
  recorded_by: number | null;
  received_at: string;
  created_at: string;
  submission_key: string | null;
  category: Category | null;
  /** The problem it was linked to (state linked). */
  problem_id: number | null;
  /** The opinion it repeats (state duplicate). */
  duplicate_of: number | null;
  /** Its number in the system it came from (a hotline export's call id), unique per campaign and channel. */
  external_ref: string | null;
  /** The bulk import that brought it in. */
  import_id: number | null;
}

export interface OpinionEventsTable {
  id: Generated<number>;
  opinion_id: number;
  at: string;
  from_state: OpinionState | null;
  to_state: OpinionState;
  /** A note the submitter may read; never a staff name. */
  note: string | null;
  /** JSON: what the event was about (a problem linked, a category set); never a staff name. */
  data: string | null;
}

export type OpinionRow = Selectable<OpinionsTable>;
export type OpinionEventRow = Selectable<OpinionEventsTable>;
