// Redaction: a coordinator blacks out personal details (a name, a phone number) in an opinion's
// text. Only exact passages can be removed, each replaced by a fixed marker, so the meaning
// cannot be changed. The text before the first redaction is kept for administrators only; the
// audit entry counts what was removed and never contains it.
import { can, type OpinionScope, type Principal } from '../accounts/permissions.js';
import * as audit from '../audit/service.js';
import type { Clock } from '../clock.js';
import type { Locale } from '../config.js';
import type { DB } from '../db/database.js';
import type { FieldErrors } from '../forms/validate.js';
import { translator } from '../i18n/catalog.js';
import * as opinions from '../opinions/repository.js';
import { inScope } from '../opinions/service.js';
import type { OpinionRow } from '../opinions/tables.js';
import { forbidden, invalid, notFound, ok, type Result } from '../shared/result.js';
import { detectPersonalDetails, type Detected } from './detect.js';
import { redact } from './redact.js';
import * as repo from './repository.js';
import type { RedactionForm } from './schemas.js';
import { writeTransaction } from '../db/transaction.js';

/** The opinion, if the scope may read it: otherwise not_found or forbidden, as on the opinion page. */
async function readableOpinion(db: DB, opinionId: number, scope: OpinionScope): Promise<Result<OpinionRow>> {
  const opinion = await opinions.findById(db, opinionId);
  if (!opinion) return notFound();
  if (!inScope(scope, opinion)) return forbidden();
  return ok(opinion);
}

/** What replaces a removed passage: fixed, in the opinion's own language. */
export const markerFor = (locale: Locale): string => translator(locale)('redaction.marker');

export interface OriginalText {
  body: string;
  redactedAt: string;
  redactedBy: { name: string; email: string } | null;
}

export interface RedactionSection {
  /** Whether the text has been redacted at least once (anyone who reads the opinion may know). */
  redacted: boolean;
  /** The text before redaction: only for those who may read it, otherwise null. */
  original: OriginalText | null;
  /** Whether the reader may redact, and the details found in the text for them to tick. */
  canRedact: boolean;
  detected: Detected[];
  /** What a removed passage becomes in this opinion. */
  marker: string;
}

async function originalText(db: DB, opinionId: number): Promise<OriginalText | null> {
  const row = await repo.findOriginalWithRedactor(db, opinionId);
  if (!row) return null;
  return {
    body: row.body,
    redactedAt: row.redacted_at,
    redactedBy: row.redactor_email !== null ? { name: row.redactor_name ?? '', email: row.redactor_email } : null,
  };
}

/** What the redaction section of the opinion page shows this reader. The caller has checked the opinion is readable. */
export async function redactionSection(
  db: DB,
  user: Principal,
  opinion: Pick<OpinionRow, 'id' | 'body' | 'locale'>,
): Promise<RedactionSection> {
  const original = await originalText(db, opinion.id);
  const canRedact = can(user, 'opinions.redact');
  return {
    redacted: original !== null,
    original: can(user, 'opinions.readOriginal') ? original : null,
    canRedact,
    detected: canRedact ? detectPersonalDetails(opinion.body) : [],
    marker: markerFor(opinion.locale),
  };
}

const quoted = (passages: string[]) => passages.map((p) => `“${p}”`).join(', ');

/** The redaction form's page: the opinion (readable by the scope) and the details found in its text. */
export async function redactionForm(
  db: DB,
  opinionId: number,
  scope: OpinionScope,
): Promise<Result<{ opinion: OpinionRow; detected: Detected[] }>> {
  const readable = await readableOpinion(db, opinionId, scope);
  if (!readable.ok) return readable;
  const opinion = readable.value;
  return ok({ opinion, detected: detectPersonalDetails(opinion.body) });
}

/** The text before redaction, for an administrator: not_found when it was never redacted. */
export async function originalOf(
  db: DB,
  opinionId: number,
  scope: OpinionScope,
): Promise<Result<{ opinion: OpinionRow; original: OriginalText }>> {
  const readable = await readableOpinion(db, opinionId, scope);
  if (!readable.ok) return readable;
  const opinion = readable.value;
  const original = await originalText(db, opinion.id);
  if (!original) return notFound();
  return ok({ opinion, original });
}

/**
 * Removes the chosen passages from an opinion's text. Refused (invalid) when nothing was chosen,
 * when a typed passage or a ticked detail is not in the text as it is now, or when nothing but
 * markers would be left.
 */
export async function redactOpinion(
  db: DB,
  clock: Clock,
  actor: audit.Actor & { id: number },
  opinionId: number,
  scope: OpinionScope,
  form: RedactionForm,
): Promise<Result<{ passages: number; occurrences: number }>> {
  return writeTransaction(db, async (trx) => {
    const readable = await readableOpinion(trx, opinionId, scope);
    if (!readable.ok) return readable;
    const opinion = readable.value;
    const passages = [...new Set([...form.passages, ...form.detected])];
    if (passages.length === 0) return invalid({ passages: { key: 'redaction.errors.nothingChosen' } });

    const errors: FieldErrors = {};
    const typedMissing = form.passages.filter((p) => !opinion.body.includes(p));
    if (typedMissing.length > 0) {
      errors.passages = { key: 'redaction.errors.notFound', params: { passages: quoted(typedMissing) } };
    }
    if (form.detected.some((p) => !opinion.body.includes(p)))
      errors.detected = { key: 'redaction.errors.detectedGone' };
    if (Object.keys(errors).length > 0) return invalid(errors);

    const result = redact(opinion.body, passages, markerFor(opinion.locale));
    if (!result.ok) {
      return invalid({
        passages:
          result.reason === 'missing'
            ? { key: 'redaction.errors.notFound', params: { passages: quoted(result.missing) } }
            : { key: 'redaction.errors.nothingLeft' },
      });
    }

    const now = clock.now();
    const first = (await repo.findOriginal(trx, opinion.id)) === undefined;
    if (first)
      await repo.keepOriginal(trx, {
        opinion_id: opinion.id,
        body: opinion.body,
        redacted_by: actor.id,
        redacted_at: now.toISOString(),
      });
    await repo.setOpinionBody(trx, opinion.id, result.body);
    // How much, never what: the removed text must not live on in the append-only log.
    await audit.record(trx, actor, now, {
      action: 'opinion.redacted',
      entityType: 'opinion',
      entityId: opinion.id,
      data: {
        passages: passages.length,
        typed: form.passages.length,
        detected: form.detected.length,
        occurrences: result.occurrences,
        first_redaction: first,
      },
    });
    return ok({ passages: passages.length, occurrences: result.occurrences });
  });
}
