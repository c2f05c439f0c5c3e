import type { Generated, Selectable } from 'kysely';

export interface CampaignsTable {
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  /** Calendar dates, YYYY-MM-DD, in the portal's time zone. */
  starts_on: string;
  ends_on: string;
  /** Pass line in percent (default 80), frozen into each evaluation round when it opens. */
  threshold: Generated<number>;
  /** Quorum as a fraction of ballots issued (default 2/3). */
  quorum_numerator: Generated<number>;
  quorum_denominator: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ConductRulesTable {
  id: Generated<number>;
  title: string;
  description: Generated<string>;
  /** The rule in each language (null where not given); `title`/`description` are the rule as first written, the last fallback. */
  title_en: string | null;
  description_en: string | null;
  title_zh: string | null;
  description_zh: string | null;
  position: Generated<number>;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export type CampaignRow = Selectable<CampaignsTable>;
export type ConductRuleRow = Selectable<ConductRulesTable>;
