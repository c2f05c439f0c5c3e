// The reminder job's own writes to overdue_reminders (the claim itself is
// rectifications/repository.ts claimReminder, whose primary key makes it once a day).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database>;

/** Gives the day's claim back, so a later run tries again: for a reminder nobody received. */
export async function releaseClaim(db: Db, rectificationId: number, day: string): Promise<void> {
  await db
    .deleteFrom('overdue_reminders')
    .where('rectification_id', '=', rectificationId)
    .where('day', '=', day)
    .execute();
}

/** Records how many addresses the day's reminder reached. */
export async function settleClaim(db: Db, rectificationId: number, day: string, recipients: number): Promise<void> {
  await db
    .updateTable('overdue_reminders')
    .set({ recipients })
    .where('rectification_id', '=', rectificationId)
    .where('day', '=', day)
    .execute();
}
