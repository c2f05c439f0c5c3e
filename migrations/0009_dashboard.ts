// Frozen: the dashboard's running tallies, as they were when written. Imports nothing from server/.
// Counting a million opinions on every page view would make the dashboard and the home page
// slower as opinions arrive; instead the database keeps the counts itself, in triggers on
// `opinions`, so every writer (the web form, staff recording, CSV import, questionnaires,
// triage) keeps them right without code of its own.
//
// - opinion_tallies: opinions by campaign, unit (0: no unit yet), channel and week (the Monday,
//   YYYY-MM-DD, of the week in the portal's time zone). The zone's offset is read from the
//   setting `dashboard.week_offset` (an SQLite modifier such as '+480 minutes'), which the app
//   writes at start and rebuilds the tallies when it changes (server/dashboard/service.ts).
// - problem_opinion_tallies: opinions linked (state linked) to each problem, as the problems
//   list counts them; merges are walked at read time, as the list does.
//
// SQLite triggers; on PostgreSQL the same rules as PL/pgSQL trigger functions, and the week by
// `opinion_week(received_at)` (the offset string is a valid PostgreSQL interval too).
import { sql, type Kysely } from 'kysely';
import { onPostgres, withoutRowid } from './dialect.js';

const WEEK = (row: 'new' | 'old') =>
  `coalesce(date(${row}.received_at, coalesce((select value from settings where key = 'dashboard.week_offset'), '+0 minutes'), '-6 days', 'weekday 1'), substr(${row}.received_at, 1, 10))`;

