// Frozen: what a unit sends a coordinator for approval, as it was when written. Imports nothing
// from server/.
//
// A submission is a draft, or (after a failed round or a relapse) a revision of the measures,
// sent to the coordinators: it waits ('submitted'), then is approved or returned to the unit with
// a reason. A returned one stays as it was; the unit sends a new one. A revision carries its
// changes (revision_measures): a measure reopened with a new deadline (measure_id set, the old
// deadline and done time kept when approved, for the notice to show beside the original), or a new
// measure (measure_id set when approved, to the measure it became).
import { sql, type Kysely } from 'kysely';
import { serialKey } from './dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rectification_submissions')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('rectification_id', 'integer', (c) => c.notNull().references('rectifications.id'))
    .addColumn('round', 'integer', (c) => c.notNull().check(sql`round >= 1`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('draft', 'revision')`))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('submitted', 'returned', 'approved')`))
    // A revision: what changes and why, public once approved.
    .addColumn('reason', 'text')
    // A revision: the new target date.
    .addColumn('target_date', 'text')
    // Returned: the coordinator's reason, for the unit.
    .addColumn('return_reason', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('submitted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('rectification_submissions_returned_why', sql`state <> 'returned' or return_reason is not null`)
    .addCheckConstraint(
      'rectification_submissions_revision_why',
      sql`kind <> 'revision' or (reason is not null and target_date is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('rectification_submissions_rectification_idx')
    .on('rectification_submissions')
    .columns(['rectification_id', 'round'])
    .execute();
  await db.schema
    .createIndex('rectification_submissions_state_idx')
    .on('rectification_submissions')
    .column('state')
    .execute();

  await db.schema
    .createTable('revision_measures')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('submission_id', 'integer', (c) => c.notNull().references('rectification_submissions.id'))
    .addColumn('measure_id', 'integer', (c) => c.references('measures.id'))
    // 'reopened': an existing measure with a new deadline; 'added': a new measure.
    .addColumn('change', 'text', (c) => c.notNull().check(sql`change in ('reopened', 'added')`))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('previous_deadline', 'text')
    .addColumn('previous_done_at', 'text')
    .addCheckConstraint('revision_measures_reopened_names_one', sql`change <> 'reopened' or measure_id is not null`)
    .execute();
  await db.schema
    .createIndex('revision_measures_submission_idx')
    .on('revision_measures')
    .column('submission_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('revision_measures').execute();
  await db.schema.dropTable('rectification_submissions').execute();
}
