// Frozen: triage and problems as they were when written. Imports nothing from server/.
// Opinions gain a category, a link to a problem and a duplicate-of link; problems are grouped
// opinions; full-text indexes (FTS5, trigram: works for Chinese as well as English) find
// similar opinions and problems. On PostgreSQL the same searches use pg_trgm GIN indexes (trigrams
// of any script, Chinese included, in a UTF-8 database), which serve ILIKE '%…%'.
import { sql, type Kysely } from 'kysely';
import { serialKey, refuse, dropTrigger, onPostgres } from './dialect.js';

const CATEGORIES = ['ideology', 'work', 'style', 'discipline', 'cadre_selection', 'service', 'other'];
const LEVELS = ['organisation', 'unit', 'individual'];
const PROBLEM_STATES = ['open', 'merged'];

const inList = (column: string, values: string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('problems')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('level', 'text', (c) => c.notNull().check(inList('level', LEVELS)))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('category', 'text', (c) => c.check(sql`category is null or ${inList('category', CATEGORIES)}`))
    // The cadre an individual-level problem is about: staff only, never on a public page.
    .addColumn('cadre_name', 'text')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('open').check(inList('state', PROBLEM_STATES)))
    // A merged problem keeps its own opinions; they count towards the problem it was merged into.
    .addColumn('merged_into_id', 'integer', (c) => c.references('problems.id'))
    // Set while the problem is on the public list for review.
    .addColumn('published_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('problems_merged_has_target', sql`(state = 'merged') = (merged_into_id is not null)`)
    .addCheckConstraint('problems_individual_never_public', sql`level <> 'individual' or published_at is null`)
    .execute();
  await db.schema.createIndex('problems_campaign_idx').on('problems').columns(['campaign_id', 'state']).execute();
  await db.schema.createIndex('problems_unit_idx').on('problems').column('unit_id').execute();
  await db.schema.createIndex('problems_merged_into_idx').on('problems').column('merged_into_id').execute();
  await refuse(db, 'problems_no_delete', { event: 'delete', on: 'problems', message: 'problems are never deleted' });

  await db.schema
    .alterTable('opinions')
    .addColumn('category', 'text', (c) => c.check(sql`category is null or ${inList('category', CATEGORIES)}`))
    .execute();
  await db.schema
    .alterTable('opinions')
    .addColumn('problem_id', 'integer', (c) => c.references('problems.id'))
    .execute();
  await db.schema
    .alterTable('opinions')
    .addColumn('duplicate_of', 'integer', (c) => c.references('opinions.id'))
    .execute();
  await db.schema.createIndex('opinions_problem_idx').on('opinions').column('problem_id').execute();
  await db.schema.createIndex('opinions_campaign_state_idx').on('opinions').columns(['campaign_id', 'state']).execute();

  // What an event was about (a problem linked, a category set), so the tracking page can say it
  // in the reader's language. JSON; never a staff name.
  await db.schema.alterTable('opinion_events').addColumn('data', 'text').execute();

  if (onPostgres(db)) {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create index opinions_body_trgm on opinions using gin (body gin_trgm_ops)`.execute(db);
    await sql`create index problems_text_trgm on problems using gin ((title || ' ' || description) gin_trgm_ops)`.execute(
      db,
    );
    return;
  }
  // Full-text search. External-content tables: the text lives once, in opinions and problems.
  await sql`create virtual table opinions_fts using fts5(body, content='opinions', content_rowid='id', tokenize='trigram')`.execute(
    db,
  );
  await sql`create trigger opinions_fts_insert after insert on opinions
    begin insert into opinions_fts(rowid, body) values (new.id, new.body); end`.execute(db);
  await sql`create trigger opinions_fts_update after update of body on opinions
    begin
      insert into opinions_fts(opinions_fts, rowid, body) values ('delete', old.id, old.body);
      insert into opinions_fts(rowid, body) values (new.id, new.body);
    end`.execute(db);
  await sql`insert into opinions_fts(opinions_fts) values ('rebuild')`.execute(db);

  await sql`create virtual table problems_fts using fts5(title, description, content='problems', content_rowid='id', tokenize='trigram')`.execute(
    db,
  );
  await sql`create trigger problems_fts_insert after insert on problems
    begin insert into problems_fts(rowid, title, description) values (new.id, new.title, new.description); end`.execute(
    db,
  );
  await sql`create trigger problems_fts_update after update of title, description on problems
    begin
      insert into problems_fts(problems_fts, rowid, title, description) values ('delete', old.id, old.title, old.description);
      insert into problems_fts(rowid, title, description) values (new.id, new.title, new.description);
    end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (onPostgres(db)) {
    await dropTrigger(db, 'problems_no_delete', 'problems');
    await db.schema.dropIndex('problems_text_trgm').execute();
    await db.schema.dropIndex('opinions_body_trgm').execute();
  } else {
    for (const t of [
      'problems_fts_update',
      'problems_fts_insert',
      'opinions_fts_update',
      'opinions_fts_insert',
      'problems_no_delete',
    ]) {
      await sql.raw(`drop trigger ${t}`).execute(db);
    }
    await sql`drop table problems_fts`.execute(db);
    await sql`drop table opinions_fts`.execute(db);
  }
  await db.schema.alterTable('opinion_events').dropColumn('data').execute();
  await db.schema.dropIndex('opinions_campaign_state_idx').execute();
  await db.schema.dropIndex('opinions_problem_idx').execute();
  await db.schema.alterTable('opinions').dropColumn('duplicate_of').execute();
  await db.schema.alterTable('opinions').dropColumn('problem_id').execute();
  await db.schema.alterTable('opinions').dropColumn('category').execute();
  await db.schema.dropTable('problems').execute();
}
