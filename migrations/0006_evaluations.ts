// Frozen: the representatives' judgement, as it was when written. Imports nothing from server/.
// Secrecy is in the shape of the tables: a ballot holds only its code's hash and whether it is
// used (no time, so the order of use cannot be matched to the votes); a vote holds its round,
// its choice and a random receipt, and no code, no voter, no precise time; and it is a WITHOUT
// ROWID table keyed by the random receipt, so not even the storage order follows the casting order.
// Who was given a code is kept apart, in ballot_issues, with nothing that names the code.
import { sql, type Kysely } from 'kysely';
import { serialKey, refuse, dropTrigger, withoutRowid } from './dialect.js';

const AFFILIATIONS = [
  'npc_deputy',
  'cppcc_member',
  'employee_representative',
  'non_party',
  'public_representative',
  'image_supervisor',
];
const CHOICES = ['satisfied', 'basically_satisfied', 'dissatisfied', 'unable_to_judge'];
const OUTCOMES = ['PASS', 'REDO', 'NO_QUORUM'];

const inList = (column: string, values: string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('people')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('affiliation', 'text', (c) => c.notNull().check(inList('affiliation', AFFILIATIONS)))
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('zh-CN'))
    .addColumn('term_starts_on', 'text')
    .addColumn('term_ends_on', 'text')
    // An image supervisor who signs in as a supervisor.
    .addColumn('user_id', 'integer', (c) => c.unique().references('users.id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('person_units')
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('person_units_pk', ['person_id', 'unit_id'])
    .execute();

  await db.schema
    .createTable('evaluation_rounds')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('rectification_id', 'integer', (c) => c.notNull().references('rectifications.id'))
    // The rectification's round number this judges.
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(inList('state', ['open', 'closed'])),
    )
    .addColumn('opens_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text', (c) => c.notNull())
    // Frozen when the round opens.
    .addColumn('threshold', 'integer', (c) => c.notNull().check(sql`threshold between 1 and 100`))
    .addColumn('quorum_numerator', 'integer', (c) => c.notNull())
    .addColumn('quorum_denominator', 'integer', (c) => c.notNull().check(sql`quorum_denominator >= 1`))
    // SHA-256 of the rectification as it stood (measures, progress) when the round opened.
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('issued', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('opened_by', 'integer', (c) => c.references('users.id'))
    .addColumn('closed_at', 'text')
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome is null or ${inList('outcome', OUTCOMES)}`))
    // JSON of the counts at close, electronic and paper together.
    .addColumn('counts', 'text')
    // SHA-256 over the sorted receipts and choices, as written to the audit log.
    .addColumn('ballots_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('evaluation_rounds_closed_has_outcome', sql`(state = 'closed') = (outcome is not null)`)
    .execute();
  await db.schema
    .createIndex('evaluation_rounds_rectification_idx')
    .on('evaluation_rounds')
    .column('rectification_id')
    .execute();
  await db.schema
    .createIndex('evaluation_rounds_state_idx')
    .on('evaluation_rounds')
    .columns(['state', 'closes_at'])
    .execute();

  await db.schema
    .createTable('ballots')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('round_id', 'integer', (c) => c.notNull().references('evaluation_rounds.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('used', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`used in (0, 1)`),
    )
    .execute();
  await db.schema.createIndex('ballots_round_idx').on('ballots').column('round_id').execute();

  await db.schema
    .createTable('ballot_issues')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('round_id', 'integer', (c) => c.notNull().references('evaluation_rounds.id'))
    .addColumn('person_id', 'integer', (c) => c.references('people.id'))
    .addColumn('how', 'text', (c) => c.notNull().check(inList('how', ['slip', 'email'])))
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .execute();

  await sql`create table votes (
    receipt text primary key,
    round_id integer not null references evaluation_rounds(id),
    choice text not null check (${inList('choice', CHOICES)}),
    comment text,
    cast_on text not null
  )${sql.raw(withoutRowid(db))}`.execute(db);
  await db.schema.createIndex('votes_round_idx').on('votes').column('round_id').execute();

  await db.schema
    .createTable('paper_tallies')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('round_id', 'integer', (c) => c.notNull().references('evaluation_rounds.id'))
    .addColumn('satisfied', 'integer', (c) => c.notNull().check(sql`satisfied >= 0`))
    .addColumn('basically_satisfied', 'integer', (c) => c.notNull().check(sql`basically_satisfied >= 0`))
    .addColumn('dissatisfied', 'integer', (c) => c.notNull().check(sql`dissatisfied >= 0`))
    .addColumn('unable_to_judge', 'integer', (c) => c.notNull().check(sql`unable_to_judge >= 0`))
    .addColumn('present', 'integer', (c) => c.notNull().check(sql`present >= 0`))
    .addColumn('meeting', 'text', (c) => c.notNull())
    .addColumn('entered_by', 'integer', (c) => c.references('users.id'))
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('solicitation_notes')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('round_id', 'integer', (c) => c.notNull().references('evaluation_rounds.id'))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('written_by', 'integer', (c) => c.references('users.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('looking_back_checks')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('rectification_id', 'integer', (c) => c.notNull().references('rectifications.id'))
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('finding', 'text', (c) => c.check(sql`finding is null or finding in ('holding', 'relapsed')`))
    .addColumn('note', 'text')
    .addColumn('checked_by', 'integer', (c) => c.references('users.id'))
    .addColumn('checked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('looking_back_checks_due_idx')
    .on('looking_back_checks')
    .columns(['finding', 'due_on'])
    .execute();

  // What the representatives said is never deleted or changed once cast.
  await refuse(db, 'votes_no_update', { event: 'update', on: 'votes', message: 'votes are never changed' });
  await refuse(db, 'votes_no_delete', { event: 'delete', on: 'votes', message: 'votes are never deleted' });
  // A used ballot stays used.
  await refuse(db, 'ballots_stay_used', {
    event: 'update of used',
    on: 'ballots',
    when: 'old.used = 1',
    message: 'a used ballot stays used',
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [t, table] of [
    ['ballots_stay_used', 'ballots'],
    ['votes_no_delete', 'votes'],
    ['votes_no_update', 'votes'],
  ])
    await dropTrigger(db, t!, table!);
  for (const t of [
    'looking_back_checks',
    'solicitation_notes',
    'paper_tallies',
    'votes',
    'ballot_issues',
    'ballots',
    'evaluation_rounds',
    'person_units',
    'people',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
