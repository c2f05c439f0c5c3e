// The ten channels opinions arrive through, and the particulars each one records.
// One table drives the recording form, its validation and how details are shown in lists.
import { z } from 'zod';
import { optionalInteger, optionalText, text } from '../forms/fields.js';

export const CHANNELS = [
  'leadership',
  'peer_review',
  'self_check',
  'visit',
  'questionnaire',
  'petition',
  'suggestion_box',
  'hotline',
  'supervisor',
  'enforcement',
] as const;
export type Channel = (typeof CHANNELS)[number];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

export type DetailKind = 'text' | 'tel' | 'number' | 'select';

export interface DetailField {
  name: string;
  kind: DetailKind;
  required: boolean;
  /** For selects: the option values; their labels are catalogue keys channels.options.<name>.<value>. */
  options?: readonly string[];
  /** Shown masked in lists (e.g. a caller's number). */
  masked?: boolean;
  /** A way to reach the person: not kept when they ask to stay anonymous. */
  contact?: boolean;
  /** Attributes for the input, e.g. inputmode, autocomplete. */
  max?: number;
  /** The same from one record to the next by the same person (who is on duty): the form keeps it after a save. */
  kept?: boolean;
}

export const CHANNEL_DETAILS: Record<Channel, readonly DetailField[]> = {
  leadership: [{ name: 'leader', kind: 'text', required: true }],
  peer_review: [{ name: 'meeting', kind: 'text', required: false }],
  self_check: [{ name: 'meeting', kind: 'text', required: false }],
  visit: [
    { name: 'place', kind: 'text', required: true },
    { name: 'visited_unit', kind: 'text', required: false },
  ],
  questionnaire: [{ name: 'form_number', kind: 'text', required: false }],
  petition: [
    { name: 'petition_kind', kind: 'select', required: true, options: ['letter', 'visit'] },
    { name: 'reference_number', kind: 'text', required: false },
    { name: 'visitors', kind: 'number', required: false, max: 1000 },
  ],
  suggestion_box: [{ name: 'slip_number', kind: 'text', required: false }],
  hotline: [
    { name: 'caller_number', kind: 'tel', required: false, masked: true, contact: true },
    { name: 'duration_minutes', kind: 'number', required: false, max: 600 },
    { name: 'officer_on_duty', kind: 'text', required: false, kept: true },
  ],
  supervisor: [{ name: 'supervisor_name', kind: 'text', required: true }],
  enforcement: [{ name: 'department', kind: 'text', required: true }],
};

const DETAIL_TEXT_MAX = 200;

function fieldSchema(f: DetailField): z.ZodType {
  switch (f.kind) {
    case 'number':
      return f.required ? optionalInteger(1, f.max ?? 100000).pipe(z.number()) : optionalInteger(1, f.max ?? 100000);
    case 'select':
      return f.required
        ? z.enum(f.options as [string, ...string[]])
        : z.union([
            z.literal('').transform(() => null),
            z.enum(f.options as [string, ...string[]]),
            z.undefined().transform(() => null),
          ]);
    case 'tel':
      return f.required
        ? z
            .string()
            .trim()
            .regex(/^\+?[0-9][0-9 ()-]{2,24}$/, 'errors.phone')
        : optionalText(30).pipe(z.union([z.null(), z.string().regex(/^\+?[0-9][0-9 ()-]{2,24}$/, 'errors.phone')]));
    default:
      return f.required ? text(DETAIL_TEXT_MAX) : optionalText(DETAIL_TEXT_MAX);
  }
}

/** The zod shape of a channel's particulars, to merge into the recording form's schema. */
export function detailShape(channel: Channel): Record<string, z.ZodType> {
  return Object.fromEntries(CHANNEL_DETAILS[channel].map((f) => [f.name, fieldSchema(f)]));
}

export type Details = Record<string, string | number | null>;

/** The stored particulars (JSON); anything unreadable is none. */
export function parseDetails(json: string): Details {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Details) : {};
  } catch {
    return {};
  }
}

/** Keeps only the channel's own particulars that have a value; for an anonymous person, none of their contact. */
/** The details a form keeps from the record just saved: those the same person types again and again (`kept`). */
export function keptDetails(channel: Channel, details: string): Record<string, string | number> {
  let stored: unknown;
  try {
    stored = JSON.parse(details);
  } catch {
    return {};
  }
  if (!stored || typeof stored !== 'object') return {};
  const out: Record<string, string | number> = {};
  for (const f of CHANNEL_DETAILS[channel]) {
    const v = (stored as Record<string, unknown>)[f.name];
    if (f.kept && (typeof v === 'string' || typeof v === 'number')) out[f.name] = v;
  }
  return out;
}

export function pickDetails(channel: Channel, data: Record<string, unknown>, anonymous = false): Details {
  const out: Details = {};
  for (const f of CHANNEL_DETAILS[channel]) {
    if (anonymous && f.contact) continue;
    const v = data[f.name];
    if (typeof v === 'string' || typeof v === 'number') out[f.name] = v;
  }
  return out;
}

/** The particulars of a channel that are a way to reach the person (a hotline caller's number). */
export function contactParticulars(channel: Channel): string[] {
  return CHANNEL_DETAILS[channel].filter((f) => f.contact).map((f) => f.name);
}

/**
 * Whether an opinion typed in by staff (or imported) is anonymous: the person asked to be, or
 * left no name and no way to reach them. A caller who left only a number is reachable, so not.
 */
export function isAnonymous(
  channel: Channel,
  d: {
    anonymous: boolean;
    submitter_name: string | null;
    submitter_phone: string | null;
    submitter_email: string | null;
  } & Record<string, unknown>,
): boolean {
  if (d.anonymous) return true;
  const reachable = contactParticulars(channel).some((name) => d[name] != null && d[name] !== '');
  return d.submitter_name === null && d.submitter_phone === null && d.submitter_email === null && !reachable;
}

/** 13812345678 -> 138****5678: enough to recognise a repeat caller, not enough to call them. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const head = digits.length > 7 ? digits.slice(0, 3) : '';
  return `${head}${'*'.repeat(digits.length - head.length - 4)}${digits.slice(-4)}`;
}

/** Details as shown in staff lists: masked fields masked. */
export function displayDetails(channel: Channel, details: Details): Array<{ name: string; value: string }> {
  return CHANNEL_DETAILS[channel]
    .filter((f) => details[f.name] != null && details[f.name] !== '')
    .map((f) => {
      const v = String(details[f.name]);
      return { name: f.name, value: f.masked ? maskPhone(v) : v };
    });
}
