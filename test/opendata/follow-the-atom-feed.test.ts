import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as repo from '../../server/rectifications/repository.js';
import { reportDone } from '../../server/rectifications/service.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { EVERYTHING, markDone } from '../reminders/support.js';
import { expectNoPeople, MARKUP_TITLE, readFeed, seedCampaign, xmlProblems } from './support.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('anyone follows new commitments, state changes and results in an Atom feed', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  /** Seeded, then the potholes are reported done and judged: the later evaluation rounds will record their result like this. */
  async function withResults() {
    const s = await seedCampaign(t);
    t.clock.advance(3600_000);
    await markDone(t, s.officerActor, s.potholes.id, [s.potholes.measureIds[1]!]);
    const done = await reportDone(
      t.app.db,
      s.officerActor,
      t.clock.now(),
      s.potholes.id,
      EVERYTHING,
      'All measures done.',
    );
    expect(done).toMatchObject({ ok: true });
    // Evaluation rounds (server/evaluations, written alongside this) record a result as these
    // same two timeline entries, through rectifications' moveTo(). Written here with the
    // repository's own functions, so the feed's test does not depend on how a round is run.
    for (const [from, to] of [
      ['reported_done', 'under_review'],
      ['under_review', 'passed'],
    ] as const) {
      t.clock.advance(3600_000);
      const at = t.clock.now().toISOString();
      await repo.updateRectification(t.app.db, s.potholes.id, { state: to, updated_at: at });
      await repo.insertEvent(t.app.db, {
        rectification_id: s.potholes.id,
        at,
        kind: 'state',
        from_state: from,
        to_state: to,
        round: 1,
        note: null,
        data: null,
      });
    }
    return s;
  }

  it('is well-formed Atom 1.0, newest first, every entry linking to its public notice', async () => {
    const s = await withResults();
    const res = await t.agent().get('/feeds/rectifications.atom?lang=en');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(xmlProblems(res.text)).toEqual([]);

    const feed = readFeed(res.text);
    expect(feed).toMatchObject({
      lang: 'en',
      id: 'http://portal.test/feeds/rectifications.atom?lang=en',
      self: 'http://portal.test/feeds/rectifications.atom?lang=en',
      title: 'Rectifications: commitments and results',
      author: 'Public Feedback and Rectification Portal',
    });
    expect(feed.updated).toBe(t.clock.now().toISOString());
    // The audit log's checkpoint of the day is an entry too (test/audit covers it); the rest are events.
    const events = feed.entries.filter((e) => !e.id?.includes('/open-data/audit-checkpoints.json#'));
    expect(feed.entries.length - events.length).toBe(1);
    const titles = events.map((e) => e.title);
    expect(titles).toEqual([
      'Passed: Potholes left for months',
      'Under review: Potholes left for months',
      'Reported done: Potholes left for months',
      'In progress: Potholes left for months',
      `Committed: ${MARKUP_TITLE.replace('\u0001', '')}`,
      'Committed: =HYPERLINK("http://evil.example/?leak","Click")',
      'Committed: Potholes left for months',
    ]);
    for (const e of events) {
      expect(e.id).toMatch(/^http:\/\/portal\.test\/notices\/\d+#event-\d+$/);
      expect(e.updated).toMatch(RFC3339);
      expect(e.link).toMatch(/^http:\/\/portal\.test\/notices\/\d+$/);
      // Every summary says which unit is responsible, in the reader's language.
      expect(e.summary).toContain('Roads Bureau');
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events[0]!.link).toBe(`http://portal.test/notices/${s.potholes.id}`);
    expect(events[0]!.summary).toBe(
      "Evaluated by the public's representatives in round 1: Passed. Responsible unit: Roads Bureau.",
    );
    expect(events.at(-1)!.summary).toBe('Roads Bureau has promised 2 measures in public, to be done by Dec 10, 2026.');
    // The markup in a title arrives as text, escaped, never as elements.
    expect(res.text).toContain('Fees &lt;b&gt;&quot;hidden&quot;&lt;/b&gt; &amp; &apos;extra&apos; charges');
  });

  it("holds no drafts, no individual cadre, no progress notes and no one's name", async () => {
    await withResults();
    const res = await t.agent().get('/feeds/rectifications.atom');
    expect(res.text).not.toContain('Still a draft');
    expect(res.text).not.toContain('One cadre drinks at noon');
    // Progress notes are the unit's own words (this one names an officer): the notice shows them, the feed does not.
    expect(res.text).not.toContain('Schedule posted');
    expectNoPeople(res.text, 'the feed');
  });

  it('speaks the language asked for, by ?lang= or the browser', async () => {
    await withResults();
    const zh = await t.agent().get('/feeds/rectifications.atom?lang=zh-CN');
    expect(xmlProblems(zh.text)).toEqual([]);
    const feed = readFeed(zh.text);
    expect(feed.lang).toBe('zh-CN');
    expect(feed.title).toBe('整改事项：承诺与结果');
    expect(feed.author).toBe('群众意见征集与整改公开平台');
    expect(feed.entries[0]!.title).toBe('状态变为评议通过：Potholes left for months');
    expect(feed.entries.at(-1)!.summary).toBe('Roads Bureau公开承诺了 2 项整改措施，于 2026年12月10日 前完成。');

    const browser = await t.agent().get('/feeds/rectifications.atom').set('Accept-Language', 'zh-CN,zh;q=0.9');
    expect(readFeed(browser.text).lang).toBe('zh-CN');
    expect(browser.headers.vary).toContain('Accept-Language');
  });

  it('is cached briefly and answers 304 until something new happens', async () => {
    const s = await seedCampaign(t);
    const first = await t.agent().get('/feeds/rectifications.atom?lang=en');
    const tag = first.headers.etag as string;
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    expect((await t.agent().get('/feeds/rectifications.atom?lang=en').set('If-None-Match', tag)).status).toBe(304);
    expect((await t.agent().get('/feeds/rectifications.atom?lang=zh-CN').set('If-None-Match', tag)).status).toBe(200);
    t.clock.advance(60_000);
    await markDone(t, s.officerActor, s.formula.id, [], 'Started.');
    expect((await t.agent().get('/feeds/rectifications.atom?lang=en').set('If-None-Match', tag)).status).toBe(200);
  });

  it('(the check used here refuses what is not well-formed)', () => {
    const doc = (body: string) => `<?xml version="1.0" encoding="utf-8"?>\n${body}`;
    expect(xmlProblems(doc('<feed><title>A &amp; B &lt;i&gt;</title><link href="x?a=1&amp;b=2"/></feed>'))).toEqual([]);
    for (const bad of [
      '<feed><title>A & B</title></feed>',
      '<feed><title>a < b</title></feed>',
      '<feed><title>a > b</title></feed>',
      '<feed><title>x</feed>',
      '<feed><link href="a&b"/></feed>',
      '<feed></feed><feed></feed>',
      '<feed><title>\u0001</title></feed>',
      '<feed a=b></feed>',
    ]) {
      expect(xmlProblems(doc(bad)), bad).not.toEqual([]);
    }
  });

  it('is announced in the head of public pages', async () => {
    const page = await t.agent().get('/');
    expect(page.text).toContain(
      '<link rel="alternate" type="application/atom+xml" title="Rectifications: commitments and results" href="/feeds/rectifications.atom?lang=en">',
    );
  });
});
