// Turns a submitted form into typed data or per-field errors. Errors are catalogue keys with
// parameters, so the page shows them in the reader's language next to the field.
import type { z } from 'zod';
import type { Params } from '../i18n/catalog.js';

export interface FieldError {
  key: string;
  params?: Params;
}
export type FieldErrors = Record<string, FieldError>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, unknown> };

/** A schema may name its own message as a catalogue key, e.g. 'errors.phone' or 'accounts.errors.unitRequired'. */
const CATALOGUE_KEY = /^[a-z][A-Za-z]*\.[A-Za-z0-9_.]*[A-Za-z0-9_]$/;

function toFieldError(issue: z.core.$ZodIssue, given: unknown): FieldError {
  if (CATALOGUE_KEY.test(issue.message)) {
    const params: Params = {};
    if ('maximum' in issue) params.max = Number(issue.maximum);
    if ('minimum' in issue) params.min = Number(issue.minimum);
    return { key: issue.message, params };
  }
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return { key: 'errors.required' };
      if (issue.origin === 'string') return { key: 'errors.tooShort', params: { min: Number(issue.minimum) } };
      return { key: 'errors.tooSmall', params: { min: Number(issue.minimum) } };
    case 'too_big':
      if (issue.origin === 'string') return { key: 'errors.tooLong', params: { max: Number(issue.maximum) } };
      return { key: 'errors.tooBig', params: { max: Number(issue.maximum) } };
    case 'invalid_type':
      // zod 4 does not report the input, so look at what was sent: missing, or the wrong shape.
      return given === undefined ? { key: 'errors.required' } : { key: 'errors.invalid' };
    case 'invalid_format':
      return issue.format === 'email' ? { key: 'errors.email' } : { key: 'errors.invalid' };
    default:
      return { key: 'errors.invalid' };
  }
}

/** Only plain fields are echoed back into the form; anything else is dropped. */
export function echoValues(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object') return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '_csrf') continue;
    if (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))) out[k] = v;
  }
  return out;
}

export function validateForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    const given = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
    errors[field] ??= toFieldError(issue, given);
  }
  return { ok: false, errors, values: echoValues(body) };
}
