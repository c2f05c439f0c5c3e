// The running tallies are kept by the database: whoever writes an opinion (the form, staff, an
// import, triage, a direct UPDATE) they stay equal to a recount; a change of time zone recounts the weeks.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureWeekZone, standardOffsetMinutes } from '../../server/dashboard/service.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { buildScenario } from './support.js';

/** The tallies worked out again here, from every opinion, with the week reckoned in JavaScript. */
async function recount(t: TestApp) {
  const setting = await t.app.db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'dashboard.week_offset')
    .executeTakeFirstOrThrow();
  const offsetMs = Number(/^([+-]\d+) minutes$/.exec(setting.value)![1]) * 60_000;
  const counts: Record<string, number> = {};
  for (const o of await t.app.db
    .selectFrom('opinions')
    .select(['campaign_id', 'unit_id', 'channel', 'received_at'])
    .execute()) {
    const local = new Date(Date.parse(o.received_at) + offsetMs);
    const monday = new Date(local.getTime() - ((local.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
    const k = `${o.campaign_id}/${o.unit_id ?? 0}/${o.channel}/${monday}`;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
async function tallied(t: TestApp) {
  const rows = await t.app.db.selectFrom('opinion_tallies').selectAll().execute();
  return Object.fromEntries(
    rows
      .map((r) => [`${r.campaign_id}/${r.unit_id}/${r.channel}/${r.week_start}`, r.count])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
}
async function problemRecount(t: TestApp) {
  const rows = await t.app.db
    .selectFrom('opinions')
    .select(['problem_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('state', '=', 'linked')
    .where('problem_id', 'is not', null)
    .groupBy('problem_id')
    .execute();
  return Object.fromEntries(rows.map((r) => [String(r.problem_id), Number(r.n)]));
}
async function problemTallied(t: TestApp) {
  const rows = await t.app.db.selectFrom('problem_opinion_tallies').selectAll().where('count', '>', 0).execute();
  return Object.fromEntries(rows.map((r) => [String(r.problem_id), r.count]));
}

describe('the running tallies', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it('equal a recount after the form, staff recording, an import, triage and direct changes', async () => {
    const s = await buildScenario(t);
    expect(await tallied(t)).toEqual(await recount(t));
    expect(await problemTallied(t)).toEqual(await problemRecount(t));
    expect(Object.values(await tallied(t)).reduce((a: number, b) => a + Number(b), 0)).toBe(8);

    // Any other writer: a change of channel, unit, campaign, time and state, straight in SQL.
    await sql`update opinions set channel = 'visit' where channel = 'petition'`.execute(t.app.db);
    await sql`update opinions set unit_id = ${s.unitA} where unit_id is null`.execute(t.app.db);
    await sql`update opinions set received_at = '2026-06-01T12:00:00.000Z' where id = 1`.execute(t.app.db);
    await sql`update opinions set state = 'triaged', problem_id = null where problem_id = ${s.problems.p2}`.execute(
      t.app.db,
    );
    expect(await tallied(t)).toEqual(await recount(t));
    expect(await problemTallied(t)).toEqual(await problemRecount(t));
  });

  it('count weeks in the portal’s zone, and recount when it changes', async () => {
    expect(standardOffsetMinutes('Asia/Shanghai', 2026)).toBe(480);
    expect(standardOffsetMinutes('Europe/London', 2026)).toBe(0);
    expect(standardOffsetMinutes('America/New_York', 2026)).toBe(-300);
    const stored = async () =>
      (
        await t.app.db
          .selectFrom('settings')
          .select('value')
          .where('key', '=', 'dashboard.week_offset')
          .executeTakeFirst()
      )?.value;
    expect(await stored()).toBe('+480 minutes');
    const s = await buildScenario(t);
    const weekOf = async () =>
      (
        await t.app.db
          .selectFrom('opinion_tallies')
          .select('week_start')
          .where('channel', '=', 'hotline')
          .where('unit_id', '=', s.unitB)
          .where('campaign_id', '=', s.campaignId)
          .execute()
      ).map((r) => r.week_start);
    // The call at 01:00 on Monday 16 Nov in Shanghai is Sunday 15 Nov in UTC; the imported calls
    // (3 Nov, afternoon) are in the week of 2 Nov either way.
    expect(await weekOf()).toEqual(['2026-11-02', '2026-11-16']);
    expect(await ensureWeekZone(t.app.db, 'Asia/Shanghai', t.clock.now())).toBe(false);
    expect(await ensureWeekZone(t.app.db, 'UTC', t.clock.now())).toBe(true);
    expect(await stored()).toBe('+0 minutes');
    expect(await weekOf()).toEqual(['2026-11-02', '2026-11-09']);
    expect(await tallied(t)).toEqual(await recount(t));
  });
});
