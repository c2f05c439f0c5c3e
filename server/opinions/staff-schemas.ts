// The staff recording form and the inbox filters. The recording form is built per channel:
// the fields every opinion has, plus that channel's own particulars from channels.ts.
import { z } from 'zod';
import {
  checkbox,
  day,
  id,
  optionalEmail,
  optionalId,
  optionalPhone,
  optionalText,
  searchText,
  text,
  localDateTime,
} from '../forms/fields.js';
import { CHANNEL_DETAILS, CHANNELS, detailShape, type Channel } from './channels.js';
import { OPINION_STATES } from './state.js';

export const OPINION_BODY_MAX = 5000;
export const SUBMITTER_NAME_MAX = 100;

/** The form's one-time key: random, URL-safe. Anything else is treated as absent. */
export const isSubmissionKey = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(v);
const submissionKey = () => z.unknown().transform((v) => (isSubmissionKey(v) ? v : null));

/** The channel's particulars; a required choice left empty says "required", not "invalid". */
function particulars(channel: Channel): Record<string, z.ZodType> {
  const shape = detailShape(channel);
  for (const f of CHANNEL_DETAILS[channel]) {
    if (f.kind === 'select' && f.required)
      shape[f.name] = z
        .string()
        .min(1)
        .pipe(shape[f.name] as z.ZodType<unknown, string>);
  }
  return shape;
}

export function recordForm(channel: Channel, timeZone: string) {
  return z.object({
    channel: z.literal(channel),
    campaign_id: id(),
    received_at: localDateTime(timeZone),
    body: text(OPINION_BODY_MAX),
    unit_id: optionalId(),
    conduct_rule_id: optionalId(),
    anonymous: checkbox(),
    submitter_name: optionalText(SUBMITTER_NAME_MAX),
    submitter_phone: optionalPhone(),
    submitter_email: optionalEmail(),
    submission_key: submissionKey(),
    ...particulars(channel),
  });
}
export type RecordForm = z.infer<ReturnType<typeof recordForm>>;

/** Each inbox filter on its own, so one bad value is reported and ignored without losing the others. */
export const INBOX_FILTERS = {
  campaign: id(),
  channel: z.enum(CHANNELS),
  unit: id(),
  state: z.enum(OPINION_STATES),
  from: day(),
  to: day(),
  /** Words that must appear in the text. */
  q: searchText(200),
} as const;
export type InboxFilterName = keyof typeof INBOX_FILTERS;

/** A page number; anything unreadable is page 1. */
export const pageNumber = (v: unknown): number => {
  if (typeof v !== 'string' || !/^[1-9]\d{0,5}$/.test(v.trim())) return 1;
  return Number(v.trim());
};
