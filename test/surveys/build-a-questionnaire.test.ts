// A coordinator builds a questionnaire through the pages: details, the four kinds of question,
// reordering with buttons that post, the three-degree template in one step in their language,
// publishing; bad input comes back with the message by the field; once answered, its questions
// are fixed and the page says so. Every step is in the audit log.
import type request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSurvey, recordAnswers, surveyResults } from '../../server/surveys/service.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, signInAs } from '../helpers/factories.js';
import { escaped, fieldError, HOSTILE, inputValue, submitForm, textareaValue } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';
import { answerOverHttp, buildOverHttp, flashOf, postFrom, questionIds } from './support.js';

describe('building a questionnaire', () => {
  let t: TestApp;
  let coordinator: request.Agent;
  let coordinatorId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    const c = await signInAs(t, 'coordinator');
    coordinator = c.agent;
    coordinatorId = c.user.id;
  });
  afterEach(async () => t.close());

  const questions = (id: number) =>
    t.app.db
      .selectFrom('survey_questions')
      .select(['id', 'position', 'kind', 'prompt', 'required', 'options'])
      .where('survey_id', '=', id)
      .orderBy('position')
      .execute();

  it('makes a draft with the four kinds of question, and publishes it', async () => {
    const built = await buildOverHttp(t, coordinator, { publish: false });
    const survey = await t.app.db
      .selectFrom('surveys')
      .selectAll()
      .where('id', '=', built.id)
      .executeTakeFirstOrThrow();
    expect(survey).toMatchObject({
      title: 'Service hall survey',
      state: 'draft',
      access: 'anyone',
      unit_id: built.unitId,
      opens_on: '2026-11-01',
      closes_on: '2026-11-30',
      locale: 'en',
    });
    expect((await questions(built.id)).map((q) => [q.position, q.kind, q.required, JSON.parse(q.options)])).toEqual([
      [1, 'single', 1, ['Hotline', 'Visit', 'Letter']],
      [2, 'multiple', 0, ['Permits', 'Housing', 'Pensions', 'Other']],
      // A rating with no degrees typed is 1 to 5.
      [3, 'rating', 1, ['1', '2', '3', '4', '5']],
      [4, 'text', 0, []],
    ]);
    // A draft does not exist for the public.
    expect((await t.agent().get(`/questionnaires/${built.id}`)).status).toBe(404);
    expect((await t.agent().get('/questionnaires')).text).not.toContain('Service hall survey');

    const page = await coordinator.get(`/staff/questionnaires/${built.id}`);
    expect(page.status).toBe(200);
    expect(await htmlProblems(page.text)).toEqual([]);
    for (const url of [
      '/staff/questionnaires',
      '/staff/questionnaires/new',
      `/staff/questionnaires/${built.id}/questions/${built.questions[0]}/edit`,
      `/staff/questionnaires/${built.id}/results`,
    ]) {
      const other = await coordinator.get(url);
      expect(other.status, url).toBe(200);
      expect(await htmlProblems(other.text), url).toEqual([]);
    }
    const published = await postFrom(
      coordinator,
      `/staff/questionnaires/${built.id}`,
      `/staff/questionnaires/${built.id}/publish`,
      {},
    );
    expect(published.status).toBe(303);
    expect(published.headers.location).toBe(`/staff/questionnaires/${built.id}`);
    expect(flashOf((await coordinator.get(published.headers.location as string)).text)).toBe(
      'The questionnaire is published.',
    );
    // Said once: the next visit does not say it again.
    expect(flashOf((await coordinator.get(`/staff/questionnaires/${built.id}`)).text)).toBeNull();
    expect(
      (await t.app.db.selectFrom('surveys').select(['state', 'published_at']).executeTakeFirstOrThrow()).state,
    ).toBe('published');
    expect((await t.agent().get('/questionnaires')).text).toContain('Service hall survey');
    // Published twice: refused, in words.
    const again = await postFrom(
      coordinator,
      `/staff/questionnaires/${built.id}`,
      `/staff/questionnaires/${built.id}/publish`,
      {},
    );
    expect(again.status).toBe(422);
    expect(again.text).toContain('This questionnaire is already published');

    const actions = (
      await t.app.db
        .selectFrom('audit_log')
        .select(['action', 'entity_type', 'entity_id'])
        .where('entity_type', '=', 'survey')
        .orderBy('id')
        .execute()
    ).map((e) => e.action);
    expect(actions).toEqual([
      'survey.created',
      'survey.question_added',
      'survey.question_added',
      'survey.question_added',
      'survey.question_added',
      'survey.published',
    ]);
    // The audit page names the record in the reader's language.
    const admin = (await signInAs(t, 'administrator', { locale: 'zh-CN' })).agent;
    const log = await admin
      .get(`/staff/audit?entity_type=survey&entity_id=${built.id}`)
      .set('Accept-Language', 'zh-CN');
    expect(log.status).toBe(200);
    expect(log.text).toContain(`问卷（编号 ${built.id}）`);
    expect(log.text).toContain('已发布');
  });

  it('publishes nothing without a question', async () => {
    const built = await buildOverHttp(t, coordinator, { publish: false, questions: [] });
    const res = await postFrom(
      coordinator,
      `/staff/questionnaires/${built.id}`,
      `/staff/questionnaires/${built.id}/publish`,
      {},
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('Add at least one question before publishing');
    expect((await t.app.db.selectFrom('surveys').select('state').executeTakeFirstOrThrow()).state).toBe('draft');
  });

  it('moves questions up and down with buttons that post, and edits and removes them', async () => {
    const built = await buildOverHttp(t, coordinator, { publish: false });
    const [a, b, c, d] = built.questions as [number, number, number, number];
    const move = (q: number, direction: string) =>
      postFrom(
        coordinator,
        `/staff/questionnaires/${built.id}`,
        `/staff/questionnaires/${built.id}/questions/${q}/move`,
        { direction },
      );
    const first = await move(c, 'up');
    expect(first.status).toBe(303);
    // Back to the moved question, saying so.
    expect(first.headers.location).toBe(`/staff/questionnaires/${built.id}#question-${c}`);
    expect(flashOf((await coordinator.get(first.headers.location as string)).text)).toBe('The question was moved.');
    expect(await questionIds(t, built.id)).toEqual([a, c, b, d]);
    expect((await move(a, 'down')).status).toBe(303);
    expect(await questionIds(t, built.id)).toEqual([c, a, b, d]);
    // The first cannot go higher, nor the last lower: nothing changes.
    expect((await move(c, 'up')).status).toBe(303);
    expect((await move(d, 'down')).status).toBe(303);
    expect(await questionIds(t, built.id)).toEqual([c, a, b, d]);
    expect((await move(c, 'sideways')).status).toBe(422);
    // The page offers no "up" for the first and no "down" for the last.
    const page = (await coordinator.get(`/staff/questionnaires/${built.id}`)).text;
    const block = (q: number) => new RegExp(`<li id="question-${q}"[\\s\\S]*?</li>`).exec(page)![0];
    expect(block(c)).not.toContain('value="up"');
    expect(block(d)).not.toContain('value="down"');
    expect(block(a)).toContain('value="up"');

    const edited = await submitForm(
      coordinator,
      `/staff/questionnaires/${built.id}/questions/${b}/edit`,
      `/staff/questionnaires/${built.id}/questions/${b}`,
      {
        kind: 'rating',
        prompt: 'How fast were you served?',
        required: '1',
        options: 'Slow\nAs expected\nFast',
      },
    );
    expect(edited.status).toBe(303);
    expect(edited.headers.location).toBe(`/staff/questionnaires/${built.id}#questions`);
    expect(flashOf((await coordinator.get(edited.headers.location as string)).text)).toBe('The question was changed.');
    expect((await questions(built.id)).find((q) => q.id === b)).toMatchObject({
      kind: 'rating',
      prompt: 'How fast were you served?',
      required: 1,
      options: JSON.stringify(['Slow', 'As expected', 'Fast']),
    });
    const removed = await postFrom(
      coordinator,
      `/staff/questionnaires/${built.id}`,
      `/staff/questionnaires/${built.id}/questions/${d}/remove`,
      {},
    );
    expect(removed.status).toBe(303);
    expect(flashOf((await coordinator.get(removed.headers.location as string)).text)).toBe('The question was removed.');
    expect(await questionIds(t, built.id)).toEqual([c, a, b]);
    const moved = await t.app.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'survey.question_moved')
      .execute();
    expect(moved).toHaveLength(2);
  });

  it('makes the three-degree form in one step, in the coordinator’s language', async () => {
    const zh = (await signInAs(t, 'coordinator', { locale: 'zh-CN' })).agent;
    const form = await zh.get('/staff/questionnaires/new?template=three_degree');
    expect(form.status).toBe(200);
    expect(await htmlProblems(form.text)).toEqual([]);
    const built = await buildOverHttp(t, zh.set('Accept-Language', 'zh-CN'), {
      template: 'three_degree',
      publish: false,
    });
    const qs = await questions(built.id);
    expect(qs.map((q) => q.kind)).toEqual(['rating', 'rating', 'rating', 'text']);
    expect(qs[0]!.prompt).toContain('满意度');
    expect(qs[1]!.prompt).toContain('认可度');
    expect(qs[2]!.prompt).toContain('认同度');
    expect(JSON.parse(qs[0]!.options)).toEqual(['很不满意', '不满意', '一般', '满意', '很满意']);
    expect(
      (await t.app.db.selectFrom('surveys').select('locale').where('id', '=', built.id).executeTakeFirstOrThrow())
        .locale,
    ).toBe('zh-CN');

    const en = await buildOverHttp(t, coordinator, { template: 'three_degree', publish: false });
    const enQs = await questions(en.id);
    expect(enQs.map((q) => q.prompt.split(':')[0])).toEqual([
      'Satisfaction',
      'Recognition',
      'Approval',
      'What problems do you still see, and what do you suggest?',
    ]);
    const created = await t.app.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'survey.created')
      .where('entity_id', '=', String(en.id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(created.data!)).toMatchObject({ template: 'three_degree', questions: 4 });
  });

  it('refuses bad details and bad questions, with the message by the field and what was typed kept', async () => {
    const campaignId = await createCampaign(t.app.db);
    const post = (fields: Record<string, string>) =>
      submitForm(coordinator, '/staff/questionnaires/new', '/staff/questionnaires', fields);
    const empty = await post({});
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'title')).toBe('Enter this information');
    expect(fieldError(empty.text, 'campaign_id')).toBe('Choose the campaign');
    expect(fieldError(empty.text, 'opens_on')).toBe('Enter this information');
    expect(empty.text).toContain('Choose who may answer');
    expect(await htmlProblems(empty.text)).toEqual([]);

    const hostile = await post({
      title: HOSTILE.script,
      introduction: HOSTILE.sql,
      campaign_id: '1 OR 1=1',
      unit_id: '999',
      opens_on: '2026-02-30',
      closes_on: 'tomorrow',
      access: 'everyone',
      template: 'three_degree',
    });
    expect(hostile.status).toBe(422);
    expect(hostile.text).not.toContain(HOSTILE.script);
    expect(inputValue(hostile.text, 'title')).toBe(escaped(HOSTILE.script));
    expect(textareaValue(hostile.text, 'introduction')).toBe(escaped(HOSTILE.sql));
    expect(fieldError(hostile.text, 'campaign_id')).toBe('Choose the campaign');
    expect(fieldError(hostile.text, 'opens_on')).toBe('Enter a real date');
    expect(fieldError(hostile.text, 'closes_on')).toBe('Enter a real date');

    const tooLong = await post({
      title: 'x'.repeat(201),
      campaign_id: String(campaignId),
      opens_on: '2026-11-10',
      closes_on: '2026-11-01',
      access: 'anyone',
      template: 'none',
    });
    expect(tooLong.status).toBe(422);
    expect(fieldError(tooLong.text, 'title')).toBe('Use 200 characters or fewer');
    expect(fieldError(tooLong.text, 'closes_on')).toBe('The closing day must be on or after the opening day');

    const unknown = await post({
      title: 'A survey',
      campaign_id: '999',
      unit_id: '999',
      opens_on: '2026-11-01',
      closes_on: '2026-11-30',
      access: 'anyone',
      template: 'none',
    });
    expect(unknown.status).toBe(422);
    expect(fieldError(unknown.text, 'campaign_id')).toBe('Choose the campaign');
    expect(fieldError(unknown.text, 'unit_id')).toBe('Choose a unit from the list');
    expect(await t.app.db.selectFrom('surveys').select('id').execute()).toEqual([]);

    const built = await buildOverHttp(t, coordinator, { publish: false, questions: [] });
    const add = (fields: Record<string, string>) =>
      submitForm(
        coordinator,
        `/staff/questionnaires/${built.id}`,
        `/staff/questionnaires/${built.id}/questions`,
        fields,
      );
    const none = await add({});
    expect(none.status).toBe(422);
    expect(none.text).toContain('Choose the kind of question');
    expect(fieldError(none.text, 'prompt')).toBe('Enter this information');
    const oneOption = await add({ kind: 'single', prompt: HOSTILE.html, options: 'Only one' });
    expect(oneOption.status).toBe(422);
    expect(fieldError(oneOption.text, 'options')).toBe('A choice needs at least 2 options, one a line');
    expect(inputValue(oneOption.text, 'prompt')).toBe(escaped(HOSTILE.html));
    expect(oneOption.text).not.toContain(HOSTILE.html);
    expect(await htmlProblems(oneOption.text)).toEqual([]);
    expect(fieldError((await add({ kind: 'multiple', prompt: 'Q', options: 'A\nA' })).text, 'options')).toBe(
      'Each option must be different',
    );
    expect(fieldError((await add({ kind: 'rating', prompt: 'Q', options: 'Only' })).text, 'options')).toBe(
      'A rating needs 2 to 11 degrees, or none for 1 to 5',
    );
    expect(
      fieldError(
        (await add({ kind: 'single', prompt: 'Q', options: Array.from({ length: 21 }, (_, i) => `o${i}`).join('\n') }))
          .text,
        'options',
      ),
    ).toBe('A choice can have at most 20 options');
    expect(fieldError((await add({ kind: 'essay', prompt: 'Q' })).text, 'kind')).toBe('Choose the kind of question');
    expect(await questions(built.id)).toEqual([]);
  });

  it('fixes the questions once anything is answered, and says so on the page', async () => {
    const built = await buildOverHttp(t, coordinator);
    expect(
      (await answerOverHttp(t.agent(), built.id, { [`q${built.questions[0]}`]: '1', [`q${built.questions[2]}`]: '4' }))
        .status,
    ).toBe(303);
    const page = await coordinator.get(`/staff/questionnaires/${built.id}`);
    expect(page.text).toContain('This questionnaire has answers, so its questions can no longer be changed');
    expect(page.text).not.toContain(`/questions/${built.questions[0]}/move`);
    const before = await questions(built.id);
    const [a, b] = built.questions as [number, number];
    expect(
      (
        await postFrom(
          coordinator,
          `/staff/questionnaires/${built.id}`,
          `/staff/questionnaires/${built.id}/questions/${b}/move`,
          { direction: 'up' },
        )
      ).status,
    ).toBe(422);
    expect(
      (
        await postFrom(
          coordinator,
          `/staff/questionnaires/${built.id}`,
          `/staff/questionnaires/${built.id}/questions/${a}/remove`,
          {},
        )
      ).status,
    ).toBe(422);
    const add = await postFrom(
      coordinator,
      `/staff/questionnaires/${built.id}`,
      `/staff/questionnaires/${built.id}/questions`,
      { kind: 'text', prompt: 'Anything else?' },
    );
    expect(add.status).toBe(422);
    expect(add.text).toContain('This questionnaire has answers, so its questions can no longer change');
    const edit = await submitForm(
      coordinator,
      `/staff/questionnaires/${built.id}/questions/${a}/edit`,
      `/staff/questionnaires/${built.id}/questions/${a}`,
      { kind: 'single', prompt: 'Changed', options: 'X\nY' },
    );
    expect(edit.status).toBe(422);
    expect(await questions(built.id)).toEqual(before);
    // The details can still change (a later closing day), but not who may answer.
    const details = {
      title: 'Service hall survey',
      introduction: 'Tell us how the service hall treated you.',
      campaign_id: String(built.campaignId),
      unit_id: String(built.unitId),
      opens_on: '2026-11-01',
      closes_on: '2026-12-15',
    };
    expect(
      (
        await postFrom(coordinator, `/staff/questionnaires/${built.id}`, `/staff/questionnaires/${built.id}`, {
          ...details,
          access: 'anyone',
        })
      ).status,
    ).toBe(303);
    const codes = await postFrom(
      coordinator,
      `/staff/questionnaires/${built.id}`,
      `/staff/questionnaires/${built.id}`,
      { ...details, access: 'codes' },
    );
    expect(codes.status).toBe(422);
    expect(fieldError(codes.text, 'access')).toBe('Who may answer cannot change once the questionnaire is published');
    const s = await t.app.db.selectFrom('surveys').select(['closes_on', 'access']).executeTakeFirstOrThrow();
    expect(s).toEqual({ closes_on: '2026-12-15', access: 'anyone' });
    const edited = await t.app.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'survey.edited')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(edited.data!)).toEqual({ changes: { closes_on: { from: '2026-11-30', to: '2026-12-15' } } });
  });

  it('lets a loader of demo data make a questionnaire and record answers through the service', async () => {
    const campaignId = await createCampaign(t.app.db);
    const actor = { id: coordinatorId, label: 'coordinator' };
    const id = await buildSurvey(t.app.db, actor, t.clock.now(), {
      campaignId,
      unitId: null,
      title: '三度测评',
      opensOn: '2026-11-01',
      closesOn: '2026-11-10',
      access: 'codes',
      locale: 'zh-CN',
    });
    await recordAnswers(t.app.db, actor, t.clock.now(), t.config.timeZone, id, [
      { how: 'online', answers: [[4], [3], [4], '窗口服务态度要改进'] },
      { how: 'paper', answers: [[2], [2], [1], null] },
    ]);
    const results = await surveyResults(t.app.db, id, '2026-11-20');
    expect(results!.view.survey).toMatchObject({ state: 'published', access: 'codes', locale: 'zh-CN' });
    expect(results!.view.responses).toEqual({ online: 1, paper: 1, total: 2 });
    // Satisfaction: degrees 5 and 3, average 4.00.
    expect(results!.questions[0]!.averageHundredths).toEqual({ online: 500, paper: 300, total: 400 });
    expect(results!.questions[3]!.texts.map((x) => x.text)).toEqual(['窗口服务态度要改进']);
    const page = await coordinator.get(`/staff/questionnaires/${id}/results`);
    expect(page.status).toBe(200);
  });

  it('answers unknown questionnaires and questions with the not-found page', async () => {
    const built = await buildOverHttp(t, coordinator, { publish: false });
    for (const url of [
      '/staff/questionnaires/999',
      '/staff/questionnaires/abc',
      `/staff/questionnaires/${built.id}/questions/999/edit`,
      '/staff/questionnaires/999/results',
      '/staff/questionnaires/999/paper',
    ]) {
      expect((await coordinator.get(url)).status, url).toBe(404);
    }
    expect(
      (
        await postFrom(
          coordinator,
          `/staff/questionnaires/${built.id}`,
          `/staff/questionnaires/${built.id}/questions/999/move`,
          { direction: 'up' },
        )
      ).status,
    ).toBe(404);
    expect(
      (await postFrom(coordinator, `/staff/questionnaires/${built.id}`, `/staff/questionnaires/999/publish`, {}))
        .status,
    ).toBe(404);
  });
});
