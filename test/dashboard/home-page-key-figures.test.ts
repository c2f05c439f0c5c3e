// The home page shows each current campaign's key figures: exact, in both languages, and
// nothing private (no submitter, no cadre, no opinion text, no draft or individual commitment).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { htmlProblems } from '../helpers/html.js';
import { buildScenario, tableValues, type Scenario } from './support.js';

const figure = (html: string, name: string) => {
  const m = new RegExp(`<li data-figure="${name}"><span class="figure">([^<]+)</span>`).exec(html);
  return m ? Number(m[1]!.replace(/[^\d]/g, '')) : null;
};

describe('the home page’s key figures', () => {
  let t: TestApp;
  let s: Scenario;
  beforeEach(async () => {
    t = await buildTestApp();
    s = await buildScenario(t);
  });
  afterEach(async () => t.close());

  it('are exact, and show nothing private', async () => {
    const page = await t.agent().get('/');
    expect(page.status).toBe(200);
    const html = page.text;
    expect(await htmlProblems(html)).toEqual([]);
    expect(html).toContain(`data-key-figures="${s.campaignId}"`);
    expect(figure(html, 'received')).toBe(8);
    // Every open problem, the individual cadre's too (a number only); p2 is part of p1.
    expect(figure(html, 'problems')).toBe(5);
    // Commitments as the public notices list them: not the draft, not the individual cadre's.
    expect(figure(html, 'committed')).toBe(3);
    expect(figure(html, 'completed')).toBe(1);
    expect(figure(html, 'passed')).toBe(1);
    expect(figure(html, 'redone')).toBe(1);
    expect(figure(html, 'overdue')).toBe(1);
    expect(tableValues(html, `figures-${s.campaignId}-channels`)).toEqual({
      leadership: 0,
      peer_review: 0,
      self_check: 0,
      visit: 0,
      questionnaire: 0,
      petition: 1,
      suggestion_box: 3,
      hotline: 4,
      supervisor: 0,
      enforcement: 0,
    });
    for (const secret of [
      'Zhang Sanfeng',
      'A section chief takes gifts',
      'Permit window closes early',
      '热线无人接听',
      'Director Wang',
      'Depot drinking',
      'Housing bureau',
    ]) {
      expect(html, secret).not.toContain(secret);
    }

    const zh = await t.agent().get('/').set('Accept-Language', 'zh-CN');
    expect(zh.text).toContain('主要数据');
    expect(zh.text).toMatch(/<li data-figure="received"><span class="figure">8<\/span> 条意见已收到/);
    expect(await htmlProblems(zh.text)).toEqual([]);
  });

  it('are absent when no campaign is running', async () => {
    expect(figure((await t.agent().get('/')).text, 'received')).toBe(8);
    t.clock.advance(60 * 86_400_000); // 2027: the campaign has ended
    const later = (await t.agent().get('/')).text;
    expect(later).not.toContain('data-key-figures');
  });
});
