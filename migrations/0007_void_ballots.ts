// Frozen: voiding a spoiled or returned ballot slip, as it was when written. Imports nothing from
// server/. A void ballot can no longer vote and no longer counts as issued for the quorum; the
// round keeps how many of its codes were voided, so its result can say so. As with `used`, the
// ballot row says only that it is void, not when or by whom (the audit log says one was).
// The guarantees of 0006 stay: votes are never changed or deleted, a used ballot stays used; and
// now a void ballot stays void, and no ballot is ever both used and void.
import { sql, type Kysely } from 'kysely';
import { refuse, dropTrigger } from './dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('ballots')
    .addColumn('voided', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`voided in (0, 1)`),
    )
    .execute();
  await db.schema
    .alterTable('evaluation_rounds')
    .addColumn('voided', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`voided >= 0`),
    )
    .execute();

  await refuse(db, 'ballots_stay_void', {
    event: 'update of voided',
    on: 'ballots',
    when: 'old.voided = 1 and new.voided <> 1',
    message: 'a void ballot stays void',
  });
  // Checked on the new row, so neither order of the two changes (nor both at once) gets through.
  await refuse(db, 'ballots_used_or_void', {
    event: 'update',
    on: 'ballots',
    when: 'new.used = 1 and new.voided = 1',
    message: 'a ballot is used or void, never both',
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['ballots_used_or_void', 'ballots_stay_void']) await dropTrigger(db, t, 'ballots');
  await db.schema.alterTable('evaluation_rounds').dropColumn('voided').execute();
  await db.schema.alterTable('ballots').dropColumn('voided').execute();
}
