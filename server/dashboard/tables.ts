// The dashboard's running tallies (migration 0009), kept by database triggers on `opinions`.
import type { Channel } from '../opinions/channels.js';
import type { Level } from '../problems/levels.js';
import type { RectificationState } from '../rectifications/state.js';

/** Opinions by campaign, unit (0: none yet), channel and week (its Monday in the portal's zone). */
export interface OpinionTalliesTable {
  campaign_id: number;
  unit_id: number;
  channel: Channel;
  week_start: string;
  count: number;
}

/** Opinions linked to each problem (state linked), as the problems list counts them. */
export interface ProblemOpinionTalliesTable {
  problem_id: number;
  count: number;
}

/**
 * Rectifications by campaign, unit, state and their problem's level (migration 0011, kept by
 * triggers on `rectifications` and on a problem's level): the public counts without a scan.
 */
export interface RectificationTalliesTable {
  campaign_id: number;
  unit_id: number;
  state: RectificationState;
  level: Level;
  count: number;
}
