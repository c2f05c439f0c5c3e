// Frozen: rectifications as they were when written. Imports nothing from server/.
// One rectification per problem: its measures (each with an owner and a deadline), the unit's
// progress reports, the public timeline, and the overdue reminders already sent (one a day).
import { sql, type Kysely } from 'kysely';
import { serialKey, refuse, dropTrigger } from './dialect.js';

const STATES = [
  'draft',
  'committed',
  'in_progress',
  'reported_done',
  'under_review',
  'passed',
  'failed',
  'confirmed',
  'relapsed',
];

const inList = (column: string, values: string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rectifications')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('problem_id', 'integer', (c) => c.notNull().unique().references('problems.id'))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('responsible_person', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('target_date', 'text')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft').check(inList('state', STATES)))
    // Round 1, then 2, 3, … each time it is done again after a failed round or a relapse.
    .addColumn('round', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`round >= 1`),
    )
    .addColumn('committed_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('rectifications_committed_stamped', sql`state = 'draft' or committed_at is not null`)
    .execute();
  await db.schema
    .createIndex('rectifications_campaign_state_idx')
    .on('rectifications')
    .columns(['campaign_id', 'state'])
    .execute();
  await db.schema.createIndex('rectifications_unit_idx').on('rectifications').column('unit_id').execute();
  await refuse(db, 'rectifications_no_delete', {
    event: 'delete',
    on: 'rectifications',
    message: 'rectifications are never deleted',
  });

  await db.schema
    .createTable('measures')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('rectification_id', 'integer', (c) => c.notNull().references('rectifications.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    // A calendar day, YYYY-MM-DD, in the portal's time zone.
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('measures_rectification_idx')
    .on('measures')
    .columns(['rectification_id', 'position'])
    .execute();
  // Overdue is "a deadline passed and not done": this index finds those without reading the rest.
  await db.schema.createIndex('measures_open_deadline_idx').on('measures').columns(['done_at', 'deadline']).execute();

  await db.schema
    .createTable('progress_reports')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('rectification_id', 'integer', (c) => c.notNull().references('rectifications.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('percent', 'integer', (c) => c.check(sql`percent is null or percent between 0 and 100`))
    // JSON: the ids of the measures this report marked done.
    .addColumn('measures_done', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('reported_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('progress_reports_rectification_idx')
    .on('progress_reports')
    .columns(['rectification_id', 'at'])
    .execute();

  // The public timeline: commitments, progress, state changes, results. Never a staff name.
  await db.schema
    .createTable('rectification_events')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('rectification_id', 'integer', (c) => c.notNull().references('rectifications.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('data', 'text')
    .execute();
  await db.schema
    .createIndex('rectification_events_rectification_idx')
    .on('rectification_events')
    .columns(['rectification_id', 'at'])
    .execute();
  await db.schema.createIndex('rectification_events_at_idx').on('rectification_events').column('at').execute();

  // One reminder per rectification per day, whatever restarts or processes: the key says so.
  await db.schema
    .createTable('overdue_reminders')
    .addColumn('rectification_id', 'integer', (c) => c.notNull().references('rectifications.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('overdue_reminders_pk', ['rectification_id', 'day'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTrigger(db, 'rectifications_no_delete', 'rectifications');
  for (const t of ['overdue_reminders', 'rectification_events', 'progress_reports', 'measures', 'rectifications'])
    await db.schema.dropTable(t).execute();
}
