import type { Generated, Selectable } from 'kysely';
import type { Locale } from '../config.js';
import type { SurveyState } from './state.js';

export const QUESTION_KINDS = ['single', 'multiple', 'rating', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const ACCESS_MODES = ['anyone', 'codes'] as const;
export type AccessMode = (typeof ACCESS_MODES)[number];

export type { SurveyState };
export type AnswerHow = 'online' | 'paper';

export interface SurveysTable {
  id: Generated<number>;
  campaign_id: number;
  /** The unit it concerns; null for the whole organisation. */
  unit_id: number | null;
  title: string;
  introduction: Generated<string>;
  /** Calendar days in the portal's zone, both included. */
  opens_on: string;
  closes_on: string;
  access: AccessMode;
  state: Generated<SurveyState>;
  /** The language it is written in (a template's questions are in the coordinator's). */
  locale: Locale;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

export interface SurveyQuestionsTable {
  id: Generated<number>;
  survey_id: number;
  position: number;
  kind: QuestionKind;
  prompt: string;
  required: Generated<number>;
  /** JSON array of labels: a choice's options, a rating's degrees (lowest first); [] for text. */
  options: Generated<string>;
}

/** An invitation code's hash and whether it is used: nothing else, nothing that names an answer. */
export interface SurveyCodesTable {
  id: Generated<number>;
  survey_id: number;
  code_hash: string;
  used: Generated<number>;
}

export interface SurveyResponsesTable {
  id: Generated<number>;
  survey_id: number;
  how: AnswerHow;
  answered_on: string;
  entered_by: number | null;
  form_number: string | null;
}

export interface SurveyAnswersTable {
  id: Generated<number>;
  response_id: number;
  question_id: number;
  option_index: number | null;
  text: string | null;
  opinion_id: number | null;
}

export type SurveyRow = Selectable<SurveysTable>;
export type SurveyQuestionRow = Selectable<SurveyQuestionsTable>;