const addOpinion = (row: 'new' | 'old', delta: 1 | -1) =>
  delta === 1
    ? `insert into opinion_tallies (campaign_id, unit_id, channel, week_start, count)
         values (new.campaign_id, coalesce(new.unit_id, 0), new.channel, ${WEEK('new')}, 1)
         on conflict (campaign_id, unit_id, channel, week_start) do update set count = count + 1;`
    : `update opinion_tallies set count = count - 1
         where campaign_id = ${row}.campaign_id and unit_id = coalesce(${row}.unit_id, 0) and channel = ${row}.channel and week_start = ${WEEK(row)};
       delete from opinion_tallies
         where campaign_id = ${row}.campaign_id and unit_id = coalesce(${row}.unit_id, 0) and channel = ${row}.channel and week_start = ${WEEK(row)} and count <= 0;`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table opinion_tallies (
    campaign_id integer not null,
    unit_id integer not null,
    channel text not null,
    week_start text not null,
    count integer not null,
    primary key (campaign_id, unit_id, channel, week_start)
  )${sql.raw(withoutRowid(db))}`.execute(db);
  await sql`create table problem_opinion_tallies (
    problem_id integer primary key,
    count integer not null
  )`.execute(db);
  if (onPostgres(db)) return upPostgres(db);

  await sql
    .raw(`create trigger opinion_tallies_insert after insert on opinions begin ${addOpinion('new', 1)} end`)
    .execute(db);
  await sql
    .raw(
      `create trigger opinion_tallies_update after update of campaign_id, unit_id, channel, received_at on opinions
    when old.campaign_id is not new.campaign_id or old.unit_id is not new.unit_id or old.channel is not new.channel or old.received_at is not new.received_at
    begin ${addOpinion('old', -1)} ${addOpinion('new', 1)} end`,
    )
    .execute(db);

  await sql`create trigger problem_tallies_insert after insert on opinions when new.state = 'linked' and new.problem_id is not null
    begin
      insert into problem_opinion_tallies (problem_id, count) values (new.problem_id, 1)
        on conflict (problem_id) do update set count = count + 1;
    end`.execute(db);
  await sql`create trigger problem_tallies_update after update of problem_id, state on opinions
    when (old.state = 'linked' and old.problem_id is not null) or (new.state = 'linked' and new.problem_id is not null)
    begin
      update problem_opinion_tallies set count = count - 1 where problem_id = old.problem_id and old.state = 'linked';
      insert into problem_opinion_tallies (problem_id, count) select new.problem_id, 1 where new.state = 'linked' and new.problem_id is not null
        on conflict (problem_id) do update set count = count + 1;
    end`.execute(db);

  // Backfill from what is there.
  await sql
    .raw(
      `insert into opinion_tallies (campaign_id, unit_id, channel, week_start, count)
    select campaign_id, coalesce(unit_id, 0), channel, ${WEEK('new').replace(/new\./g, '')}, count(*) from opinions group by 1, 2, 3, 4`,
    )
    .execute(db);
  await sql`insert into problem_opinion_tallies (problem_id, count)
    select problem_id, count(*) from opinions where state = 'linked' and problem_id is not null group by problem_id`.execute(
    db,
  );
}

async function upPostgres(db: Kysely<any>): Promise<void> {
  await sql`create function opinion_week(received text) returns text language sql stable as $$
    select to_char(date_trunc('week', (received::timestamptz at time zone 'UTC')
      + coalesce((select value from settings where key = 'dashboard.week_offset'), '+0 minutes')::interval), 'YYYY-MM-DD')
  $$`.execute(db);
  await sql`create function opinion_tallies_change() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        update opinion_tallies set count = count - 1
          where campaign_id = old.campaign_id and unit_id = coalesce(old.unit_id, 0) and channel = old.channel and week_start = opinion_week(old.received_at);
        delete from opinion_tallies
          where campaign_id = old.campaign_id and unit_id = coalesce(old.unit_id, 0) and channel = old.channel and week_start = opinion_week(old.received_at) and count <= 0;
      end if;
      insert into opinion_tallies (campaign_id, unit_id, channel, week_start, count)
        values (new.campaign_id, coalesce(new.unit_id, 0), new.channel, opinion_week(new.received_at), 1)
        on conflict (campaign_id, unit_id, channel, week_start) do update set count = opinion_tallies.count + 1;
      return null;
    end $$`.execute(db);
  await sql`create trigger opinion_tallies_insert after insert on opinions for each row execute function opinion_tallies_change()`.execute(
    db,
  );
  await sql`create trigger opinion_tallies_update after update of campaign_id, unit_id, channel, received_at on opinions for each row
    when (old.campaign_id is distinct from new.campaign_id or old.unit_id is distinct from new.unit_id
      or old.channel is distinct from new.channel or old.received_at is distinct from new.received_at)
    execute function opinion_tallies_change()`.execute(db);

  await sql`create function problem_tallies_change() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old.state = 'linked' and old.problem_id is not null then
        update problem_opinion_tallies set count = count - 1 where problem_id = old.problem_id;
      end if;
      if new.state = 'linked' and new.problem_id is not null then
        insert into problem_opinion_tallies (problem_id, count) values (new.problem_id, 1)
          on conflict (problem_id) do update set count = problem_opinion_tallies.count + 1;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger problem_tallies_insert after insert on opinions for each row
    when (new.state = 'linked' and new.problem_id is not null) execute function problem_tallies_change()`.execute(db);
  await sql`create trigger problem_tallies_update after update of problem_id, state on opinions for each row
    when ((old.state = 'linked' and old.problem_id is not null) or (new.state = 'linked' and new.problem_id is not null))
    execute function problem_tallies_change()`.execute(db);

  await sql`insert into opinion_tallies (campaign_id, unit_id, channel, week_start, count)
    select campaign_id, coalesce(unit_id, 0), channel, opinion_week(received_at), count(*) from opinions group by 1, 2, 3, 4`.execute(
    db,
  );
  await sql`insert into problem_opinion_tallies (problem_id, count)
    select problem_id, count(*) from opinions where state = 'linked' and problem_id is not null group by problem_id`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  if (onPostgres(db)) {
    for (const t of [
      'problem_tallies_update',
      'problem_tallies_insert',
      'opinion_tallies_update',
      'opinion_tallies_insert',
    ])
      await sql.raw(`drop trigger ${t} on opinions`).execute(db);
    for (const f of ['problem_tallies_change', 'opinion_tallies_change', 'opinion_week'])
      await sql.raw(`drop function ${f}`).execute(db);
  } else {
    for (const t of [
      'problem_tallies_update',
      'problem_tallies_insert',
      'opinion_tallies_update',
      'opinion_tallies_insert',
    ])
      await sql.raw(`drop trigger ${t}`).execute(db);
  }
  await sql`drop table problem_opinion_tallies`.execute(db);
  await sql`drop table opinion_tallies`.execute(db);
  await sql`delete from settings where key = 'dashboard.week_offset'`.execute(db);
}
