// Overdue reminders: once a day, while a rectification is overdue (overdue.ts), its responsible
// unit's contact addresses get an email, each in its own language, naming the late measures and
// linking to the staff page. The portal runs this every few minutes (plugin.ts) and so does
// `npm run remind` (scripts/remind-overdue.ts); both call remindOverdue().
//
// Once a day, whatever restarts or processes: each reminder is first claimed (an insert that the
// table's primary key, rectification and day, lets only one caller make), in a transaction that
// takes the write lock before it reads; only the claimant sends. Then:
// - every address failed (the SMTP server refused or could not be reached): the claim is
//   released and a later run tries again, so a day's reminder is not silently lost; each failed
//   attempt is in the audit log, and the mailer keeps each unsent message in outbox/unsent;
// - some addresses failed: the reminder counts as sent (the unit heard of it); the failures are
//   counted in the audit entry and kept in outbox/unsent;
// - the unit has no contact address: nothing to send; the claim (0 recipients) and an audit entry
//   record that, once a day, so it can be seen and put right.
// A process that dies between claiming and sending loses that day's reminder: the rule chooses
// never sending twice over never missing a day. The next day's reminder is claimed afresh.
import * as audit from '../audit/service.js';
import type { DB } from '../db/database.js';
import { localDay } from '../i18n/format.js';
import type { Mailer } from '../shared/mailer.js';
import * as problems from '../problems/repository.js';
import { isOverdue, lateMeasures } from '../rectifications/overdue.js';
import * as rectifications from '../rectifications/repository.js';
import * as units from '../units/repository.js';
import type { UnitContactRow } from '../units/tables.js';
import * as repo from './repository.js';
import { writeTransaction } from '../db/transaction.js';

export interface ReminderLog {
  warn(message: string, detail: Record<string, unknown>): void;
}

export interface ReminderDeps {
  db: DB;
  mailer: Mailer;
  baseUrl: string;
  timeZone: string;
  log?: ReminderLog;
}

export interface ReminderRun {
  /** The day reminded for (YYYY-MM-DD, the portal's time zone). */
  day: string;
  /** Overdue and not yet reminded today when the run began. */
  due: number;
  /** Reminders that reached at least one address. */
  sent: number;
  /** Messages delivered, one per address. */
  messages: number;
  /** Overdue, but the unit has no contact address: recorded, nothing sent. */
  noContacts: number;
  /** Reminders no address received: released, to be tried again. */
  failed: number;
  /** Claimed meanwhile by another run, no longer overdue, or an error (logged). */
  skipped: number;
}

export const REMINDER_TEMPLATE = 'reminders/overdue';

export const staffUrl = (baseUrl: string, id: number) => `${baseUrl}/staff/rectifications/${id}`;

/** One address once, in the language of its first entry. */
function distinct(contacts: readonly UnitContactRow[]): UnitContactRow[] {
  const seen = new Set<string>();
  return contacts.filter((c) => {
    const key = c.email.trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type Outcome = 'sent' | 'no_contacts' | 'failed' | 'skipped';

async function remindOne(deps: ReminderDeps, now: Date, day: string, id: number, tally: ReminderRun): Promise<Outcome> {
  const { db, mailer, baseUrl } = deps;
  const at = now.toISOString();
  const claim = await writeTransaction(db, async (trx) => {
    // The claim comes first: it takes the write lock (so two processes queue here rather than
    // both reading first), and the primary key decides who sends.
    if (!(await rectifications.claimReminder(trx, id, day, at, 0))) return null;
    const r = await rectifications.findRectification(trx, id);
    const measures = r ? await rectifications.measuresOf(trx, id) : [];
    if (!r || !isOverdue(r.state, measures, day)) {
      // Done (or moved on) since the list was read: nothing to remind of today after all.
      await repo.releaseClaim(trx, id, day);
      return null;
    }
    const [problem, unit, contacts] = await Promise.all([
      problems.findProblem(trx, r.problem_id),
      units.findUnit(trx, r.unit_id),
      units.contactsOf(trx, r.unit_id),
    ]);
    const late = lateMeasures(measures, day);
    const to = distinct(contacts);
    if (to.length === 0) {
      await audit.record(trx, audit.SYSTEM_ACTOR, now, {
        action: 'rectification.reminder_no_contacts',
        entityType: 'rectification',
        entityId: id,
        data: { day, unit_id: r.unit_id, late_measures: late.length },
      });
    }
    return { r, title: problem?.title ?? '', unitName: unit?.name ?? '', late, to };
  });
  if (!claim) return 'skipped';
  if (claim.to.length === 0) return 'no_contacts';

  const { r, title, unitName, late, to } = claim;
  const data = {
    title,
    unit: unitName,
    count: late.length,
    day,
    staffUrl: staffUrl(baseUrl, id),
    measures: late.map((m) => ({ description: m.description, deadline: m.deadline })),
  };
  let delivered = 0;
  for (const c of to) {
    try {
      await mailer.send({
        to: c.email,
        locale: c.locale,
        template: REMINDER_TEMPLATE,
        data: { ...data, name: c.name },
      });
      delivered++;
    } catch (err) {
      deps.log?.warn('overdue reminder not delivered', { rectificationId: id, contactId: c.id, err: String(err) });
    }
  }
  const failed = to.length - delivered;
  tally.messages += delivered;

  await writeTransaction(db, async (trx) => {
    const counts = { day, recipients: to.length, delivered, failed, late_measures: late.length, round: r.round };
    if (delivered === 0) {
      await repo.releaseClaim(trx, id, day);
      await audit.record(trx, audit.SYSTEM_ACTOR, now, {
        action: 'rectification.reminder_failed',
        entityType: 'rectification',
        entityId: id,
        data: counts,
      });
    } else {
      await repo.settleClaim(trx, id, day, delivered);
      await audit.record(trx, audit.SYSTEM_ACTOR, now, {
        action: 'rectification.reminder_sent',
        entityType: 'rectification',
        entityId: id,
        data: counts,
      });
    }
  });
  return delivered === 0 ? 'failed' : 'sent';
}

/** Sends today's reminders for every overdue rectification not yet reminded today. */
export async function remindOverdue(deps: ReminderDeps, now: Date): Promise<ReminderRun> {
  const day = localDay(now, deps.timeZone);
  const due = await rectifications.overdueUnremindedOn(deps.db, day);
  const tally: ReminderRun = { day, due: due.length, sent: 0, messages: 0, noContacts: 0, failed: 0, skipped: 0 };
  for (const id of due) {
    let outcome: Outcome;
    try {
      outcome = await remindOne(deps, now, day, id, tally);
    } catch (err) {
      // One rectification's trouble (a busy database, a template error) does not stop the others.
      // Before the claim committed, it rolled back and the next run tries again; after, it stands.
      deps.log?.warn('overdue reminder failed', { rectificationId: id, err: String(err) });
      outcome = 'skipped';
    }
    if (outcome === 'sent') tally.sent++;
    else if (outcome === 'no_contacts') tally.noContacts++;
    else if (outcome === 'failed') tally.failed++;
    else tally.skipped++;
  }
  return tally;
}
