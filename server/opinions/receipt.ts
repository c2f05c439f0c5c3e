// What the public side does once an opinion is acknowledged: the emailed receipt, and the
// address of the receipt page that shows the tracking code. Shared by the suggestion box and
// the comment form of a public problem. The request's part (its language, its log) is in
// web/receipt.ts.
import { randomBytes } from 'node:crypto';
import type { Locale } from '../config.js';
import { groupCode } from '../shared/codes.js';
import type { Mailer } from '../shared/mailer.js';
import { HONEYPOT_FIELD, OPINION_BODY_MAX, SUBMISSION_KEY, SUBMITTER_NAME_MAX } from './schemas.js';
import type { CreatedOpinion } from './service.js';

/** What the receipt page says about the emailed receipt. */
export const MAIL_OUTCOMES = ['sent', 'failed', 'none', 'repeat'] as const;
export type MailOutcome = (typeof MAIL_OUTCOMES)[number];
export const isMailOutcome = (v: unknown): v is MailOutcome =>
  typeof v === 'string' && (MAIL_OUTCOMES as readonly string[]).includes(v);

/** The form's one-time key: 32 URL-safe characters, made when the form is rendered. */
export function newSubmissionKey(): string {
  return randomBytes(24).toString('base64url');
}

/** A filled honeypot, whatever its shape, means a robot. */
export function honeypotFilled(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.trim() !== '';
  return true;
}

/** Where the receipt goes out from: the mailer, the portal's address, the reader's language, and a log for a failure. */
export interface ReceiptSender {
  mailer: Mailer;
  baseUrl: string;
  locale: Locale;
  logError(details: Record<string, unknown>, message: string): void;
}

/** Sends the receipt email when there is an address and the opinion is new; says what happened. */
export async function mailReceipt(
  from: ReceiptSender,
  opinion: CreatedOpinion,
  email: string | null,
): Promise<MailOutcome> {
  if (!opinion.created) return 'repeat';
  if (!email) return 'none';
  const code = groupCode(opinion.trackingCode);
  try {
    await from.mailer.send({
      to: email,
      locale: from.locale,
      template: 'opinions/receipt',
      data: { code, trackUrl: `${from.baseUrl}/track/${code}` },
    });
    return 'sent';
  } catch (err) {
    // The opinion is safe; only the receipt failed. The log names the opinion, not the address.
    from.logError({ err, opinionId: opinion.id }, 'the receipt email for an opinion could not be sent');
    return 'failed';
  }
}

export const receiptPath = (opinion: CreatedOpinion, mail: MailOutcome) =>
  `/opinions/receipt/${groupCode(opinion.trackingCode)}?email=${mail}`;

/**
 * What a page carrying the public form needs: what was typed (anonymous unless chosen), the
 * form's one-time key (kept when the form comes back with errors: it has not made an opinion
 * yet, and the next submit must still count as the same one), the limits and the honeypot's name.
 */
export function publicFormData(values: Record<string, unknown>) {
  const kept = values.submission_key;
  return {
    values: { identity: 'anonymous', ...values },
    submissionKey: typeof kept === 'string' && SUBMISSION_KEY.test(kept) ? kept : newSubmissionKey(),
    bodyMax: OPINION_BODY_MAX,
    nameMax: SUBMITTER_NAME_MAX,
    honeypot: HONEYPOT_FIELD,
  };
}
