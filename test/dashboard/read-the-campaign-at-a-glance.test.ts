// A coordinator reads the campaign at a glance: every figure is the one the data makes, the
// charts' tables hold the same numbers as their bars, and each reader sees only their units.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signInAs } from '../helpers/factories.js';
import { htmlProblems } from '../helpers/html.js';
import { barValues, buildScenario, tableValues, type Scenario } from './support.js';

const ZERO = {
  leadership: 0,
  peer_review: 0,
  self_check: 0,
  visit: 0,
  questionnaire: 0,
  petition: 0,
  suggestion_box: 0,
  hotline: 0,
  supervisor: 0,
  enforcement: 0,
};

describe('the dashboard', () => {
  let t: TestApp;
  let s: Scenario;
  beforeEach(async () => {
    t = await buildTestApp();
    s = await buildScenario(t);
  });
  afterEach(async () => t.close());

  it('shows the whole campaign to a coordinator, in exact figures, tables matching the bars', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const page = await agent.get('/staff/dashboard');
    expect(page.status).toBe(200);
    const html = page.text;
    expect(await htmlProblems(html)).toEqual([]);
    expect(html).toContain('Opinions received: 8');

    // All ten channels, those with none too.
    const channels = { ...ZERO, suggestion_box: 3, hotline: 4, petition: 1 };
    expect(tableValues(html, 'by-channel')).toEqual(channels);
    expect(barValues(html, 'by-channel')).toEqual(channels);
    // By unit: the suggestion moved to unit B in triage counts there, and the two opinions linked
    // to p2 without a unit took the problem's (B); one CSV call is still without a unit.
    const units = { [String(s.unitA)]: 2, [String(s.unitB)]: 5, none: 1 };
    const stored = await t.app.db
      .selectFrom('opinions')
      .select(['unit_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('unit_id')
      .execute();
    expect(
      Object.fromEntries(stored.map((r) => [r.unit_id === null ? 'none' : String(r.unit_id), Number(r.n)])),
    ).toEqual(units);
    expect(tableValues(html, 'by-unit')).toEqual(units);
    expect(barValues(html, 'by-unit')).toEqual(units);
    // By week, in the portal's zone: the call at 01:00 on Monday 16 Nov is in that week.
    const weeks = tableValues(html, 'by-week');
    expect(weeks['2026-11-16']).toBe(4);
    expect(weeks['2026-11-09']).toBe(0);
    expect(weeks['2026-11-02']).toBe(4);
    expect(weeks['2025-12-29']).toBe(0); // the campaign's first week
    expect(Object.keys(weeks).at(-1)).toBe('2026-11-16'); // up to this week
    expect(Object.values(weeks).reduce((a, b) => a + b, 0)).toBe(8);
    expect(barValues(html, 'by-week', 'data-column')).toEqual(weeks);

    // Problems: p2 merged into p1, so p1 counts four; the same as the problems list.
    expect(html).toContain('Problems identified: 5');
    const top = tableValues(html, 'top-problems');
    expect(top).toEqual({
      [s.problems.p1]: 4,
      [s.problems.p3]: 1,
      [s.problems.p4]: 0,
      [s.problems.p5]: 0,
      [s.problems.p6]: 0,
    });
    const list = await agent.get(`/staff/problems?campaign=${s.campaignId}`);
    for (const [id, n] of Object.entries(top))
      expect(list.text).toMatch(new RegExp(`data-problem="${id}">[\\s\\S]*?<td class="number">${n}</td>`));
    expect(html).toContain(`href="/staff/problems?campaign=${s.campaignId}" data-all-problems`);
    expect(html).not.toContain('Zhang Sanfeng');

    // Rectifications by state: all nine states.
    expect(tableValues(html, 'by-state')).toEqual({
      draft: 1,
      committed: 2,
      in_progress: 1,
      reported_done: 0,
      under_review: 0,
      passed: 1,
      failed: 0,
      confirmed: 0,
      relapsed: 0,
    });
    expect(html).toContain('Rectifications: 5');

    // Rounds against the line: 1 of 3 is 33.3%, to be done again; 2 of 2 valid is 100.0%, written as the results page writes it.
    expect(html).toMatch(
      new RegExp(
        `<tr data-row="${s.rounds.failed}">[\\s\\S]*?data-rate-tenths="333">33.3%</td><td class="number">80%</td><td>To be done again</td>`,
      ),
    );
    expect(html).toMatch(
      new RegExp(
        `<tr data-row="${s.rounds.passed}">[\\s\\S]*?data-rate-tenths="1000">100.0%</td><td class="number">80%</td><td>Passed</td>`,
      ),
    );
    expect(html).toContain(`data-bar="${s.rounds.failed}" data-rate-tenths="333"`);
    expect(html).toContain('data-line="80"');

    // Overdue, and the looking-back check due.
    expect(html).toContain('Overdue: 1');
    expect(html).toContain(`data-overdue="${s.rectifications.overdue}"`);
    expect(html).toContain('Looking-back checks due: 1');
    expect(html).toMatch(/data-check="\d+">\s*<h3><a href="\/staff\/rectifications\/\d+">Queue numbers for friends/);

    // Every chart is a figure with a caption, an image with a text alternative, and a table.
    const figures = [...html.matchAll(/<figure class="chart"[\s\S]*?<\/figure>/g)].map((m) => m[0]);
    expect(figures).toHaveLength(6);
    for (const f of figures) {
      expect(f).toMatch(/<figcaption id="[^"]+">[^<]+<\/figcaption>/);
      expect(f).toMatch(/role="img" aria-labelledby="[^"]+-title [^"]+-desc"/);
      expect(f).toMatch(/<desc id="[^"]+">[^<]+<\/desc>/);
      expect(f).toContain('viewBox="0 0 600');
      expect(f).toContain('<table class="chart-table"');
    }
    expect(html).not.toMatch(/<script\b/i);

    // In Chinese, with the numbers in the reader's language.
    const zh = await agent.get('/staff/dashboard').set('Accept-Language', 'zh-CN');
    expect(zh.text).toContain('收到意见：8 条');
    expect(zh.text).toContain('公布热线电话');
    expect(await htmlProblems(zh.text)).toEqual([]);
  });

  it('narrows every figure to a unit officer’s own unit, and a supervisor’s watched units', async () => {
    const officer = (await signInAs(t, 'unit_officer', { unitId: s.unitA })).agent;
    const html = (await officer.get('/staff/dashboard')).text;
    expect(html).toContain('These figures cover only the units you may see.');
    expect(tableValues(html, 'by-channel')).toEqual({ ...ZERO, suggestion_box: 1, petition: 1 });
    expect(tableValues(html, 'by-unit')).toEqual({ [String(s.unitA)]: 2 });
    expect(html).toContain('Problems identified: 3');
    expect(Object.keys(tableValues(html, 'top-problems')).sort()).toEqual(
      [s.problems.p3, s.problems.p5, s.problems.p6].map(String).sort(),
    );
    expect(html).not.toContain('Windows close early');
    expect(tableValues(html, 'by-state')).toMatchObject({ committed: 2, passed: 1, in_progress: 0, draft: 0 });
    expect(html).not.toContain(`data-bar="${s.rounds.failed}" data-rate-tenths`);
    expect(html).toContain(`data-bar="${s.rounds.passed}" data-rate-tenths="1000"`);
    expect(html).toContain('Overdue: 1');

    const supervisor = (await signInAs(t, 'supervisor', { watches: [s.unitB] })).agent;
    const seen = (await supervisor.get('/staff/dashboard')).text;
    expect(tableValues(seen, 'by-unit')).toEqual({ [String(s.unitB)]: 5 });
    expect(tableValues(seen, 'by-state')).toMatchObject({ in_progress: 1, draft: 1, committed: 0, passed: 0 });
    expect(seen).toContain('Overdue: 0');
    expect(seen).toContain('Looking-back checks due: 0');
  });

  it('is refused to nobody signed in; an unknown campaign is not found', async () => {
    const anonymous = await t.agent().get('/staff/dashboard');
    expect([302, 303, 403]).toContain(anonymous.status);
    expect(anonymous.text).not.toContain('Opinions received');
    const { agent } = await signInAs(t, 'coordinator');
    expect((await agent.get('/staff/dashboard?campaign=999999')).status).toBe(404);
    expect((await agent.get('/staff/dashboard?campaign=%3Cscript%3E')).status).toBe(404);
    expect((await agent.get(`/staff/dashboard?campaign=${s.campaignId}`)).status).toBe(200);
  });
});
