// Reading one answer sheet against the questionnaire's questions: each question is field
// `q<id>` (a radio's value, a list of checkboxes' values, or text). What comes back is, per
// question, the chosen option indexes or the written text; or an error next to each question
// that is wrong (required and missing, an option that is not one, text too long).
import type { FieldErrors } from '../forms/validate.js';
import { ANSWER_TEXT_MAX } from './schemas.js';
import type { QuestionKind } from './tables.js';

export interface Question {
  id: number;
  position: number;
  kind: QuestionKind;
  prompt: string;
  required: boolean;
  options: string[];
}

export type Answer =
  { questionId: number; optionIndexes: number[]; text: null } | { questionId: number; optionIndexes: []; text: string };

export const fieldOf = (q: Pick<Question, 'id'>) => `q${q.id}`;

const INDEX = /^(0|[1-9]\d{0,2})$/;

export function readAnswers(
  questions: readonly Question[],
  body: Record<string, unknown>,
): { ok: true; answers: Answer[] } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const answers: Answer[] = [];
  for (const q of questions) {
    const name = fieldOf(q);
    const raw = body[name];
    if (q.kind === 'text') {
      if (raw !== undefined && typeof raw !== 'string') {
        errors[name] = { key: 'errors.invalid' };
        continue;
      }
      const text = (raw ?? '').replace(/\r\n/g, '\n').trim();
      if (text === '') {
        if (q.required) errors[name] = { key: 'surveys.errors.answerRequired' };
      } else if (text.length > ANSWER_TEXT_MAX) {
        errors[name] = { key: 'errors.tooLong', params: { max: ANSWER_TEXT_MAX } };
      } else {
        answers.push({ questionId: q.id, optionIndexes: [], text });
      }
      continue;
    }
    const given = raw === undefined || raw === '' ? [] : Array.isArray(raw) ? raw : [raw];
    if (!given.every((v) => typeof v === 'string' && INDEX.test(v) && Number(v) < q.options.length)) {
      errors[name] = { key: 'surveys.errors.notAnOption' };
      continue;
    }
    const indexes = [...new Set(given.map(Number))].sort((a, b) => a - b);
    if (q.kind !== 'multiple' && indexes.length > 1) {
      errors[name] = { key: 'surveys.errors.chooseOne' };
      continue;
    }
    if (indexes.length === 0) {
      if (q.required)
        errors[name] = { key: q.kind === 'multiple' ? 'surveys.errors.chooseAtLeastOne' : 'surveys.errors.chooseOne' };
      continue;
    }
    answers.push({ questionId: q.id, optionIndexes: indexes, text: null });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, answers };
}
