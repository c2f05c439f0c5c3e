import type { Generated, Selectable } from 'kysely';
import type { Category } from '../opinions/categories.js';
import type { Level } from './levels.js';
import type { ProblemState } from './state.js';

export interface ProblemsTable {
  id: Generated<number>;
  campaign_id: number;
  title: string;
  description: Generated<string>;
  level: Level;
  unit_id: number;
  category: Category | null;
  /** The cadre an individual-level problem is about: staff only. */
  cadre_name: string | null;
  state: Generated<ProblemState>;
  merged_into_id: number | null;
  /** When it was put on the public list for review; null while it is not there. */
  published_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export type ProblemRow = Selectable<ProblemsTable>;
