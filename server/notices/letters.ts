// The commitment letter: when a coordinator approves a rectification, the promise goes by email
// to the responsible unit's contacts and to every other unit's, one message per address, each in
// the language set for that address (text and HTML). Sending happens after the approval has
// committed, and nothing here can undo or fail it: a letter that cannot be sent is logged (by
// unit, never by address) and counted, and one audit entry says how many went out.
import { SYSTEM_ACTOR, type Actor } from '../audit/service.js';
import type { Clock } from '../clock.js';
import type { DB } from '../db/database.js';
import { localDay } from '../i18n/format.js';
import type { Mailer } from '../shared/mailer.js';
import { noticeAddress } from './qr.js';
import { letterRecipients, notice, recordLettersSent } from './service.js';

/** views/emails/rectifications/commitment.{html,txt}.eta */
export const LETTER_TEMPLATE = 'rectifications/commitment';

export interface LetterCounts {
  sent: number;
  failed: number;
}

/** A mail error as a log line may tell it: its codes and its message with any address in it blotted out. */
function loggable(err: unknown): Record<string, unknown> {
  if (!err || typeof err !== 'object') return { message: String(err) };
  const e = err as { name?: unknown; message?: unknown; code?: unknown; responseCode?: unknown; command?: unknown };
  const message =
    typeof e.message === 'string' ? e.message.replace(/[^\s<>"',;:]+@[^\s<>"',;:]+/g, '[address]') : undefined;
  return { name: e.name, message, code: e.code, responseCode: e.responseCode, command: e.command };
}

/** What sending needs: the database, the mailer, the clock, the portal's address and time zone, and a log (the app gives all of them). */
export interface LetterDeps {
  db: DB;
  mailer: Mailer;
  clock: Clock;
  config: { baseUrl: string; timeZone: string };
  log: { error(detail: object, message: string): void };
}

export async function sendCommitmentLetters(
  app: LetterDeps,
  rectificationId: number,
  actor: Actor = SYSTEM_ACTOR,
): Promise<LetterCounts> {
  const counts = { recipients: 0, sent: 0, failed: 0 };
  try {
    // Units are inside the organisation: an individual cadre's commitment is written to them too ("within the system").
    const found = await notice(
      app.db,
      rectificationId,
      { staff: true },
      localDay(app.clock.now(), app.config.timeZone),
    );
    if (!found.ok) return { sent: 0, failed: 0 };
    const n = found.value;
    const recipients = await letterRecipients(app.db, n.rectification.unit_id);
    counts.recipients = recipients.length;
    const letter = {
      title: n.problem.title,
      description: n.problem.description,
      level: n.problem.level,
      internal: n.internal,
      unitName: n.unitName,
      responsiblePerson: n.rectification.responsible_person,
      targetDate: n.rectification.target_date,
      committedAt: n.rectification.committed_at,
      measures: n.measures.map((m) => ({ description: m.description, owner: m.owner, deadline: m.deadline })),
      link: noticeAddress(app.config.baseUrl, rectificationId),
    };
    for (const r of recipients) {
      try {
        await app.mailer.send({
          to: r.email,
          locale: r.locale,
          template: LETTER_TEMPLATE,
          data: { ...letter, recipientUnit: r.unitName, responsible: r.responsible },
        });
        counts.sent++;
      } catch (err) {
        counts.failed++;
        app.log.error(
          { err: loggable(err), rectificationId, unitId: r.unitId },
          'a commitment letter could not be sent',
        );
      }
    }
    await recordLettersSent(app.db, actor, app.clock.now(), rectificationId, counts);
  } catch (err) {
    // The approval stands whatever happened here; what was not sent is in the log and the outbox.
    app.log.error({ err: loggable(err), rectificationId }, 'the commitment letters could not all be sent');
  }
  return { sent: counts.sent, failed: counts.failed };
}
