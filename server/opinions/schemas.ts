// The public side of opinions: the online suggestion box form and the tracking look-up.
import { z } from 'zod';
import { optionalEmail, optionalId, optionalPhone, optionalText, text } from '../forms/fields.js';
import { validateForm, type FieldErrors, type FormResult } from '../forms/validate.js';

export const OPINION_BODY_MAX = 5000;
export const SUBMITTER_NAME_MAX = 100;

/** The hidden field a person never sees or fills; a filled one means a robot sent the form. */
export const HONEYPOT_FIELD = 'website';

/** The shape of the form's one-time key (see newSubmissionKey in public-routes.ts). */
export const SUBMISSION_KEY = /^[A-Za-z0-9_-]{22,64}$/;

/** Fields in the order the form shows them: the error summary lists problems in this order. */
export const SUGGESTION_FIELDS = [
  'campaign_id',
  'body',
  'unit_id',
  'conduct_rule_id',
  'identity',
  'name',
  'contact',
  'phone',
  'email',
] as const;

/** Whoever chose to stay anonymous: what they may have typed in the name and contact fields is not read at all. */
function dropContactUnlessNamed(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const b = body as Record<string, unknown>;
  if (b.identity === 'named') return b;
  const { name: _name, phone: _phone, email: _email, ...rest } = b;
  return rest;
}

export const SuggestionForm = z.preprocess(
  dropContactUnlessNamed,
  z
    .object({
      campaign_id: optionalId(),
      body: text(OPINION_BODY_MAX),
      unit_id: optionalId(),
      conduct_rule_id: optionalId(),
      identity: z.enum(['anonymous', 'named']).default('anonymous'),
      name: optionalText(SUBMITTER_NAME_MAX),
      phone: optionalPhone(),
      email: optionalEmail(),
      // A missing or malformed key is no key: the opinion is still taken (nothing is lost),
      // it just is not protected against a second submit.
      submission_key: z.unknown().transform((v) => (typeof v === 'string' && SUBMISSION_KEY.test(v) ? v : null)),
    })
    .superRefine((v, ctx) => {
      if (v.identity !== 'named') return;
      if (!v.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'errors.required' });
      if (!v.phone && !v.email) ctx.addIssue({ code: 'custom', path: ['contact'], message: 'errors.required' });
    }),
);
export type SuggestionForm = z.infer<typeof SuggestionForm>;

const blank = (v: unknown) => typeof v !== 'string' || v.trim() === '';

/**
 * Validates the suggestion box. The schema holds every rule; this adds the words for the two
 * that span fields (validateForm passes on only errors.* keys), so the person reads why.
 */
export function validateSuggestion(body: unknown): FormResult<SuggestionForm> {
  const form = validateForm(SuggestionForm, body);
  if (form.ok) return form;
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const errors: FieldErrors = { ...form.errors };
  if (errors.identity) errors.identity = { key: 'opinions.errors.chooseIdentity' };
  // Whatever was wrong with a choice from a list, the fix is the same: choose from the list.
  if (errors.unit_id) errors.unit_id = { key: 'opinions.errors.unknownUnit' };
  if (errors.conduct_rule_id) errors.conduct_rule_id = { key: 'opinions.errors.unknownRule' };
  if (b.identity === 'named') {
    if (blank(b.name)) errors.name = { key: 'opinions.errors.nameNeeded' };
    if (blank(b.phone) && blank(b.email)) errors.contact = { key: 'opinions.errors.contactNeeded' };
    // A contact was typed but is malformed: the message belongs by that field, not here.
    else delete errors.contact;
  }
  return { ...form, errors: inFormOrder(errors) };
}

/** Errors in the order the fields appear on the form (the summary reads top to bottom). */
export function inFormOrder(errors: FieldErrors): FieldErrors {
  const rank = (k: string) => {
    const i = (SUGGESTION_FIELDS as readonly string[]).indexOf(k);
    return i < 0 ? SUGGESTION_FIELDS.length : i;
  };
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

/** The look-up form's query: the code as typed (normalised by trackOpinion). */
export const TrackQuery = z.object({
  code: z.string().max(100).optional().catch(undefined),
});
export type TrackQuery = z.infer<typeof TrackQuery>;
