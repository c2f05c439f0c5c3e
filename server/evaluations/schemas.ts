// The forms of evaluation rounds: opening a round (two datetime-local values in the portal's
// zone), issuing paper slips, a symposium's paper tally, a solicitation note, and the voter's
// ballot. The ballot code itself is not in a schema: it is read by ballots.readBallotCode, the
// one reader of codes, before anything else is looked at.
import { z } from 'zod';
import { checkbox, idList, integer, optionalText, text, localDateTime } from '../forms/fields.js';
import { CHOICES } from './tally.js';

/** Slips issued at one go (one printing). */
export const SLIPS_MAX = 500;
/** More people than any meeting holds; counts above it are typing mistakes. */
export const PEOPLE_MAX = 100_000;
export const MEETING_MAX = 200;
export const NOTE_MAX = 5000;
export const COMMENT_MAX = 2000;
/** A round lasts at most this long: a longer one is a mistyped year. */
export const ROUND_DAYS_MAX = 366;

/** The form's one-time key (slips): random, URL-safe. */
export const ISSUE_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * Opening a round. Closing before opening is the service's rule (openRound); here only what a
 * form can get wrong on its own: a closing time already past, or a round over a year long.
 */
export function openRoundForm(timeZone: string, now: Date) {
  return z.object({ opens_at: localDateTime(timeZone), closes_at: localDateTime(timeZone) }).superRefine((v, ctx) => {
    // zod runs this even when a field did not read (then it holds what was typed): that field's own message says it.
    if (!(v.opens_at instanceof Date) || !(v.closes_at instanceof Date)) return;
    if (v.closes_at.getTime() <= now.getTime())
      ctx.addIssue({ code: 'custom', path: ['closes_at'], message: 'evaluations.errors.closesInPast' });
    else if (v.closes_at.getTime() - v.opens_at.getTime() > ROUND_DAYS_MAX * 86_400_000) {
      ctx.addIssue({ code: 'custom', path: ['closes_at'], message: 'evaluations.errors.roundTooLong' });
    }
  });
}
export type OpenRoundForm = z.infer<ReturnType<typeof openRoundForm>>;

/** A count typed by a person: required, whole, at least zero. */
const count = () => z.string().trim().min(1).pipe(integer(0, PEOPLE_MAX));

export const SlipsForm = z.object({
  count: z.string().trim().min(1).pipe(integer(1, SLIPS_MAX)),
  issue_key: z.string().regex(ISSUE_KEY, 'evaluations.errors.formExpired'),
});
export type SlipsForm = z.infer<typeof SlipsForm>;

export const PaperTallyForm = z.object({
  meeting: text(MEETING_MAX),
  present: count(),
  satisfied: count(),
  basically_satisfied: count(),
  dissatisfied: count(),
  unable_to_judge: count(),
});
export type PaperTallyForm = z.infer<typeof PaperTallyForm>;

export const NoteForm = z.object({ note: text(NOTE_MAX) });
export type NoteForm = z.infer<typeof NoteForm>;

/** The voter's ballot: one of the four choices, an optional comment, and "I am sure". */
export const VoteForm = z.object({
  choice: z.enum(CHOICES, { message: 'evaluations.errors.chooseOne' }),
  comment: optionalText(COMMENT_MAX),
  confirm: checkbox().refine((v) => v, 'evaluations.errors.confirm'),
});
export type VoteForm = z.infer<typeof VoteForm>;

/**
 * Voiding a slip: the code as typed, or the voting address its QR code holds (so at most an
 * address's length). Whether it is a code, and whose, is the service's to say (voidSlip).
 */
export const VOID_CODE_MAX = 300;
export const VoidForm = z.object({ code: text(VOID_CODE_MAX) });
export type VoidForm = z.infer<typeof VoidForm>;

/** The members of the register to email a code to. */
export const InviteForm = z.object({ people: idList() });
