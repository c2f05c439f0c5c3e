// The public answer a questionnaire anyone may answer: the open ones are listed; the form works
// without JavaScript and is valid HTML; errors come back by each question with the answers kept;
// one answer per browser (a signed cookie; a forged one does not count); answers from one address
// are limited; a questionnaire not open yet, or closed, says so and takes nothing.
import type request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANYONE_LIMIT, answeredCookie } from '../../server/surveys/public-routes.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signInAs } from '../helpers/factories.js';
import { escaped, fieldError, HOSTILE, textareaValue } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';
import { answerOverHttp, buildOverHttp, type Built } from './support.js';

describe('answering a questionnaire anyone may answer', () => {
  let t: TestApp;
  let coordinator: request.Agent;
  let built: Built;
  beforeEach(async () => {
    t = await buildTestApp();
    coordinator = (await signInAs(t, 'coordinator')).agent;
    built = await buildOverHttp(t, coordinator);
  });
  afterEach(async () => t.close());

  const sheets = () => t.app.db.selectFrom('survey_responses').selectAll().execute();
  const answersOf = () =>
    t.app.db.selectFrom('survey_answers').select(['question_id', 'option_index', 'text']).orderBy('id').execute();

  it('lists it as open, shows a valid form with fieldsets, and stores one answer sheet', async () => {
    const list = await t.agent().get('/questionnaires');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`href="/questionnaires/${built.id}"`);
    expect(await htmlProblems(list.text)).toEqual([]);
    const home = await t.agent().get('/');
    expect(home.text).toContain('href="/questionnaires"');

    const browser = t.agent();
    const form = await browser.get(`/questionnaires/${built.id}`);
    expect(form.status).toBe(200);
    expect(await htmlProblems(form.text)).toEqual([]);
    const [single, multiple, rating, text] = built.questions as [number, number, number, number];
    expect(form.text).toContain(`<fieldset id="field-q${single}"`);
    expect(form.text).toMatch(new RegExp(`<legend>1\\. How did you contact us\\?</legend>`));
    expect(form.text).toContain(`<textarea id="field-q${text}"`);

    const res = await answerOverHttp(browser, built.id, {
      [`q${single}`]: '2',
      [`q${multiple}`]: ['0', '3'],
      [`q${rating}`]: '4',
      [`q${text}`]: '  Open at lunchtime, please.  ',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/questionnaires/${built.id}/thanks`);
    const thanks = await browser.get(res.headers.location as string);
    expect(thanks.status).toBe(200);
    expect(thanks.text).toContain('Thank you for your answers');
    expect(await htmlProblems(thanks.text)).toEqual([]);

    const stored = await sheets();
    expect(stored).toEqual([
      {
        id: stored[0]!.id,
        survey_id: built.id,
        how: 'online',
        answered_on: '2026-11-20',
        entered_by: null,
        form_number: null,
      },
    ]);
    expect(await answersOf()).toEqual([
      { question_id: single, option_index: 2, text: null },
      { question_id: multiple, option_index: 0, text: null },
      { question_id: multiple, option_index: 3, text: null },
      { question_id: rating, option_index: 4, text: null },
      { question_id: text, option_index: null, text: 'Open at lunchtime, please.' },
    ]);
    // Answers are never changed or removed.
    await expect(t.app.db.updateTable('survey_answers').set({ option_index: 1 }).execute()).rejects.toThrow(
      /never changed/,
    );
    await expect(t.app.db.deleteFrom('survey_answers').execute()).rejects.toThrow(/never deleted/);
  });

  it('lets one browser answer once; another browser may answer too; a forged cookie does not count', async () => {
    const [single, , rating] = built.questions as [number, number, number];
    const answers = { [`q${single}`]: '0', [`q${rating}`]: '3' };
    const first = t.agent();
    expect((await answerOverHttp(first, built.id, answers)).status).toBe(303);
    const again = await first.get(`/questionnaires/${built.id}`);
    expect(again.status).toBe(200);
    expect(again.text).toContain('data-refused="answered"');
    expect(again.text).not.toContain('<form method="post" action="/questionnaires');
    expect(await htmlProblems(again.text)).toEqual([]);
    // Sent again anyway (an old tab): refused, nothing stored.
    const resent = await first.post(`/questionnaires/${built.id}`).type('form').send(answers);
    expect([403, 409]).toContain(resent.status);
    expect(await sheets()).toHaveLength(1);

    expect((await answerOverHttp(t.agent(), built.id, answers)).status).toBe(303);
    expect(await sheets()).toHaveLength(2);

    const forged = t.agent();
    const page = await forged.get(`/questionnaires/${built.id}`).set('Cookie', `${answeredCookie(built.id)}=answered`);
    expect(page.text).not.toContain('data-refused');
  });

  it('refuses the same browser sending twice with a valid form too', async () => {
    const [single, , rating] = built.questions as [number, number, number];
    const browser = t.agent();
    const page = await browser.get(`/questionnaires/${built.id}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const send = () =>
      browser
        .post(`/questionnaires/${built.id}`)
        .type('form')
        .send({ _csrf: csrf, [`q${single}`]: '1', [`q${rating}`]: '2' });
    expect((await send()).status).toBe(303);
    const second = await send();
    expect(second.status).toBe(409);
    expect(second.text).toContain('data-refused="answered"');
    expect(await sheets()).toHaveLength(1);
  });

  it('comes back with an error by each wrong question, the answers kept, and nothing stored', async () => {
    const [single, multiple, rating, text] = built.questions as [number, number, number, number];
    const empty = await answerOverHttp(t.agent(), built.id, {});
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, `q${single}`)).toBe('Choose one');
    expect(fieldError(empty.text, `q${rating}`)).toBe('Choose one');
    // Optional questions left empty are fine.
    expect(fieldError(empty.text, `q${multiple}`)).toBeNull();
    expect(fieldError(empty.text, `q${text}`)).toBeNull();
    expect(empty.text).toContain(`href="#field-q${single}"`);
    expect(await htmlProblems(empty.text)).toEqual([]);

    const hostile = await answerOverHttp(t.agent(), built.id, {
      [`q${single}`]: ['0', '1'],
      [`q${multiple}`]: ['1', '9'],
      [`q${rating}`]: HOSTILE.sql,
      [`q${text}`]: HOSTILE.script,
    });
    expect(hostile.status).toBe(422);
    expect(fieldError(hostile.text, `q${single}`)).toBe('Choose one');
    expect(fieldError(hostile.text, `q${multiple}`)).toBe('Choose from the options given');
    expect(fieldError(hostile.text, `q${rating}`)).toBe('Choose from the options given');
    expect(fieldError(hostile.text, `q${text}`)).toBeNull();
    expect(textareaValue(hostile.text, `q${text}`)).toBe(escaped(HOSTILE.script));
    expect(hostile.text).not.toContain(HOSTILE.script);
    // What was chosen is still chosen.
    expect(hostile.text).toMatch(new RegExp(`id="q${multiple}-1" name="q${multiple}" value="1" checked`));

    const long = await answerOverHttp(t.agent(), built.id, {
      [`q${single}`]: '0',
      [`q${rating}`]: '0',
      [`q${text}`]: 'x'.repeat(2001),
    });
    expect(long.status).toBe(422);
    expect(fieldError(long.text, `q${text}`)).toBe('Use 2000 characters or fewer');
    expect(fieldError(long.text, `q${single}`)).toBeNull();
    expect(long.text).toMatch(new RegExp(`id="q${single}-0" name="q${single}" value="0" checked`));
    expect(await sheets()).toEqual([]);
  });

  it('limits answers from one address', async () => {
    const [single, , rating] = built.questions as [number, number, number];
    const statuses: number[] = [];
    for (let i = 0; i <= ANYONE_LIMIT.max; i++)
      statuses.push((await answerOverHttp(t.agent(), built.id, { [`q${single}`]: '0', [`q${rating}`]: '1' })).status);
    expect(statuses.slice(0, ANYONE_LIMIT.max).every((s) => s === 303)).toBe(true);
    expect(statuses[ANYONE_LIMIT.max]).toBe(429);
    expect(await sheets()).toHaveLength(ANYONE_LIMIT.max);
  });

  it('says when it is not open yet or closed, and takes no answer then', async () => {
    const later = await buildOverHttp(t, coordinator, { opensOn: '2026-12-01', closesOn: '2026-12-31' });
    const earlier = await buildOverHttp(t, coordinator, { opensOn: '2026-10-01', closesOn: '2026-11-19' });
    const list = (await t.agent().get('/questionnaires')).text;
    expect(list).toContain(`/questionnaires/${built.id}"`);
    expect(list).not.toContain(`/questionnaires/${later.id}"`);
    expect(list).not.toContain(`/questionnaires/${earlier.id}"`);

    const notYet = await t.agent().get(`/questionnaires/${later.id}`);
    expect(notYet.text).toContain('data-refused="not_open"');
    expect(notYet.text).toContain('This questionnaire opens on');
    expect(await htmlProblems(notYet.text)).toEqual([]);
    const closed = await t.agent().get(`/questionnaires/${earlier.id}`);
    expect(closed.text).toContain('data-refused="closed"');
    const [single, , rating] = earlier.questions as [number, number, number];
    // Posted anyway: 409, nothing stored. (The form of an open one, sent after it closed, is the same.)
    const agent = t.agent();
    const page = await agent.get(`/questionnaires/${built.id}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const late = await agent
      .post(`/questionnaires/${earlier.id}`)
      .type('form')
      .send({ _csrf: csrf, [`q${single}`]: '0', [`q${rating}`]: '0' });
    expect(late.status).toBe(409);
    expect(late.text).toContain('data-refused="closed"');
    // The last day is included: on 30 November it is open, on 1 December (Shanghai) closed.
    t.clock.set(new Date('2026-11-30T15:59:00Z'));
    expect((await t.agent().get(`/questionnaires/${built.id}`)).text).not.toContain('data-refused');
    t.clock.set(new Date('2026-11-30T16:00:00Z'));
    expect((await t.agent().get(`/questionnaires/${built.id}`)).text).toContain('data-refused="closed"');
    expect(await sheets()).toEqual([]);
    expect((await t.agent().get('/questionnaires/999')).status).toBe(404);
    expect((await t.agent().get('/questionnaires/x1')).status).toBe(404);
  });
});
