// What a use-case answers: done (with a value), or invalid with errors per field, so the
// handler shows the same form again (422). Other failures are thrown.
import type { FieldErrors } from '../forms/validate.js';

export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const invalid = <T = never>(errors: FieldErrors): Result<T> => ({ ok: false, errors });
