// Frozen: what the benchmark of issue 7 showed missing, as it was when written. Imports nothing
// from server/.
//
// - measures_late_idx: "is this rectification overdue?" (a measure of its own, not done, past
//   its deadline) answered from that rectification's 1-3 index entries. Without it SQLite planned
//   the check on measures_open_deadline_idx and walked every late measure of the campaign for
//   each rectification, which made the home page take seconds.
// - rectifications_committed_idx: the public list, newest commitment first, reads its page from
//   the index instead of sorting every public rectification to show twenty. Scanned backwards
//   for `order by committed_at desc, id desc` (both databases do; PostgreSQL's backward scan
//   puts nulls first as DESC does, and drafts, the only rows without a date, are left out anyway).
// - rectification_tallies: rectifications by campaign, unit, state and their problem's level,
//   kept by triggers (as migration 0009 keeps the opinion tallies), so the public list's page
//   count and the home page's figures read a few hundred tally rows instead of counting every
//   rectification joined to its problem on each request. Rectifications are never deleted (a
//   trigger refuses it), so inserts and updates are all there is to follow, on `rectifications`
//   and on a problem's level.
import { sql, type Kysely } from 'kysely';
import { onPostgres, withoutRowid } from './dialect.js';

const KEY = 'campaign_id, unit_id, state, level';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('measures_late_idx')
    .on('measures')
    .columns(['rectification_id', 'done_at', 'deadline'])
    .execute();
  await db.schema
    .createIndex('rectifications_committed_idx')
    .on('rectifications')
    .columns(['committed_at', 'id'])
    .execute();

  await sql`create table rectification_tallies (
    campaign_id integer not null,
    unit_id integer not null,
    state text not null,
    level text not null,
    count integer not null,
    primary key (campaign_id, unit_id, state, level)
  )${sql.raw(withoutRowid(db))}`.execute(db);

  if (onPostgres(db)) await upPostgres(db);
  else await upSqlite(db);

  await sql
    .raw(
      `insert into rectification_tallies (${KEY}, count)
    select r.campaign_id, r.unit_id, r.state, p.level, count(*) from rectifications r join problems p on p.id = r.problem_id
    group by r.campaign_id, r.unit_id, r.state, p.level`,
    )
    .execute(db);
}

/** The row `row` (new or old) of rectifications counted once more (+1) or once less (-1), with its problem's current level. */
const countSqlite = (row: 'new' | 'old', delta: 1 | -1) =>
  delta === 1
    ? `insert into rectification_tallies (${KEY}, count)
         select ${row}.campaign_id, ${row}.unit_id, ${row}.state, level, 1 from problems where id = ${row}.problem_id
         on conflict (${KEY}) do update set count = count + 1;`
    : `update rectification_tallies set count = count - 1
         where campaign_id = ${row}.campaign_id and unit_id = ${row}.unit_id and state = ${row}.state
           and level = (select level from problems where id = ${row}.problem_id);`;

async function upSqlite(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `create trigger rectification_tallies_insert after insert on rectifications begin ${countSqlite('new', 1)} end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger rectification_tallies_update after update of campaign_id, unit_id, state, problem_id on rectifications
    when old.campaign_id is not new.campaign_id or old.unit_id is not new.unit_id or old.state is not new.state or old.problem_id is not new.problem_id
    begin ${countSqlite('old', -1)} ${countSqlite('new', 1)} end`,
    )
    .execute(db);
  // A problem's level moves its rectification (at most one: problem_id is unique) to another tally row.
  await sql`create trigger rectification_tallies_level after update of level on problems when old.level is not new.level
    begin
      update rectification_tallies set count = count - 1
        where level = old.level and exists (select 1 from rectifications r where r.problem_id = new.id and r.campaign_id = rectification_tallies.campaign_id
          and r.unit_id = rectification_tallies.unit_id and r.state = rectification_tallies.state);
      insert into rectification_tallies (campaign_id, unit_id, state, level, count)
        select campaign_id, unit_id, state, new.level, 1 from rectifications where problem_id = new.id
        on conflict (campaign_id, unit_id, state, level) do update set count = count + 1;
    end`.execute(db);
}

async function upPostgres(db: Kysely<any>): Promise<void> {
  await sql`create function rectification_tallies_change() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        update rectification_tallies set count = count - 1
          where campaign_id = old.campaign_id and unit_id = old.unit_id and state = old.state
            and level = (select level from problems where id = old.problem_id);
      end if;
      insert into rectification_tallies (campaign_id, unit_id, state, level, count)
        select new.campaign_id, new.unit_id, new.state, level, 1 from problems where id = new.problem_id
        on conflict (campaign_id, unit_id, state, level) do update set count = rectification_tallies.count + 1;
      return null;
    end $$`.execute(db);
  await sql`create trigger rectification_tallies_insert after insert on rectifications for each row execute function rectification_tallies_change()`.execute(
    db,
  );
  await sql`create trigger rectification_tallies_update after update of campaign_id, unit_id, state, problem_id on rectifications for each row
    when (old.campaign_id is distinct from new.campaign_id or old.unit_id is distinct from new.unit_id
      or old.state is distinct from new.state or old.problem_id is distinct from new.problem_id)
    execute function rectification_tallies_change()`.execute(db);

  await sql`create function rectification_tallies_level() returns trigger language plpgsql as $$
    begin
      update rectification_tallies t set count = t.count - 1
        from rectifications r
        where r.problem_id = new.id and t.campaign_id = r.campaign_id and t.unit_id = r.unit_id and t.state = r.state and t.level = old.level;
      insert into rectification_tallies (campaign_id, unit_id, state, level, count)
        select campaign_id, unit_id, state, new.level, 1 from rectifications where problem_id = new.id
        on conflict (campaign_id, unit_id, state, level) do update set count = rectification_tallies.count + 1;
      return null;
    end $$`.execute(db);
  await sql`create trigger rectification_tallies_level after update of level on problems for each row
    when (old.level is distinct from new.level) execute function rectification_tallies_level()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (onPostgres(db)) {
    await sql`drop trigger rectification_tallies_level on problems`.execute(db);
    for (const t of ['rectification_tallies_update', 'rectification_tallies_insert'])
      await sql.raw(`drop trigger ${t} on rectifications`).execute(db);
    for (const f of ['rectification_tallies_level', 'rectification_tallies_change'])
      await sql.raw(`drop function ${f}`).execute(db);
  } else {
    for (const t of ['rectification_tallies_level', 'rectification_tallies_update', 'rectification_tallies_insert'])
      await sql.raw(`drop trigger ${t}`).execute(db);
  }
  await sql`drop table rectification_tallies`.execute(db);
  await db.schema.dropIndex('rectifications_committed_idx').execute();
  await db.schema.dropIndex('measures_late_idx').execute();
}
