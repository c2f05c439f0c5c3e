// The triage form: the opinion's unit and category, and what becomes of it. The fields of a
// problem made on the spot carry a `problem_` prefix so they cannot be mistaken for the opinion's.
import { z } from 'zod';
import { idList, optionalId, optionalText } from '../forms/fields.js';
import { validateForm, type FieldErrors, type FormResult } from '../forms/validate.js';
import { CATEGORIES } from '../opinions/categories.js';
import { optionalChoice, PROBLEM_FIELDS, ProblemForm, REASON_MAX } from '../problems/schemas.js';
import type { Outcome, SortInput } from './service.js';

export const OUTCOMES = ['keep', 'link', 'new_problem', 'duplicate', 'not_actionable', 'hidden'] as const;
export type OutcomeChoice = (typeof OUTCOMES)[number];

/** "#123", "123" or " 123 ": the opinion number staff see in lists. */
const opinionNumber = () =>
  z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim().replace(/^#/, ''))
    .pipe(
      z.union([
        z.literal('').transform(() => null),
        z
          .string()
          .regex(/^[1-9]\d{0,9}$/, 'errors.invalid')
          .transform(Number),
      ]),
    );

const TriageFields = z
  .object({
    unit_id: optionalId(),
    category: optionalChoice(CATEGORIES),
    outcome: z.string().min(1).pipe(z.enum(OUTCOMES)),
    problem_id: optionalId(),
    duplicate_of: opinionNumber(),
    reason: optionalText(REASON_MAX),
  })
  .superRefine((v, ctx) => {
    const need = (path: string, message = 'errors.required') => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.outcome === 'link' && v.problem_id === null) need('problem_id', 'triage.errors.chooseProblem');
    if (v.outcome === 'duplicate' && v.duplicate_of === null) need('duplicate_of');
    if ((v.outcome === 'duplicate' || v.outcome === 'not_actionable' || v.outcome === 'hidden') && !v.reason)
      need('reason', 'triage.errors.reasonRequired');
  });

/** The problem fields of a form, without their prefix. */
function problemPart(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(PROBLEM_FIELDS.map((f) => [f, body[`problem_${f}`]]));
}

const prefixed = (errors: FieldErrors): FieldErrors =>
  Object.fromEntries(Object.entries(errors).map(([k, e]) => [`problem_${k}`, e]));

/** Reads a link target: an existing problem, or the fields of a new one. */
export function readTarget(
  body: Record<string, unknown>,
  makeNew: boolean,
  problemId: number | null,
  campaignId: number,
): FormResult<Extract<Outcome, { kind: 'link' }>['target']> {
  if (!makeNew) return { ok: true, data: { problemId: problemId! } };
  const problem = validateForm(ProblemForm, problemPart(body));
  if (!problem.ok) return { ok: false, errors: prefixed(problem.errors), values: body };
  return { ok: true, data: { campaignId, newProblem: problem.data } };
}

export function readTriageForm(
  body: Record<string, unknown>,
  campaignId: number,
): FormResult<{ sort: SortInput; outcome: Outcome }> {
  const form = validateForm(TriageFields, body);
  // A new problem's fields are checked even when the rest has errors, so every mistake shows at once.
  const wantsLink = body.outcome === 'link' || body.outcome === 'new_problem';
  const target = wantsLink
    ? readTarget(body, body.outcome === 'new_problem', form.ok ? form.data.problem_id : null, campaignId)
    : null;
  if (!form.ok || (target && !target.ok)) {
    return {
      ok: false,
      errors: { ...(form.ok ? {} : form.errors), ...(target && !target.ok ? target.errors : {}) },
      values: body,
    };
  }
  const d = form.data;
  const reason = d.reason ?? '';
  let outcome: Outcome;
  if (target?.ok) outcome = { kind: 'link', target: target.data };
  else if (d.outcome === 'duplicate') outcome = { kind: 'duplicate', duplicateOf: d.duplicate_of!, reason };
  else if (d.outcome === 'not_actionable' || d.outcome === 'hidden') outcome = { kind: d.outcome, reason };
  else outcome = { kind: 'keep' };
  return { ok: true, data: { sort: { unitId: d.unit_id, category: d.category }, outcome } };
}

export const BulkLinkForm = z.object({
  ids: idList(),
  problem_id: optionalId(),
  target: z.enum(['existing', 'new']).default('existing'),
});

/** On the same page as the triage form, so its reason has a name of its own. */
export const ReopenForm = z.object({
  reopen_reason: z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'triage.errors.reasonRequired').max(REASON_MAX)),
});
