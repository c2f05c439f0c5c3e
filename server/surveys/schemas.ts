// The forms of questionnaires: its details (and, when made, where its questions start from), one
// question, a printing of invitation slips, and the answers to turn into opinions. The answers
// themselves depend on the questionnaire's questions, so answers.ts reads them.
import { z } from 'zod';
import { checkbox, day, idList, integer, optionalId, optionalText, text } from '../forms/fields.js';
import { ACCESS_MODES, QUESTION_KINDS } from './tables.js';

export const TITLE_MAX = 200;
export const INTRODUCTION_MAX = 5000;
export const PROMPT_MAX = 500;
export const OPTION_MAX = 200;
export const OPTIONS_MAX = 20;
export const DEGREES_MAX = 11;
/** The textarea of options, one a line. */
export const OPTIONS_TEXT_MAX = OPTIONS_MAX * (OPTION_MAX + 2);
export const ANSWER_TEXT_MAX = 2000;
export const FORM_NUMBER_MAX = 50;
export const SLIPS_MAX = 500;
/** A questionnaire open longer than this is a mistyped year. */
export const OPEN_DAYS_MAX = 366;
/** A rating with no degrees typed: 1 to 5. */
export const DEFAULT_DEGREES = ['1', '2', '3', '4', '5'];

export const TEMPLATES = ['none', 'three_degree'] as const;
export type Template = (typeof TEMPLATES)[number];

/** The form's one-time key (slips): random, URL-safe. */
export const ISSUE_KEY = /^[A-Za-z0-9_-]{16,64}$/;

const dayMs = (d: string) => new Date(`${d}T00:00:00Z`).getTime();

const details = {
  title: text(TITLE_MAX),
  introduction: optionalText(INTRODUCTION_MAX),
  campaign_id: z
    .string({ message: 'surveys.errors.chooseCampaign' })
    .trim()
    .regex(/^[1-9]\d{0,9}$/, 'surveys.errors.chooseCampaign')
    .transform(Number),
  unit_id: optionalId(),
  opens_on: day(),
  closes_on: day(),
  access: z.enum(ACCESS_MODES, { message: 'surveys.errors.chooseAccess' }),
};

function datesInOrder(v: { opens_on: string; closes_on: string }, ctx: z.RefinementCtx) {
  if (v.closes_on < v.opens_on)
    ctx.addIssue({ code: 'custom', path: ['closes_on'], message: 'surveys.errors.closesBeforeOpens' });
  else if (dayMs(v.closes_on) - dayMs(v.opens_on) > OPEN_DAYS_MAX * 86_400_000)
    ctx.addIssue({ code: 'custom', path: ['closes_on'], message: 'surveys.errors.openTooLong' });
}

export const SurveyForm = z.object(details).superRefine(datesInOrder);
export type SurveyForm = z.infer<typeof SurveyForm>;

export const NewSurveyForm = z
  .object({ ...details, template: z.enum(TEMPLATES, { message: 'surveys.errors.chooseTemplate' }) })
  .superRefine(datesInOrder);
export type NewSurveyForm = z.infer<typeof NewSurveyForm>;

/** The lines of a textarea, trimmed, empty ones dropped. */
export const linesOf = (s: string | null): string[] =>
  (s ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

export const QuestionForm = z
  .object({
    kind: z.enum(QUESTION_KINDS, { message: 'surveys.errors.chooseKind' }),
    prompt: text(PROMPT_MAX),
    required: checkbox(),
    options: optionalText(OPTIONS_TEXT_MAX),
  })
  .superRefine((v, ctx) => {
    const lines = linesOf(v.options);
    const issue = (message: string) => ctx.addIssue({ code: 'custom', path: ['options'], message });
    if (lines.some((l) => l.length > OPTION_MAX)) return issue('surveys.errors.optionTooLong');
    if (new Set(lines).size !== lines.length) return issue('surveys.errors.optionTwice');
    if (v.kind === 'single' || v.kind === 'multiple') {
      if (lines.length < 2) return issue('surveys.errors.twoOptions');
      if (lines.length > OPTIONS_MAX) return issue('surveys.errors.tooManyOptions');
    }
    if (v.kind === 'rating' && lines.length > 0 && (lines.length < 2 || lines.length > DEGREES_MAX))
      return issue('surveys.errors.degrees');
  })
  .transform((v) => ({
    kind: v.kind,
    prompt: v.prompt,
    required: v.required,
    options:
      v.kind === 'text'
        ? []
        : v.kind === 'rating' && linesOf(v.options).length === 0
          ? DEFAULT_DEGREES
          : linesOf(v.options),
  }));
export type QuestionForm = z.infer<typeof QuestionForm>;

export const MoveForm = z.object({ direction: z.enum(['up', 'down']) });

export const SlipsForm = z.object({
  count: z.string().trim().min(1).pipe(integer(1, SLIPS_MAX)),
  issue_key: z.string().regex(ISSUE_KEY, 'surveys.errors.formExpired'),
});
export type SlipsForm = z.infer<typeof SlipsForm>;

export const ToOpinionsForm = z.object({
  answers: idList().refine((a) => a.length > 0, 'surveys.errors.chooseAnswers'),
});
