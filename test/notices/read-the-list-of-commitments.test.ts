// Anyone reads the list of commitments made in public: never a draft, never an individual
// cadre's (signed-in staff see those, marked "within the system only"), filterable by unit,
// stage, level and overdue, a page at a time. A filter that does not read is said by its field
// (422) and ignored; the others still apply.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOTICE_PAGE_SIZE } from '../../server/notices/service.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { fieldError, HOSTILE, selectedValue } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';
import { expectNoInlineScriptOrStyle } from '../opinions/support.js';
import { listedNotices, rectification } from './support.js';

const DAY = 24 * 3600_000;

describe('the public list of commitments', () => {
  let t: TestApp;
  let campaignId: number;
  let hall: number;
  let office: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db, { name: 'Rectification 2026' });
    hall = await createUnit(t.app.db, { name: 'Service Hall' });
    office = await createUnit(t.app.db, { name: 'Talent Office' });
  });
  afterEach(async () => t.close());

  const list = async (query = '', agent = t.agent()) => {
    const res = await agent.get(`/notices${query ? `?${query}` : ''}`);
    return { status: res.status, html: res.text, ids: listedNotices(res.text) };
  };

  it('lists what was committed, newest first; not drafts, and not individual cadres’ for the public', async () => {
    const empty = await list();
    expect(empty.status).toBe(200);
    expect(empty.html).toContain('No commitment has been made public yet.');

    const older = await rectification(t, {
      campaignId,
      unitId: hall,
      title: 'Queues at the windows',
      committedAt: new Date(t.clock.now().getTime() - 3 * DAY),
    });
    const newer = await rectification(t, {
      campaignId,
      unitId: office,
      title: 'Slow talent permits',
      upTo: 'in_progress',
    });
    await rectification(t, { campaignId, unitId: hall, title: 'Still a draft', upTo: 'draft' });
    const individual = await rectification(t, {
      campaignId,
      unitId: hall,
      title: 'Director shouts at visitors',
      level: 'individual',
      cadreName: 'Zhang San',
    });

    const page = await list();
    expect(page.status).toBe(200);
    expect(page.ids).toEqual([newer.id, older.id]);
    expect(page.html).toContain('Queues at the windows');
    expect(page.html).toContain('Service Hall');
    expect(page.html).toContain('Measures done: 0 of 2');
    expect(page.html).toContain('In progress');
    for (const hidden of ['Still a draft', 'Director shouts', 'Zhang San']) expect(page.html).not.toContain(hidden);
    expect(await htmlProblems(page.html)).toEqual([]);
    expectNoInlineScriptOrStyle(page.html);

    // Signed-in staff also see the individual cadre's, marked as within the system only; never the cadre's name.
    const { agent } = await signInAs(t, 'unit_officer', { unitId: office });
    const staff = await list('', agent);
    expect(staff.ids).toEqual([individual.id, newer.id, older.id]);
    expect(staff.html).toContain('Within the system only');
    expect(staff.html).not.toContain('Zhang San');
    expect((await list('level=individual', agent)).ids).toEqual([individual.id]);
  });

  it('filters by unit, stage, level and overdue, and the filters combine', async () => {
    const queues = await rectification(t, {
      campaignId,
      unitId: hall,
      title: 'Queues',
      measures: [{ description: 'Open a second window', owner: 'Hall director', deadline: '2026-11-15' }],
    });
    const permits = await rectification(t, { campaignId, unitId: office, title: 'Permits', upTo: 'in_progress' });
    const fees = await rectification(t, { campaignId, unitId: hall, title: 'Fees', upTo: 'reported_done' });
    await t.app.db.updateTable('problems').set({ level: 'organisation' }).where('title', '=', 'Fees').execute();

    expect((await list(`unit=${hall}`)).ids.sort()).toEqual([queues.id, fees.id].sort());
    expect((await list(`unit=${office}`)).ids).toEqual([permits.id]);
    expect((await list('state=in_progress')).ids).toEqual([permits.id]);
    expect((await list('state=reported_done')).ids).toEqual([fees.id]);
    expect((await list('state=passed')).ids).toEqual([]);
    expect((await list('level=organisation')).ids).toEqual([fees.id]);
    expect((await list('level=unit')).ids.sort()).toEqual([queues.id, permits.id].sort());
    expect((await list(`unit=${hall}&level=unit`)).ids).toEqual([queues.id]);

    // Overdue: a measure past its deadline (the 15th; today is the 20th in Shanghai) and not done.
    const overdue = await list('overdue=1');
    expect(overdue.ids).toEqual([queues.id]);
    expect(overdue.html).toMatch(/<input type="checkbox" id="field-overdue" name="overdue" value="1" checked>/);
    const all = await list();
    const card = (id: number) =>
      all.html.slice(
        all.html.indexOf(`data-notice="${id}"`),
        all.html.indexOf('</li>', all.html.indexOf(`data-notice="${id}"`)),
      );
    // Said in words, not colour alone.
    expect(card(queues.id)).toContain('<span class="badge commitment-badge-overdue" data-overdue>Overdue</span>');
    expect(card(permits.id)).not.toContain('Overdue');

    // The form shows the filters in force; the list says when nothing matches them.
    const chosen = await list(`unit=${office}&state=passed`);
    expect(selectedValue(chosen.html, 'unit')).toBe(String(office));
    expect(selectedValue(chosen.html, 'state')).toBe('passed');
    expect(chosen.html).toContain('No commitments match these filters.');
    // A unit's list links to its wall notice.
    expect((await list(`unit=${hall}`)).html).toContain(`href="/notices/unit/${hall}/poster"`);
  });

  it('pages through a long list, keeping the filters in the links', async () => {
    const ids: number[] = [];
    for (let i = 0; i < NOTICE_PAGE_SIZE + 3; i++) {
      ids.push(
        (
          await rectification(t, {
            campaignId,
            unitId: hall,
            title: `Problem ${i + 1}`,
            committedAt: new Date(t.clock.now().getTime() - (100 - i) * 60_000),
          })
        ).id,
      );
    }
    await rectification(t, { campaignId, unitId: office, title: 'Elsewhere' });
    const newestFirst = [...ids].reverse();

    const first = await list(`unit=${hall}`);
    expect(first.ids).toEqual(newestFirst.slice(0, NOTICE_PAGE_SIZE));
    expect(first.html).toContain('Page 1 of 2');
    expect(first.html).toContain(`href="/notices?unit=${hall}&amp;page=2" rel="next"`);
    const second = await list(`unit=${hall}&page=2`);
    expect(second.ids).toEqual(newestFirst.slice(NOTICE_PAGE_SIZE));
    expect(second.html).toContain(`href="/notices?unit=${hall}" rel="prev"`);
    // Past the end is the last page; an unreadable page number is the first.
    expect((await list(`unit=${hall}&page=99`)).ids).toEqual(second.ids);
    expect((await list(`unit=${hall}&page=-1`)).ids).toEqual(first.ids);
    expect((await list(`unit=${hall}&page=abc`)).status).toBe(200);
    // One page needs no page links.
    expect((await list(`unit=${office}`)).html).not.toContain('Page 1 of');
  });

  it('reports an empty, malformed or hostile filter by its field, ignores it and applies the rest', async () => {
    const queues = await rectification(t, { campaignId, unitId: hall, title: 'Queues' });
    const permits = await rectification(t, { campaignId, unitId: office, title: 'Permits' });

    // Empty values are no filter at all.
    const empty = await list('unit=&state=&level=&overdue=');
    expect(empty.status).toBe(200);
    expect(empty.ids.sort()).toEqual([queues.id, permits.id].sort());

    const bad = await list(`unit=${office}&state=draft&level=everyone&overdue=yes`);
    expect(bad.status).toBe(422);
    expect(bad.ids).toEqual([permits.id]);
    expect(bad.html).toContain('There is a problem');
    for (const field of ['state', 'level', 'overdue'])
      expect(fieldError(bad.html, field), field).toBe('This filter was not understood and has been ignored');
    expect(fieldError(bad.html, 'unit')).toBeNull();

    const unknown = await list('unit=999999');
    expect(unknown.status).toBe(422);
    expect(fieldError(unknown.html, 'unit')).toBe('There is no such unit; this filter has been ignored');
    expect(unknown.ids.sort()).toEqual([queues.id, permits.id].sort());

    // The public cannot ask for individual cadres' commitments.
    const individual = await list('level=individual');
    expect(individual.status).toBe(422);
    expect(fieldError(individual.html, 'level')).toBe('This filter was not understood and has been ignored');

    for (const hostile of Object.values(HOSTILE)) {
      const q = new URLSearchParams({
        unit: hostile,
        state: hostile,
        level: hostile,
        overdue: hostile,
        page: hostile,
      }).toString();
      const res = await list(q);
      expect(res.status, hostile).toBe(422);
      expect(res.html).not.toContain(hostile);
      expect(res.ids.sort()).toEqual([queues.id, permits.id].sort());
      expect(await htmlProblems(res.html)).toEqual([]);
    }
    // The same name twice is not a filter either.
    const twice = await list('state=committed&state=in_progress');
    expect(twice.status).toBe(422);
    expect(fieldError(twice.html, 'state')).not.toBeNull();
  });
});
