// Building blocks for form schemas. HTML forms send strings (or arrays of them for repeated
// names), so every field starts from a string and says how to read it.
import { z } from 'zod';
import { fromLocalInput } from '../i18n/format.js';
import { withoutControlCharacters } from './control-characters.js';

const collapse = (s: string) => withoutControlCharacters(s).replace(/\r\n/g, '\n').trim();

/** Required text, trimmed, at most `max` characters. */
export const text = (max: number) => z.string().transform(collapse).pipe(z.string().min(1).max(max));

/** Words typed into a search box (a query string, which no form cleans): trimmed, control characters removed, at most `max` characters. */
export const searchText = (max: number) =>
  z.string().transform(withoutControlCharacters).pipe(z.string().trim().min(1).max(max));

/** Optional text: empty becomes null. */
export const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .transform((s) => (s === undefined ? '' : collapse(s)))
    .pipe(z.string().max(max))
    .transform((s) => (s === '' ? null : s));

export const email = () =>
  z
    .string()
    .transform(collapse)
    .pipe(z.email().max(254))
    .transform((s) => s.toLowerCase());

export const optionalEmail = () =>
  z
    .string()
    .optional()
    .transform((s) => (s === undefined ? '' : collapse(s)))
    .pipe(z.union([z.literal(''), z.email().max(254)]))
    .transform((s) => (s === '' ? null : s.toLowerCase()));

/** Phone numbers as people write them: digits, spaces, +, -, parentheses, an extension. */
export const optionalPhone = () =>
  z
    .string()
    .optional()
    .transform((s) => (s === undefined ? '' : collapse(s)))
    .pipe(
      z.union([
        z.literal(''),
        z.string().regex(/^\+?[0-9][0-9 ()-]{2,24}(?:\s*(?:ext|x|转)\s*\d{1,6})?$/i, 'errors.phone'),
      ]),
    )
    .transform((s) => (s === '' ? null : s));

/** An id from a <select>; empty means none. */
export const optionalId = () =>
  z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? null : s.trim()))
    .pipe(
      z.union([
        z.null(),
        z
          .string()
          .regex(/^[1-9]\d{0,9}$/, 'errors.invalid')
          .transform(Number),
      ]),
    );

export const id = () =>
  z
    .string()
    .trim()
    .regex(/^[1-9]\d{0,9}$/, 'errors.invalid')
    .transform(Number);

export const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d{1,9}$/, 'errors.number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const optionalInteger = (min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? null : s.trim()))
    .pipe(
      z.union([
        z.null(),
        z
          .string()
          .regex(/^-?\d{1,9}$/, 'errors.number')
          .transform(Number)
          .pipe(z.number().int().min(min).max(max)),
      ]),
    );

/** A checkbox: present means on. */
export const checkbox = () =>
  z
    .string()
    .optional()
    .transform((v) => v !== undefined && v !== '');

/**
 * A required calendar day, YYYY-MM-DD, that exists. Left empty it is missing like any other
 * required field ("Enter this information"); only something that is not a real day is "Enter a
 * real date".
 */
export const day = () =>
  z
    .string()
    .trim()
    .min(1)
    .pipe(
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.date')
        .refine((s) => {
          const d = new Date(`${s}T00:00:00Z`);
          return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
        }, 'errors.date'),
    );

/** Zero or more ids from checkboxes sharing one name. */
export const idList = () =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(
      z
        .array(
          z
            .string()
            .regex(/^[1-9]\d{0,9}$/, 'errors.invalid')
            .transform(Number),
        )
        .max(1000),
    );

/** A datetime-local value read as wall-clock time in the portal's zone. */
export const localDateTime = (timeZone: string) =>
  z
    .string()
    .trim()
    .min(1)
    .transform((v, ctx) => {
      const at = fromLocalInput(v, timeZone);
      if (!at) {
        ctx.addIssue({ code: 'custom', message: 'errors.dateTime' });
        return z.NEVER;
      }
      return at;
    });
