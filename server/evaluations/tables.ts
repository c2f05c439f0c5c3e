import type { Generated, Selectable } from 'kysely';
import type { RoundState } from './state.js';
import type { Choice, Outcome } from './tally.js';

export type Affiliation =
  | 'npc_deputy'
  | 'cppcc_member'
  | 'employee_representative'
  | 'non_party'
  | 'public_representative'
  | 'image_supervisor';

export interface PeopleTable {
  id: Generated<number>;
  name: string;
  affiliation: Affiliation;
  email: string | null;
  phone: string | null;
  locale: Generated<string>;
  term_starts_on: string | null;
  term_ends_on: string | null;
  user_id: number | null;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface PersonUnitsTable {
  person_id: number;
  unit_id: number;
}

export interface EvaluationRoundsTable {
  id: Generated<number>;
  rectification_id: number;
  number: number;
  state: Generated<RoundState>;
  opens_at: string;
  closes_at: string;
  threshold: number;
  quorum_numerator: number;
  quorum_denominator: number;
  fingerprint: string;
  issued: Generated<number>;
  /** Of the codes issued, how many were voided (spoiled or handed back) before use: not counted as issued. */
  voided: Generated<number>;
  opened_by: number | null;
  closed_at: string | null;
  outcome: Outcome | null;
  counts: string | null;
  ballots_hash: string | null;
  created_at: string;
}

/** A code's hash and whether it is used or void: no time, no voter, no vote. */
export interface BallotsTable {
  id: Generated<number>;
  round_id: number;
  code_hash: string;
  used: Generated<number>;
  /** A slip spoiled or handed back, voided by a coordinator: it can no longer vote (migration 0007). */
  voided: Generated<number>;
}

/** That a member was given a code, kept apart from the codes. */
export interface BallotIssuesTable {
  id: Generated<number>;
  round_id: number;
  person_id: number | null;
  how: 'slip' | 'email';
  issued_at: string;
}

/** A vote: its round, its choice, a random receipt; no code, no voter, only the day. */
export interface VotesTable {
  receipt: string;
  round_id: number;
  choice: Choice;
  comment: string | null;
  cast_on: string;
}

export interface PaperTalliesTable {
  id: Generated<number>;
  round_id: number;
  satisfied: number;
  basically_satisfied: number;
  dissatisfied: number;
  unable_to_judge: number;
  present: number;
  meeting: string;
  entered_by: number | null;
  entered_at: string;
}

export interface SolicitationNotesTable {
  id: Generated<number>;
  round_id: number;
  note: string;
  written_by: number | null;
  at: string;
}

export type EvaluationRoundRow = Selectable<EvaluationRoundsTable>;
export type VoteRow = Selectable<VotesTable>;
