import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { download } from '../exports/support.js';
import { markDone, shanghai } from '../reminders/support.js';
import { expectNoPeople, FORMULA_TITLE, MARKUP_TITLE, seedCampaign } from './support.js';

const COLUMNS = [
  'id',
  'problem_title',
  'problem_description',
  'level',
  'unit',
  'state',
  'round',
  'committed_at',
  'target_date',
  'overdue',
  'measures_count',
  'measures_done',
  'url',
];

interface OpenJson {
  generated_at: string;
  overdue_on: string;
  time_zone: string;
  terms: string;
  rectifications: Array<Record<string, unknown> & { id: number; measures: Array<Record<string, unknown>> }>;
}

describe('anyone downloads the public rectifications as CSV and JSON', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it('the CSV: a BOM, fixed columns, public rectifications only, formulas neutralised', async () => {
    const s = await seedCampaign(t);
    const d = await download(t.agent(), '/open-data/rectifications.csv');
    expect(d.res.status).toBe(200);
    expect(d.res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(d.res.headers['content-disposition']).toBe('attachment; filename="rectifications.csv"');
    expect(d.header).toEqual(COLUMNS);
    // The same header whatever the reader's language: the file is for machines as well as people.
    expect((await download(t.agent(), '/open-data/rectifications.csv', 'zh-CN')).header).toEqual(COLUMNS);

    expect(d.records.map((r) => Number(r.id))).toEqual([s.potholes.id, s.formula.id, s.markup.id]);
    const potholes = d.records[0]!;
    expect(potholes).toEqual({
      id: String(s.potholes.id),
      problem_title: 'Potholes left for months',
      problem_description: 'Residents report potholes unrepaired for months.',
      level: 'unit',
      unit: 'Roads Bureau',
      state: 'in_progress',
      round: '1',
      committed_at: '2026-11-20T02:00:00.000Z',
      target_date: '2026-12-10',
      overdue: 'false',
      measures_count: '2',
      measures_done: '1',
      url: `http://portal.test/notices/${s.potholes.id}`,
    });
    const formula = d.records[1]!;
    expect(formula.problem_title).toBe(`'${FORMULA_TITLE}`);
    expect(formula.problem_description).toBe("'+SUM(A1:A9) and -1");
    expect(formula).toMatchObject({ level: 'organisation', state: 'committed' });
    expect(d.records[2]!.problem_title).toBe(MARKUP_TITLE);
    expect(d.text).not.toContain('Still a draft');
    expect(d.text).not.toContain('One cadre drinks at noon');
    expectNoPeople(d.text, 'the CSV');
  });

  it('the JSON: parses, each rectification with its measures (what, by when, done) and nothing about people', async () => {
    const s = await seedCampaign(t);
    const res = await t.agent().get('/open-data/rectifications.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const doc = JSON.parse(res.text) as OpenJson;
    expect(doc).toMatchObject({
      overdue_on: '2026-11-20',
      time_zone: 'Asia/Shanghai',
      terms: 'http://portal.test/open-data',
      generated_at: '2026-11-20T02:00:00.000Z',
    });
    expect(doc.rectifications.map((r) => r.id)).toEqual([s.potholes.id, s.formula.id, s.markup.id]);
    const potholes = doc.rectifications[0]!;
    expect(Object.keys(potholes)).toEqual([...COLUMNS.slice(0, 1), 'url', ...COLUMNS.slice(1, -1), 'measures']);
    expect(potholes).toMatchObject({
      level: 'unit',
      unit: 'Roads Bureau',
      state: 'in_progress',
      round: 1,
      overdue: false,
      measures_count: 2,
      measures_done: 1,
    });
    expect(potholes.measures).toEqual([
      { description: 'Publish the repair schedule', deadline: '2026-11-25', done: true },
      { description: 'Repair the worst hundred', deadline: '2026-12-10', done: false },
    ]);
    // JSON is not a spreadsheet: text is as written.
    expect(doc.rectifications[1]!.problem_title).toBe(FORMULA_TITLE);
    expect(doc.rectifications[2]!.problem_title).toBe(MARKUP_TITLE);
    expect(res.text).not.toContain('Still a draft');
    expect(res.text).not.toContain('One cadre drinks at noon');
    expectNoPeople(res.text, 'the JSON');
  });

  it("says which are overdue today, in the portal's time zone", async () => {
    const s = await seedCampaign(t);
    // 10 December 23:30 in Shanghai (15:30 UTC) is still the deadline day of the unfinished measure…
    t.clock.set(shanghai('2026-12-10T23:30'));
    let doc = JSON.parse((await t.agent().get('/open-data/rectifications.json')).text) as OpenJson;
    expect(doc.overdue_on).toBe('2026-12-10');
    expect(doc.rectifications.find((r) => r.id === s.potholes.id)!.overdue).toBe(false);
    // …and an hour later it is past.
    t.clock.set(shanghai('2026-12-11T00:30'));
    doc = JSON.parse((await t.agent().get('/open-data/rectifications.json')).text) as OpenJson;
    expect(doc.overdue_on).toBe('2026-12-11');
    expect(doc.rectifications.find((r) => r.id === s.potholes.id)!.overdue).toBe(true);
    const d = await download(t.agent(), '/open-data/rectifications.csv');
    expect(d.records.find((r) => Number(r.id) === s.potholes.id)!.overdue).toBe('true');
    expect(d.records.find((r) => Number(r.id) === s.formula.id)!.overdue).toBe('false');
  });

  it('may be cached briefly, and answers 304 until the data or the day changes', async () => {
    const s = await seedCampaign(t);
    for (const url of ['/open-data/rectifications.csv', '/open-data/rectifications.json']) {
      const first = await t.agent().get(url);
      expect(first.headers['cache-control']).toBe('public, max-age=300');
      expect(first.headers['access-control-allow-origin']).toBe('*');
      const tag = first.headers.etag as string;
      expect(tag).toMatch(/^W\/"[\w-]+"$/);
      const same = await t.agent().get(url).set('If-None-Match', tag);
      expect(same.status).toBe(304);
      expect(same.text ?? '').toBe('');
      expect(same.headers.etag).toBe(tag);
    }
    const csvTag = (await t.agent().get('/open-data/rectifications.csv')).headers.etag as string;
    const jsonTag = (await t.agent().get('/open-data/rectifications.json')).headers.etag as string;
    expect(csvTag).not.toBe(jsonTag);

    // A measure done: new data, new tag.
    t.clock.advance(60_000);
    await markDone(t, s.officerActor, s.potholes.id, [s.potholes.measureIds[1]!]);
    const afterProgress = await t.agent().get('/open-data/rectifications.csv').set('If-None-Match', csvTag);
    expect(afterProgress.status).toBe(200);
    const progressTag = afterProgress.headers.etag as string;
    expect(progressTag).not.toBe(csvTag);

    // Nothing changed but the day: overdue may have, so the tag does too.
    t.clock.advance(24 * 3600_000);
    expect((await t.agent().get('/open-data/rectifications.csv').set('If-None-Match', progressTag)).status).toBe(200);
  });
});
