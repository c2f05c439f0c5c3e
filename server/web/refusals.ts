// The one place a use-case's refusal becomes a page: not_found 404, forbidden 403, conflict 409,
// invalid 422 (for a handler with no form of its own to show again). The error handler
// (plugins/errors.ts) renders the page in the reader's language.
import { HttpError } from '../plugins/errors.js';
import type { FieldErrors } from '../forms/validate.js';
import type { Refusal, Result } from '../shared/result.js';

export const REFUSAL_STATUS = { not_found: 404, forbidden: 403, conflict: 409, invalid: 422 } as const satisfies Record<
  Refusal['refusal'],
  number
>;

/** Answers a refusal with its page. */
export function refuse(r: Refusal): never {
  throw new HttpError(REFUSAL_STATUS[r.refusal], r.refusal === 'conflict' ? `conflict: ${r.reason}` : r.refusal);
}

/** The value of an ok answer; any refusal becomes its page. A handler with a form checks `invalid` first. */
export function valueOf<T>(r: Result<T>): T {
  if (!r.ok) refuse(r);
  return r.value;
}

/**
 * The field errors of a refused form, for the same form shown again (422). A conflict whose reason
 * `conflicts` words becomes that message on the whole form; any other refusal but `invalid`
 * becomes its page.
 */
export function formErrors<R extends string>(
  r: Refusal<R> | { ok: false; errors: FieldErrors },
  conflicts?: Partial<Record<R, string>>,
): FieldErrors {
  if ('refusal' in r && r.refusal === 'conflict' && conflicts?.[r.reason])
    return { _form: { key: conflicts[r.reason]! } };
  if ('refusal' in r && r.refusal !== 'invalid') refuse(r);
  return r.errors;
}
