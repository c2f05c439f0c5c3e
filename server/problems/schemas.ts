// The problem form, and the forms that merge, split and publish problems.
import { z } from 'zod';
import { id, optionalText, text } from '../forms/fields.js';
import { CATEGORIES } from '../opinions/categories.js';
import { LEVELS } from './levels.js';

export const PROBLEM_TITLE_MAX = 200;
export const PROBLEM_DESCRIPTION_MAX = 5000;
export const CADRE_NAME_MAX = 100;
export const REASON_MAX = 1000;

/** A choice from a fixed list; empty means none. */
export const optionalChoice = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? null : s.trim()))
    .pipe(z.union([z.null(), z.enum(values)]));

export const ProblemForm = z
  .object({
    title: text(PROBLEM_TITLE_MAX),
    description: optionalText(PROBLEM_DESCRIPTION_MAX).transform((s) => s ?? ''),
    level: z.string().min(1).pipe(z.enum(LEVELS)),
    unit_id: z.string().min(1).pipe(id()),
    category: optionalChoice(CATEGORIES),
    cadre_name: optionalText(CADRE_NAME_MAX),
  })
  .superRefine((v, ctx) => {
    if (v.level === 'individual' && !v.cadre_name)
      ctx.addIssue({ code: 'custom', path: ['cadre_name'], message: 'problems.errors.cadreRequired' });
  })
  // A cadre's name belongs only to a problem about that cadre.
  .transform((v) => ({ ...v, cadre_name: v.level === 'individual' ? v.cadre_name : null }));
export type ProblemForm = z.infer<typeof ProblemForm>;

/** The fields of the problem form, in the order the page shows them. */
export const PROBLEM_FIELDS = ['title', 'description', 'level', 'unit_id', 'category', 'cadre_name'] as const;

export const Reason = z.object({ reason: text(REASON_MAX) });

export const MergeForm = z.object({ target_id: z.string().min(1).pipe(id()), reason: text(REASON_MAX) });
export type MergeForm = z.infer<typeof MergeForm>;
