// The rectification tallies (migration 0011) are kept by the database: whoever changes a
// rectification's state, unit or campaign, or a problem's level (the use-cases, a direct UPDATE),
// they stay equal to a recount, and the public list's page count and the home page follow them.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { buildScenario } from './support.js';

async function recount(t: TestApp) {
  const rows = await t.app.db
    .selectFrom('rectifications')
    .innerJoin('problems', 'problems.id', 'rectifications.problem_id')
    .select([
      'rectifications.campaign_id as c',
      'rectifications.unit_id as u',
      'rectifications.state as s',
      'problems.level as l',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .groupBy(['rectifications.campaign_id', 'rectifications.unit_id', 'rectifications.state', 'problems.level'])
    .execute();
  return Object.fromEntries(
    rows
      .map((r) => [`${r.c}/${r.u}/${r.s}/${r.l}`, Number(r.n)])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
}
async function tallied(t: TestApp) {
  const rows = await t.app.db.selectFrom('rectification_tallies').selectAll().where('count', '<>', 0).execute();
  return Object.fromEntries(
    rows
      .map((r) => [`${r.campaign_id}/${r.unit_id}/${r.state}/${r.level}`, r.count])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
}
/** The "N commitments" the public list says it has. */
async function listedTotal(t: TestApp): Promise<number> {
  const res = await t.agent().get('/notices');
  expect(res.status).toBe(200);
  // The heading's total comes from the tallies, the rows from the rectifications themselves: both must agree.
  const total = Number(/Commitments found: (\d+)/.exec(res.text)?.[1]);
  expect((res.text.match(/href="\/notices\/\d+"/g) ?? []).length).toBe(total);
  return total;
}

describe('the rectification tallies', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it('equal a recount after the use-cases and direct changes, and the public list counts from them', async () => {
    const s = await buildScenario(t);
    const before = await tallied(t);
    expect(before).toEqual(await recount(t));
    expect(Object.values(before).reduce((a: number, b) => a + Number(b), 0)).toBe(5);
    // In progress, passed, committed (overdue) are public; the draft and the individual cadre's are not.
    expect(await listedTotal(t)).toBe(3);

    // Any other writer, straight in SQL: a state, a unit, a problem's level both ways.
    await sql`update rectifications set state = 'committed', committed_at = '2026-11-20T00:00:00.000Z' where id = ${s.rectifications.draft}`.execute(
      t.app.db,
    );
    await sql`update rectifications set unit_id = ${s.unitA} where id = ${s.rectifications.failed}`.execute(t.app.db);
    await sql`update problems set level = 'unit', cadre_name = null where id = ${s.problems.p6}`.execute(t.app.db);
    await sql`update problems set level = 'individual' where id = ${s.problems.p4}`.execute(t.app.db);
    expect(await tallied(t)).toEqual(await recount(t));
    // The former draft is now an individual cadre's (not public); the former individual one is public.
    expect(await listedTotal(t)).toBe(4);
  });
});
