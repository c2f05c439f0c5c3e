import type { Generated, Selectable } from 'kysely';
import type { Locale } from '../config.js';
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
}

export interface OpinionEventsTable {
  id: Generated<number>;
  opinion_id: number;
  at: string;
  from_state: OpinionState | null;
  to_state: OpinionState;
  /** A note the submitter may read; never a staff name. */
  note: string | null;
}

export type OpinionRow = Selectable<OpinionsTable>;
export type OpinionEventRow = Selectable<OpinionEventsTable>;
