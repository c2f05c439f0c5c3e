// What every use-case answers: `ok` with its value, or one named refusal. A use-case never throws
// to refuse (a throw is a bug or a lost database); the web layer turns a refusal into its page in
// one place (`web/refusals.ts`: 404, 403, 409, 422), and a handler with a form shows the same form
// again with the field errors of `invalid`.
import type { FieldErrors } from '../forms/validate.js';

export type Ok<T> = { ok: true; value: T };
/** The thing asked for does not exist (or cannot be told apart from not existing). */
export type NotFound = { ok: false; refusal: 'not_found' };
/** It exists, and this person may not do this to it. */
export type Forbidden = { ok: false; refusal: 'forbidden' };
/** It is not in a state that allows this (already issued, closed, used, moved on): `reason` says which. */
export type Conflict<R extends string = string> = { ok: false; refusal: 'conflict'; reason: R };
/** What was given is wrong: errors per field (or `_form`), for the same form shown again. */
export type Invalid = { ok: false; refusal: 'invalid'; errors: FieldErrors };

export type Refusal<R extends string = string> = NotFound | Forbidden | Conflict<R> | Invalid;
export type Result<T, R extends string = string> = Ok<T> | Refusal<R>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const invalid = (errors: FieldErrors): Invalid => ({ ok: false, refusal: 'invalid', errors });
export const notFound = (): NotFound => ({ ok: false, refusal: 'not_found' });
export const forbidden = (): Forbidden => ({ ok: false, refusal: 'forbidden' });
export const conflict = <R extends string>(reason: R): Conflict<R> => ({ ok: false, refusal: 'conflict', reason });

/** A refusal named in a lookup (not_found, forbidden) passes through a use-case unchanged. */
export const isRefusal = (x: unknown): x is Refusal =>
  typeof x === 'object' && x !== null && (x as { ok?: unknown }).ok === false && 'refusal' in x;
