// Anyone reads one commitment: its problem, the responsible unit and person, the target and
// commitment dates, each measure with its owner, deadline and whether it is done, and the public
// timeline. Overdue and late are said in words. Nothing about who sent the opinions; a draft does
// not exist; an individual cadre's commitment is for signed-in staff only.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportProgress } from '../../server/rectifications/service.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { htmlProblems } from '../helpers/html.js';
import { expectHeadingsInOrder, expectNoInlineScriptOrStyle } from '../opinions/support.js';
import { receiveOpinion, triage } from '../triage/support.js';
import { rectification } from './support.js';

const DAY = 24 * 3600_000;

describe('one public commitment', () => {
  let t: TestApp;
  let campaignId: number;
  let unitId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db, { name: 'Rectification 2026' });
    unitId = await createUnit(t.app.db, { name: 'Service Hall' });
  });
  afterEach(async () => t.close());

  it('shows the problem, the promise, the measures and the timeline, and nothing of who sent the opinions', async () => {
    const r = await rectification(t, {
      campaignId,
      unitId,
      title: 'Approvals take months',
      description:
        'Several opinions say a simple approval takes three months.\nSome were asked to come back five times.',
      person: 'Zhou Ming, deputy director',
      target: '2026-12-31',
      committedAt: new Date(t.clock.now().getTime() - 2 * DAY),
      progress: [
        { note: 'The time limits are posted at every window.', percent: 40, done: [0] },
        { note: 'The first spot check found waits under one hour.', percent: 60 },
      ],
    });
    // An opinion with its sender's particulars, linked to the problem.
    const { agent: coordinator } = await signInAs(t, 'coordinator');
    const secret = 'My neighbour Wang at No. 5 was sent home five times';
    const o = await receiveOpinion(t, campaignId, secret, { email: 'li.wei@example.org' });
    expect((await triage(coordinator, o.id, { outcome: 'link', problem_id: String(r.problemId) })).status).toBe(303);

    const res = await t.agent().get(`/notices/${r.id}`);
    expect(res.status).toBe(200);
    const html = res.text;
    for (const shown of [
      'Approvals take months',
      '<p>Some were asked to come back five times.</p>',
      'A unit',
      'Service Hall',
      'Zhou Ming, deputy director',
      'Dec 31, 2026',
      'Nov 18, 2026',
      'Publish the approval steps and time limits at every window',
      'Owner: Service hall director',
      'Deadline: Dec 10, 2026',
      'Done on Nov 20, 2026',
      'Weekly spot checks of waiting times',
      'Not done yet',
      'In progress',
    ])
      expect(html, shown).toContain(shown);

    // The timeline, oldest first: the promise, the work starting, two reports.
    const timeline = html.slice(
      html.indexOf('<ol class="timeline'),
      html.indexOf('</ol>', html.indexOf('<ol class="timeline')),
    );
    expect([...timeline.matchAll(/data-event="(\w+)"/g)].map((m) => m[1])).toEqual([
      'committed',
      'state',
      'progress',
      'progress',
    ]);
    expect(timeline).toContain('The commitment was made public');
    expect(timeline).toContain('From “Committed” to “In progress”');
    expect(timeline).toContain('The time limits are posted at every window.');
    expect(timeline).toContain('40% of the work done');
    expect(timeline).toContain('Measures now done: 1');
    expect(timeline).toContain('The first spot check found waits under one hour.');

    // No submitter's anything; no evaluation section before there are results.
    for (const leak of [secret, 'li.wei@example.org', 'Li Wei', 'coordinator']) expect(html, leak).not.toContain(leak);
    expect(html).not.toMatch(/evaluation|satisf/i);
    expect(html).toContain(`href="/notices/${r.id}/poster"`);
    expect(html).toContain(`href="/notices/${r.id}/letter"`);
    expectHeadingsInOrder(html);
    expectNoInlineScriptOrStyle(html);
    expect(await htmlProblems(html)).toEqual([]);

    // In Chinese too.
    const zh = await t.agent().get(`/notices/${r.id}`).set('Accept-Language', 'zh-CN');
    expect(zh.text).toContain('整改措施');
    expect(zh.text).toContain('整改中');
    expect(zh.text).toContain('责任人：Service hall director');
  });

  it('says in words that a commitment is overdue and which measures are past their deadline', async () => {
    const r = await rectification(t, {
      campaignId,
      unitId,
      measures: [
        { description: 'Open a second window', owner: 'Hall director', deadline: '2026-11-15' },
        { description: 'Train the window staff', owner: 'Training section', deadline: '2026-11-19' },
        { description: 'Publish waiting times', owner: 'Hall director', deadline: '2026-12-15' },
      ],
      progress: [{ note: 'Training done.', done: [1] }],
    });
    const html = (await t.agent().get(`/notices/${r.id}`)).text;
    expect(html).toContain('<span class="badge commitment-badge-overdue" data-overdue>Overdue</span>');
    expect(html).toContain('Measures past their deadline and not done: 1.');
    const measure = (n: number) => {
      const start = html.indexOf(`data-measure="${r.measureIds[n]}"`);
      return html.slice(start, html.indexOf('</li>', start));
    };
    expect(measure(0)).toContain('Past its deadline');
    expect(html).toMatch(
      new RegExp(`<li class="commitment-measure commitment-measure-late" data-measure="${r.measureIds[0]}">`),
    );
    expect(measure(1)).not.toContain('Past its deadline');
    expect(measure(1)).toContain('Done on');
    expect(measure(2)).not.toContain('Past its deadline');

    // Once the late measure is done it is no longer overdue, though it was done late.
    await reportProgress(
      t.app.db,
      { id: null, label: 'system' },
      t.clock.now(),
      r.id,
      { kind: 'all' },
      { note: 'Second window open.', percent: null, done: [r.measureIds[0]!] },
    );
    const after = (await t.agent().get(`/notices/${r.id}`)).text;
    expect(after).not.toContain('data-overdue');
    expect(after).not.toContain('Past its deadline');
    const zh = (await t.agent().get(`/notices/${r.id}`).set('Accept-Language', 'zh-CN')).text;
    expect(zh).not.toContain('已逾期');
  });

  it('a draft, an unknown id and anything that is not an id are not found', async () => {
    const draft = await rectification(t, { campaignId, unitId, upTo: 'draft' });
    for (const path of [
      `/notices/${draft.id}`,
      `/notices/${draft.id}/poster`,
      `/notices/${draft.id}/letter`,
      '/notices/999999',
      '/notices/abc',
      '/notices/0',
      '/notices/%3Cscript%3E',
    ]) {
      const res = await t.agent().get(path);
      expect(res.status, path).toBe(404);
      expect(res.text).not.toContain('<script>');
    }
    // Signed-in staff do not see a draft here either: it is not a notice yet.
    const { agent } = await signInAs(t, 'coordinator');
    expect((await agent.get(`/notices/${draft.id}`)).status).toBe(404);
  });

  it('an individual cadre’s commitment is not found for the public; signed-in staff read it, marked as within the system only', async () => {
    const r = await rectification(t, {
      campaignId,
      unitId,
      title: 'Director shouts at visitors',
      level: 'individual',
      cadreName: 'Zhang San',
    });
    for (const path of [
      `/notices/${r.id}`,
      `/notices/${r.id}/poster`,
      `/notices/${r.id}/letter`,
      `/notices/unit/${unitId}/poster`,
    ]) {
      const res = await t.agent().get(path);
      if (path.includes('/unit/')) {
        expect(res.status).toBe(200);
        expect(res.text).not.toContain('Director shouts');
      } else expect(res.status, path).toBe(404);
    }

    const { agent } = await signInAs(t, 'supervisor', { watches: [] });
    const page = await agent.get(`/notices/${r.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Director shouts at visitors');
    expect(page.text).toContain('It is published within the system only');
    expect(page.text).toContain('data-internal');
    // The cadre's name is for staff pages, never a notice.
    expect(page.text).not.toContain('Zhang San');
    expect((await agent.get(`/notices/${r.id}/poster`)).status).toBe(200);
    const zh = await agent.get(`/notices/${r.id}`).set('Accept-Language', 'zh-CN');
    expect(zh.text).toContain('仅在系统内公开');
  });
});
