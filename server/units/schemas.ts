// The unit form: name, kind, parent, and rows of contact addresses.
//
// HTML sends flat names, so contact row i is the fields contacts_<i>_id (hidden, for an
// existing address), _email, _name, _locale and _remove (a checkbox on existing rows). Errors
// are reported on those flat names, so each message sits next to the field it is about.
import { z } from 'zod';
import { LOCALES, type Locale } from '../config.js';
import { checkbox, optionalId, optionalText, text } from '../forms/fields.js';
import { UNIT_KINDS, type UnitKind } from './tables.js';

/** The most address rows one form carries (existing ones and blank ones together). */
export const MAX_CONTACT_ROWS = 20;
/** Blank rows offered for new addresses. */
export const BLANK_CONTACT_ROWS = 3;
export const UNIT_NAME_MAX = 200;
export const CONTACT_NAME_MAX = 100;
export const EMAIL_MAX = 254;

export const contactField = (row: number, field: 'id' | 'email' | 'name' | 'locale' | 'remove') =>
  `contacts_${row}_${field}`;

const contactShape: Record<string, z.ZodType> = {};
for (let i = 0; i < MAX_CONTACT_ROWS; i++) {
  contactShape[contactField(i, 'id')] = optionalId();
  // Checked in the row rules below: whether it is required depends on the rest of the row.
  contactShape[contactField(i, 'email')] = z.string().optional();
  contactShape[contactField(i, 'name')] = optionalText(CONTACT_NAME_MAX);
  contactShape[contactField(i, 'locale')] = z.enum(LOCALES).optional();
  // checkbox() alone refuses an absent key (an unticked box), hence optional().
  contactShape[contactField(i, 'remove')] = checkbox();
}

export interface ContactInput {
  /** The form row it came from, for errors. */
  row: number;
  /** An existing address; null for a new one. */
  id: number | null;
  email: string;
  name: string | null;
  locale: Locale;
  /** Remove this existing address. */
  remove: boolean;
}

export interface UnitForm {
  name: string;
  kind: UnitKind;
  parent_id: number | null;
  contacts: ContactInput[];
}

const emailFormat = z.email().max(EMAIL_MAX);

type Raw = Record<string, unknown>;

/** A row's meaning, or null when it is blank (nothing typed, nothing existing). */
function readRow(v: Raw, i: number): ContactInput | null {
  const id = v[contactField(i, 'id')];
  const email = v[contactField(i, 'email')];
  const name = v[contactField(i, 'name')];
  const locale = v[contactField(i, 'locale')];
  const row: ContactInput = {
    row: i,
    id: typeof id === 'number' ? id : null,
    email: typeof email === 'string' ? email.trim().toLowerCase() : '',
    name: typeof name === 'string' ? name : null,
    locale: locale === 'en' || locale === 'zh-CN' ? locale : 'zh-CN',
    remove: v[contactField(i, 'remove')] === true,
  };
  if (row.id === null && (row.remove || (row.email === '' && row.name === null))) return null;
  return row;
}

export const UnitForm = z
  .object({
    name: text(UNIT_NAME_MAX),
    kind: z.string().trim().min(1).pipe(z.enum(UNIT_KINDS)),
    parent_id: optionalId(),
    ...contactShape,
  })
  .superRefine(
    (v, ctx) => {
      // Whether an address is already the unit's needs the stored ones: that check is updateUnit()'s.
      for (let i = 0; i < MAX_CONTACT_ROWS; i++) {
        const row = readRow(v, i);
        if (!row || row.remove) continue;
        const path = [contactField(i, 'email')];
        if (row.email === '') ctx.addIssue({ code: 'custom', path, message: 'errors.required' });
        else if (row.email.length > EMAIL_MAX)
          ctx.addIssue({
            code: 'too_big',
            origin: 'string',
            maximum: EMAIL_MAX,
            inclusive: true,
            path,
            message: 'errors.tooLong',
          });
        else if (!emailFormat.safeParse(row.email).success)
          ctx.addIssue({ code: 'custom', path, message: 'errors.email' });
      }
      // Run even when another field failed, so every row's message shows at once; readRow()
      // takes nothing on trust.
    },
    { when: () => true },
  )
  .transform((v): UnitForm => {
    const contacts: ContactInput[] = [];
    for (let i = 0; i < MAX_CONTACT_ROWS; i++) {
      const row = readRow(v, i);
      if (row) contacts.push(row);
    }
    return { name: v.name, kind: v.kind, parent_id: v.parent_id, contacts };
  });

/** How many address rows a form that came back with errors shows: every row that was sent. */
export function submittedContactRows(values: Record<string, unknown>): number {
  let rows = 0;
  for (const key of Object.keys(values)) {
    const m = /^contacts_(\d{1,2})_(?:id|email|name|locale|remove)$/.exec(key);
    if (m) rows = Math.max(rows, Number(m[1]) + 1);
  }
  return Math.min(rows, MAX_CONTACT_ROWS);
}

/** What the form shows for a unit: its fields, its addresses, and blank rows for new ones. */
export function unitFormValues(
  unit: { name: string; kind: UnitKind; parent_id: number | null } | null,
  contacts: readonly { id: number; email: string; name: string | null; locale: Locale }[],
  o: { parentId?: number | null } = {},
): Record<string, string> {
  const values: Record<string, string> = unit
    ? { name: unit.name, kind: unit.kind, parent_id: unit.parent_id === null ? '' : String(unit.parent_id) }
    : { name: '', kind: '', parent_id: o.parentId ? String(o.parentId) : '' };
  contacts.slice(0, MAX_CONTACT_ROWS).forEach((c, i) => {
    values[contactField(i, 'id')] = String(c.id);
    values[contactField(i, 'email')] = c.email;
    values[contactField(i, 'name')] = c.name ?? '';
    values[contactField(i, 'locale')] = c.locale;
  });
  const rows = Math.min(contacts.length + BLANK_CONTACT_ROWS, MAX_CONTACT_ROWS);
  for (let i = contacts.length; i < rows; i++) {
    values[contactField(i, 'email')] = '';
    values[contactField(i, 'name')] = '';
    values[contactField(i, 'locale')] = 'zh-CN';
  }
  return values;
}
