// Supervisors (and coordinators) type in questionnaires answered on paper: the same questions,
// marked as paper, with who typed it in and the form's number; errors by each question with the
// answers kept; counted with the online answers and apart from them. Unit officers may not.
import type request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signInAs } from '../helpers/factories.js';
import { fieldError, HOSTILE, inputValue } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';
import { answerOverHttp, buildOverHttp, flashOf, postFrom, type Built } from './support.js';

describe('typing in paper answers', () => {
  let t: TestApp;
  let coordinator: request.Agent;
  let supervisor: request.Agent;
  let supervisorId: number;
  let built: Built;
  beforeEach(async () => {
    t = await buildTestApp();
    coordinator = (await signInAs(t, 'coordinator')).agent;
    const s = await signInAs(t, 'supervisor');
    supervisor = s.agent;
    supervisorId = s.user.id;
    built = await buildOverHttp(t, coordinator, { access: 'codes' });
  });
  afterEach(async () => t.close());

  const paperUrl = () => `/staff/questionnaires/${built.id}/paper`;

  it('a supervisor finds the questionnaire and types in a paper form, marked as paper', async () => {
    const list = await supervisor.get('/staff/questionnaires');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`href="${paperUrl()}"`);
    // A supervisor builds nothing and reads no results.
    expect(list.text).not.toContain('/staff/questionnaires/new');
    expect(list.text).not.toContain(`/staff/questionnaires/${built.id}/results`);
    const nav = await supervisor.get('/staff');
    expect(nav.text).toContain('href="/staff/questionnaires"');

    const page = await supervisor.get(paperUrl());
    expect(page.status).toBe(200);
    expect(await htmlProblems(page.text)).toEqual([]);
    // Paper needs no invitation code.
    expect(page.text).not.toContain('id="field-code"');
    const [single, multiple, rating, text] = built.questions as [number, number, number, number];
    const res = await postFrom(supervisor, paperUrl(), paperUrl(), {
      form_number: 'P-0042',
      [`q${single}`]: '0',
      [`q${multiple}`]: ['1', '2'],
      [`q${rating}`]: '3',
      [`q${text}`]: 'Written on paper.',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(paperUrl());
    const after = await supervisor.get(String(res.headers.location));
    expect(flashOf(after.text)).toBe('The paper answers were recorded. Type in the next form below.');
    expect(flashOf((await supervisor.get(paperUrl())).text)).toBeNull();
    const sheet = await t.app.db.selectFrom('survey_responses').selectAll().executeTakeFirstOrThrow();
    expect(sheet).toMatchObject({
      how: 'paper',
      entered_by: supervisorId,
      form_number: 'P-0042',
      answered_on: '2026-11-20',
    });
    expect(
      await t.app.db
        .selectFrom('survey_answers')
        .select(['question_id', 'option_index', 'text'])
        .orderBy('id')
        .execute(),
    ).toEqual([
      { question_id: single, option_index: 0, text: null },
      { question_id: multiple, option_index: 1, text: null },
      { question_id: multiple, option_index: 2, text: null },
      { question_id: rating, option_index: 3, text: null },
      { question_id: text, option_index: null, text: 'Written on paper.' },
    ]);
    const entry = await t.app.db
      .selectFrom('audit_log')
      .select(['actor_id', 'data'])
      .where('action', '=', 'survey.paper_entered')
      .executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(supervisorId);
    expect(JSON.parse(entry.data!)).toEqual({ response: sheet.id, form_number: 'P-0042' });
    // No invitation code was used for it.
    expect(await t.app.db.selectFrom('survey_codes').select('id').execute()).toEqual([]);
  });

  it('counts paper and online answers together and apart', async () => {
    const [single, , rating] = built.questions as [number, number, number];
    const codes = await postFrom(
      coordinator,
      `/staff/questionnaires/${built.id}`,
      `/staff/questionnaires/${built.id}/codes`,
      { count: '1' },
    );
    const code = /<span data-code>([^<]+)<\/span>/.exec(codes.text)![1]!;
    expect((await answerOverHttp(t.agent(), built.id, { [`q${single}`]: '0', [`q${rating}`]: '4' }, code)).status).toBe(
      303,
    );
    for (const r of ['4', '2'])
      expect(
        (await postFrom(coordinator, paperUrl(), paperUrl(), { [`q${single}`]: '0', [`q${rating}`]: r })).status,
      ).toBe(303);
    const page = await coordinator.get(`/staff/questionnaires/${built.id}`);
    expect(page.text).toContain('3 answers: 1 online, 2 on paper.');
  });

  it('comes back with the errors by each question, the answers and the form number kept', async () => {
    const [single, multiple, rating] = built.questions as [number, number, number];
    const empty = await postFrom(supervisor, paperUrl(), paperUrl(), {});
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, `q${single}`)).toBe('Choose one');
    expect(await htmlProblems(empty.text)).toEqual([]);
    const bad = await postFrom(supervisor, paperUrl(), paperUrl(), {
      form_number: HOSTILE.script,
      [`q${single}`]: '7',
      [`q${multiple}`]: '1',
      [`q${rating}`]: '2',
    });
    expect(bad.status).toBe(422);
    expect(fieldError(bad.text, `q${single}`)).toBe('Choose from the options given');
    expect(inputValue(bad.text, 'form_number')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(bad.text).toMatch(new RegExp(`id="q${multiple}-1" name="q${multiple}" value="1" checked`));
    const long = await postFrom(supervisor, paperUrl(), paperUrl(), {
      form_number: 'x'.repeat(51),
      [`q${single}`]: '0',
      [`q${rating}`]: '2',
    });
    expect(long.status).toBe(422);
    expect(fieldError(long.text, 'form_number')).toBe('Use 50 characters or fewer');
    expect(await t.app.db.selectFrom('survey_responses').select('id').execute()).toEqual([]);
  });

  it('is refused to unit officers, and there is no paper form for a draft or an unknown questionnaire', async () => {
    const officer = (await signInAs(t, 'unit_officer')).agent;
    expect((await officer.get(paperUrl())).status).toBe(403);
    expect((await officer.get('/staff/questionnaires')).status).toBe(403);
    expect((await supervisor.get(`/staff/questionnaires/${built.id}`)).status).toBe(403);
    expect((await supervisor.get(`/staff/questionnaires/${built.id}/results`)).status).toBe(403);
    expect((await supervisor.get(`/staff/questionnaires/${built.id}/results.csv`)).status).toBe(403);
    const draft = await buildOverHttp(t, coordinator, { publish: false });
    expect((await supervisor.get(`/staff/questionnaires/${draft.id}/paper`)).status).toBe(404);
    expect((await supervisor.get('/staff/questionnaires/999/paper')).status).toBe(404);
    expect((await t.agent().get(paperUrl())).status).toBe(302);
  });
});
