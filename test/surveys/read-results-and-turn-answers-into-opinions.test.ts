// Staff read the results: per choice the counts and shares, per rating the average, online and
// paper together and apart, each drawn as an accessible SVG chart with its table; the figures are
// checked against the answers that made them, and so are the CSV files. Written answers become
// opinions (channel questionnaire), alone or in bulk, all or none, and never twice.
import { parse } from 'csv-parse/sync';
import type request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answersToOpinions } from '../../server/surveys/service.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signInAs } from '../helpers/factories.js';
import { HOSTILE } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';
import { answerOverHttp, buildOverHttp, flashOf, postFrom, type Built } from './support.js';

describe('results, and answers turned into opinions', () => {
  let t: TestApp;
  let coordinator: request.Agent;
  let coordinatorId: number;
  let built: Built;
  let q: { single: number; multiple: number; rating: number; text: number };

  // Six sheets: four online, two on paper. Ratings are option indexes (0 = degree 1).
  const ONLINE = [
    { single: '0', multiple: ['0', '1'], rating: '4', text: 'Open at lunchtime.' },
    { single: '0', multiple: ['1'], rating: '3', text: '=HYPERLINK("http://evil")' },
    { single: '1', multiple: [], rating: '4', text: '' },
    { single: '2', multiple: ['1', '3'], rating: '0', text: HOSTILE.script },
  ];
  const PAPER = [
    { single: '0', multiple: ['2'], rating: '1', text: 'Fewer forms, please.' },
    { single: '1', multiple: [], rating: '2', text: '' },
  ];
  const fields = (a: (typeof ONLINE)[number]) => {
    const f: Record<string, string | string[]> = { [`q${q.single}`]: a.single, [`q${q.rating}`]: a.rating };
    if (a.multiple.length) f[`q${q.multiple}`] = a.multiple;
    if (a.text) f[`q${q.text}`] = a.text;
    return f;
  };

  beforeEach(async () => {
    t = await buildTestApp();
    const c = await signInAs(t, 'coordinator');
    coordinator = c.agent;
    coordinatorId = c.user.id;
    built = await buildOverHttp(t, coordinator);
    const [single, multiple, rating, text] = built.questions as [number, number, number, number];
    q = { single, multiple, rating, text };
    for (const a of ONLINE) expect((await answerOverHttp(t.agent(), built.id, fields(a))).status).toBe(303);
    const paper = `/staff/questionnaires/${built.id}/paper`;
    for (const a of PAPER)
      expect(
        (await postFrom(coordinator, paper, paper, { ...fields(a), form_number: a.text ? 'P-1' : '' })).status,
      ).toBe(303);
  });
  afterEach(async () => t.close());

  const row = (html: string, question: number, option: string) => {
    const table = new RegExp(`<table class="chart-table" data-table="chart-${question}">([\\s\\S]*?)</table>`).exec(
      html,
    )![1]!;
    const tr = new RegExp(`<tr data-row="${option}">([\\s\\S]*?)</tr>`).exec(table)![1]!;
    return [...tr.matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map((m) => m[1]);
  };

  it('shows counts, shares and averages that match the answers, online and paper together and apart', async () => {
    const res = await coordinator.get(`/staff/questionnaires/${built.id}/results`);
    expect(res.status).toBe(200);
    expect(await htmlProblems(res.text)).toEqual([]);
    expect(res.text).toContain('6 answers: 4 online, 2 on paper.');

    // Expected figures, counted here from the answers themselves.
    const all = [...ONLINE.map((a) => ({ ...a, how: 'online' })), ...PAPER.map((a) => ({ ...a, how: 'paper' }))];
    const count = (pick: (a: (typeof all)[number]) => boolean): [number, number] => [
      all.filter((a) => a.how === 'online' && pick(a)).length,
      all.filter((a) => a.how === 'paper' && pick(a)).length,
    ];
    // Rounded to the nearest tenth (shared/percent.ts): 1 of 6 is 16.7%, not 16.6%.
    const share = (n: number, d: number) => `${(Math.round((1000 * n) / d) / 10).toFixed(1)}%`;
    const options = {
      single: ['Hotline', 'Visit', 'Letter'],
      multiple: ['Permits', 'Housing', 'Pensions', 'Other'],
      rating: ['1', '2', '3', '4', '5'],
    };
    for (const [i, label] of options.single.entries()) {
      const [on, pa] = count((a) => a.single === String(i));
      expect(row(res.text, q.single, String(i))).toEqual([
        label,
        String(on),
        String(pa),
        String(on + pa),
        share(on + pa, 6),
      ]);
    }
    // Multiple choice: shares of those who answered it (4 of 6), so they add up to more than 100%.
    const answeredMultiple = all.filter((a) => a.multiple.length > 0).length;
    expect(answeredMultiple).toBe(4);
    expect(row(res.text, q.multiple, 'answered')).toEqual(['Answered', '3', '1', '4', '']);
    for (const [i, label] of options.multiple.entries()) {
      const [on, pa] = count((a) => a.multiple.includes(String(i)));
      expect(row(res.text, q.multiple, String(i))).toEqual([
        label,
        String(on),
        String(pa),
        String(on + pa),
        share(on + pa, answeredMultiple),
      ]);
    }
    // Housing: 3 of 4 = 75.0%.
    expect(row(res.text, q.multiple, '1')[4]).toBe('75.0%');
    // Average degree: online (5+4+5+1)/4 = 3.75, paper (2+3)/2 = 2.50, together 20/6 = 3.33.
    expect(row(res.text, q.rating, 'average')).toEqual(['Average degree', '3.75', '2.50', '3.33', '']);
    // The chart: an image with a title and a description, its bars as wide as the shares.
    const svg = new RegExp(
      `<svg class="chart-svg"[^>]*aria-labelledby="chart-${q.single}-title chart-${q.single}-desc"[\\s\\S]*?</svg>`,
    ).exec(res.text)![0];
    expect(svg).toContain('role="img"');
    expect(svg).toContain(`<title id="chart-${q.single}-title">Question 1: How did you contact us?</title>`);
    expect(svg).toContain(
      `<desc id="chart-${q.single}-desc">Hotline: 3 (50.0%); Visit: 2 (33.3%); Letter: 1 (16.7%)</desc>`,
    );
    // Each bar's share in tenths of a percent, and its width of the 480 a whole bar (100%) takes.
    const bars = [
      ...svg.matchAll(
        /<rect x="0" y="\d+" width="(\d+)" height="22" fill="#0b4f9c" data-bar="\d" data-value="(\d+)"\/>/g,
      ),
    ].map((m) => [Number(m[1]), Number(m[2])]);
    expect(bars).toEqual([
      [240, 500],
      [160, 333],
      [80, 167],
    ]);
    // Written answers listed, escaped.
    expect(res.text).toContain('Open at lunchtime.');
    expect(res.text).not.toContain(HOSTILE.script);
  });

  it('exports the figures and the answer sheets as CSV with a BOM, formulas neutralised', async () => {
    const figures = await coordinator
      .get(`/staff/questionnaires/${built.id}/results.csv`)
      .buffer(true)
      .parse((r, cb) => {
        let s = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (s += c));
        r.on('end', () => cb(null, s));
      });
    expect(figures.status).toBe(200);
    expect(figures.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(figures.headers['content-disposition']).toBe(`attachment; filename="questionnaire-${built.id}-results.csv"`);
    const text = figures.body as string;
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('\r\n');
    const rows = parse(text.slice(1)) as string[][];
    expect(rows[0]).toEqual(['No.', 'Question', 'Kind', 'Option', 'Online', 'Paper', 'Together', 'Share (%)']);
    expect(rows).toContainEqual(['1', 'How did you contact us?', 'Single choice', 'Hotline', '2', '1', '3', '50.0']);
    expect(rows).toContainEqual([
      '3',
      'How satisfied are you?',
      'Rating scale',
      '(average degree)',
      '3.75',
      '2.50',
      '3.33',
      '',
    ]);

    const sheets = await coordinator
      .get(`/staff/questionnaires/${built.id}/answers.csv`)
      .buffer(true)
      .parse((r, cb) => {
        let s = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (s += c));
        r.on('end', () => cb(null, s));
      });
    const sheetRows = parse((sheets.body as string).slice(1)) as string[][];
    expect(sheetRows).toHaveLength(7);
    expect(sheetRows[0]).toEqual([
      'Sheet',
      'How',
      'Day',
      'Form number',
      '1. How did you contact us?',
      '2. Which services did you use?',
      '3. How satisfied are you?',
      '4. What should change?',
    ]);
    expect(sheetRows[1]).toEqual([
      '1',
      'Online',
      '2026-11-20',
      '',
      'Hotline',
      'Permits | Housing',
      '5',
      'Open at lunchtime.',
    ]);
    // A cell a spreadsheet would run as a formula is text.
    expect(sheetRows[2]![7]).toBe(`'=HYPERLINK("http://evil")`);
    expect(sheetRows[5]).toEqual([
      '5',
      'Paper',
      '2026-11-20',
      'P-1',
      'Hotline',
      'Pensions',
      '2',
      'Fewer forms, please.',
    ]);
    // Counting the sheets again gives the figures.
    const hotline = sheetRows.slice(1).filter((r) => r[4] === 'Hotline');
    expect([hotline.filter((r) => r[1] === 'Online').length, hotline.filter((r) => r[1] === 'Paper').length]).toEqual([
      2, 1,
    ]);
  });

  const textAnswers = () =>
    t.app.db
      .selectFrom('survey_answers')
      .select(['id', 'text', 'opinion_id'])
      .where('text', 'is not', null)
      .orderBy('id')
      .execute();

  it('turns one written answer into an opinion, in the questionnaire channel, once', async () => {
    const [first] = await textAnswers();
    const res = await postFrom(
      coordinator,
      `/staff/questionnaires/${built.id}/results`,
      `/staff/questionnaires/${built.id}/opinions`,
      { answers: String(first!.id) },
    );
    expect(res.status).toBe(303);
    const opinion = await t.app.db.selectFrom('opinions').selectAll().executeTakeFirstOrThrow();
    expect(opinion).toMatchObject({
      channel: 'questionnaire',
      body: 'Open at lunchtime.',
      unit_id: built.unitId,
      campaign_id: built.campaignId,
      anonymous: 1,
      recorded_by: coordinatorId,
      state: 'received',
    });
    expect(opinion.tracking_code).toMatch(/^[2-9A-HJKMNP-TW-Z]{12}$/);
    expect((await textAnswers())[0]!.opinion_id).toBe(opinion.id);
    expect(await t.app.db.selectFrom('opinion_events').select(['opinion_id', 'to_state']).execute()).toEqual([
      { opinion_id: opinion.id, to_state: 'received' },
    ]);
    const entries = await t.app.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('action', 'in', ['opinion.received', 'survey.answer_to_opinion'])
      .orderBy('id')
      .execute();
    expect(entries.map((e) => e.action)).toEqual(['opinion.received', 'survey.answer_to_opinion']);
    expect(JSON.parse(entries[1]!.data!)).toEqual({ answer: first!.id, opinion: opinion.id });

    expect(res.headers.location).toBe(`/staff/questionnaires/${built.id}/results#texts`);
    const page = await coordinator.get(String(res.headers.location));
    expect(flashOf(page.text)).toBe(
      'The answers were turned into opinions; each has a tracking code and is in the inbox.',
    );
    expect(page.text).toContain(`data-opinion="${opinion.id}"`);
    expect(page.text).not.toContain(`id="answer-${first!.id}"`);
    // The same answer again: refused, and nothing more made.
    const again = await postFrom(
      coordinator,
      `/staff/questionnaires/${built.id}/results`,
      `/staff/questionnaires/${built.id}/opinions`,
      { answers: String(first!.id) },
    );
    expect(again.status).toBe(422);
    expect(again.text).toContain('One of these answers has already become an opinion; nothing was changed');
    expect(await t.app.db.selectFrom('opinions').select('id').execute()).toHaveLength(1);
    // The database keeps it too: an answer's opinion does not change.
    await expect(
      t.app.db.updateTable('survey_answers').set({ opinion_id: null }).where('id', '=', first!.id).execute(),
    ).rejects.toThrow(/once/);
  });

  it('turns several in one go, all or none, and never twice even when two try at once', async () => {
    const texts = await textAnswers();
    expect(texts).toHaveLength(4);
    const [a, b, c, d] = texts as [
      (typeof texts)[number],
      (typeof texts)[number],
      (typeof texts)[number],
      (typeof texts)[number],
    ];
    expect(
      (
        await postFrom(
          coordinator,
          `/staff/questionnaires/${built.id}/results`,
          `/staff/questionnaires/${built.id}/opinions`,
          { answers: [String(a.id)] },
        )
      ).status,
    ).toBe(303);
    // b, c and a: a has become one already, so none of them is turned.
    const mixed = await postFrom(
      coordinator,
      `/staff/questionnaires/${built.id}/results`,
      `/staff/questionnaires/${built.id}/opinions`,
      { answers: [String(b.id), String(c.id), String(a.id)] },
    );
    expect(mixed.status).toBe(422);
    expect(mixed.text).toMatch(
      new RegExp(`id="answer-${b.id}" name="answers" value="${b.id}" form="to-opinions" checked`),
    );
    expect(await t.app.db.selectFrom('opinions').select('id').execute()).toHaveLength(1);
    expect(await htmlProblems(mixed.text)).toEqual([]);

    const bulk = await postFrom(
      coordinator,
      `/staff/questionnaires/${built.id}/results`,
      `/staff/questionnaires/${built.id}/opinions`,
      { answers: [String(b.id), String(c.id)] },
    );
    expect(bulk.status).toBe(303);
    const opinions = await t.app.db.selectFrom('opinions').select(['id', 'body', 'details']).orderBy('id').execute();
    expect(opinions.map((o) => o.body)).toEqual(['Open at lunchtime.', '=HYPERLINK("http://evil")', HOSTILE.script]);

    // Two coordinators at once with the last answer: one opinion.
    const actor = { id: coordinatorId, label: 'c' };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => answersToOpinions(t.app.db, t.clock, actor, t.config.timeZone, built.id, [d.id])),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const paperOpinion = await t.app.db
      .selectFrom('opinions')
      .select(['body', 'details'])
      .where('body', '=', 'Fewer forms, please.')
      .executeTakeFirstOrThrow();
    // A paper form's number goes with it.
    expect(JSON.parse(paperOpinion.details)).toEqual({ form_number: 'P-1' });
    expect(await t.app.db.selectFrom('opinions').select('id').execute()).toHaveLength(4);
    expect((await textAnswers()).every((x) => x.opinion_id !== null)).toBe(true);
  });

  it('refuses nothing chosen, answers that are not written ones, and other questionnaires’ answers', async () => {
    const url = `/staff/questionnaires/${built.id}/results`;
    const none = await postFrom(coordinator, url, `/staff/questionnaires/${built.id}/opinions`, {});
    expect(none.status).toBe(422);
    expect(none.text).toContain('Choose the written answers to turn into opinions');
    const choice = await t.app.db
      .selectFrom('survey_answers')
      .select('id')
      .where('text', 'is', null)
      .executeTakeFirstOrThrow();
    expect(
      (await postFrom(coordinator, url, `/staff/questionnaires/${built.id}/opinions`, { answers: String(choice.id) }))
        .status,
    ).toBe(422);
    expect(
      (await postFrom(coordinator, url, `/staff/questionnaires/${built.id}/opinions`, { answers: HOSTILE.sql })).status,
    ).toBe(422);
    const other = await buildOverHttp(t, coordinator);
    const [text] = await textAnswers();
    expect(
      (await postFrom(coordinator, url, `/staff/questionnaires/${other.id}/opinions`, { answers: String(text!.id) }))
        .status,
    ).toBe(422);
    expect(
      (await postFrom(coordinator, url, '/staff/questionnaires/999/opinions', { answers: String(text!.id) })).status,
    ).toBe(404);
    expect(await t.app.db.selectFrom('opinions').select('id').execute()).toEqual([]);
  });
});
