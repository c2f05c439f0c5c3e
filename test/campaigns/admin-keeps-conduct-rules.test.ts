import type request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activeConductRules } from '../../server/campaigns/repository.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createConductRule, signInAs } from '../helpers/factories.js';
import { csrfFrom, escaped, fieldError, inputValue, submitForm, textareaValue, HOSTILE } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';

describe('an administrator keeps the conduct rules', () => {
  let t: TestApp;
  let admin: request.Agent;
  let adminId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    const signedIn = await signInAs(t, 'administrator');
    admin = signedIn.agent;
    adminId = signedIn.user.id;
  });
  afterEach(async () => t.close());

  const rules = () => t.app.db.selectFrom('conduct_rules').selectAll().orderBy('position').orderBy('id').execute();
  /** Presses a button on the rules page (a POST form there), as a browser would. */
  const press = async (action: string) => {
    const page = await admin.get('/staff/conduct-rules');
    expect(page.text, `a button posting to ${action}`).toContain(`action="${action}"`);
    return admin
      .post(action)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
  };
  const titlesOnPage = async () => {
    const page = await admin.get('/staff/conduct-rules');
    return [...page.text.matchAll(/<td>\s*<strong>([^<]*)<\/strong>/g)].map((m) => m[1]);
  };

  it('loads the eight prohibitions once, in English for an administrator reading English', async () => {
    const empty = await admin.get('/staff/conduct-rules');
    expect(empty.text).toContain('Add the eight prohibitions');
    expect(empty.text).toContain('They are added in both languages');
    expect(await htmlProblems(empty.text)).toEqual([]);

    const res = await press('/staff/conduct-rules/eight-prohibitions');
    expect(res.status).toBe(303);
    const loaded = await rules();
    expect(loaded.map((r) => r.title)).toEqual([
      'No fraud or bullying',
      'No drinking at noon',
      'No gifts',
      'No snooping on or leaking appointment information',
      "No demands on the grassroots beyond one's remit",
      'No making things difficult for the grassroots',
      'No gambling',
      'No cards, chess or computer games during work hours',
    ]);
    expect(loaded.every((r) => r.active === 1 && r.description.length > 10)).toBe(true);
    expect(loaded.map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    const page = await admin.get('/staff/conduct-rules');
    expect(page.text).not.toContain('Add the eight prohibitions');
    expect(await htmlProblems(page.text)).toEqual([]);

    // A second press (an old tab, a double click) adds nothing.
    const token = csrfFrom(page.text);
    const again = await admin.post('/staff/conduct-rules/eight-prohibitions').type('form').send({ _csrf: token });
    expect(again.status).toBe(303);
    expect(await rules()).toHaveLength(8);

    const entries = await t.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'conduct_rule.created')
      .execute();
    expect(entries).toHaveLength(8);
    // The portal's own reason is a code the audit page words in the reader's language, not English prose.
    expect(entries.every((e) => e.actor_id === adminId && e.reason === null)).toBe(true);
    expect(entries.map((e) => JSON.parse(e.data!).why)).toEqual(
      Array(8).fill({ code: 'eight_prohibitions', language: 'en' }),
    );
  });

  it('loads the eight prohibitions in Chinese for an administrator reading Chinese', async () => {
    const switched = await admin.get('/lang/zh-CN?next=/staff/conduct-rules');
    expect(switched.status).toBe(302);
    const empty = await admin.get('/staff/conduct-rules');
    expect(empty.text).toContain('添加“八不准”');

    expect((await press('/staff/conduct-rules/eight-prohibitions')).status).toBe(303);
    const loaded = await rules();
    expect(loaded).toHaveLength(8);
    expect(loaded[0]!.title).toBe('不准弄虚作假、欺上压下');
    expect(loaded[1]!.title).toBe('不准中午饮酒');
    expect(loaded[6]!.title).toBe('不准参与赌博');
    for (const r of loaded) expect(r.title + r.description).toMatch(/^[^A-Za-z]*$/);

    // Switching to English afterwards does not add the English set.
    await admin.get('/lang/en?next=/staff/conduct-rules');
    const token = csrfFrom((await admin.get('/staff/conduct-rules')).text);
    await admin.post('/staff/conduct-rules/eight-prohibitions').type('form').send({ _csrf: token });
    expect(await rules()).toHaveLength(8);
  });

  it('adds and edits a rule', async () => {
    const res = await submitForm(admin, '/staff/conduct-rules/new', '/staff/conduct-rules', {
      title_en: 'No gifts',
      description_en: 'Not even small ones.',
    });
    expect(res.status).toBe(303);
    const second = await submitForm(admin, '/staff/conduct-rules/new', '/staff/conduct-rules', {
      title_en: 'No gambling',
      description_en: '',
    });
    expect(second.status).toBe(303);
    const [gifts, gambling] = await rules();
    expect(gifts).toMatchObject({ title: 'No gifts', description: 'Not even small ones.', active: 1 });
    expect(gambling).toMatchObject({ title: 'No gambling', description: '', active: 1 });
    expect(gambling!.position).toBeGreaterThan(gifts!.position);

    const edit = await admin.get(`/staff/conduct-rules/${gifts!.id}/edit`);
    expect(inputValue(edit.text, 'title_en')).toBe('No gifts');
    expect(textareaValue(edit.text, 'description_en')).toBe('Not even small ones.');
    expect(await htmlProblems(edit.text)).toEqual([]);
    const saved = await submitForm(
      admin,
      `/staff/conduct-rules/${gifts!.id}/edit`,
      `/staff/conduct-rules/${gifts!.id}`,
      {
        title_en: 'No gifts or money',
        description_en: 'In any official activity.',
      },
    );
    expect(saved.status).toBe(303);
    expect((await rules())[0]).toMatchObject({
      id: gifts!.id,
      title: 'No gifts or money',
      description: 'In any official activity.',
    });

    const entries = await t.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'conduct_rule')
      .orderBy('id')
      .execute();
    expect(entries.map((e) => [e.action, e.entity_id])).toEqual([
      ['conduct_rule.created', String(gifts!.id)],
      ['conduct_rule.created', String(gambling!.id)],
      ['conduct_rule.updated', String(gifts!.id)],
    ]);
    expect(JSON.parse(entries[2]!.data!)).toEqual({
      changes: {
        title_en: { from: 'No gifts', to: 'No gifts or money' },
        description_en: { from: 'Not even small ones.', to: 'In any official activity.' },
        title: { from: 'No gifts', to: 'No gifts or money' },
        description: { from: 'Not even small ones.', to: 'In any official activity.' },
      },
    });
  });

  it('moves rules up and down with buttons, and the order holds', async () => {
    const a = await createConductRule(t.app.db, 'Rule A');
    const b = await createConductRule(t.app.db, 'Rule B');
    const c = await createConductRule(t.app.db, 'Rule C');
    expect(await titlesOnPage()).toEqual(['Rule A', 'Rule B', 'Rule C']);

    const up = await press(`/staff/conduct-rules/${c}/move-up`);
    expect(up.status).toBe(303);
    expect(up.headers.location).toBe(`/staff/conduct-rules#rule-${c}`);
    expect(await titlesOnPage()).toEqual(['Rule A', 'Rule C', 'Rule B']);

    await press(`/staff/conduct-rules/${a}/move-down`);
    expect(await titlesOnPage()).toEqual(['Rule C', 'Rule A', 'Rule B']);
    expect((await rules()).map((r) => r.position)).toEqual([1, 2, 3]);

    // The first has no "move up" and the last no "move down".
    const page = await admin.get('/staff/conduct-rules');
    expect(page.text).not.toContain(`/staff/conduct-rules/${c}/move-up`);
    expect(page.text).not.toContain(`/staff/conduct-rules/${b}/move-down`);
    // Pressed anyway (a stale page), nothing changes.
    const token = csrfFrom(page.text);
    expect((await admin.post(`/staff/conduct-rules/${c}/move-up`).type('form').send({ _csrf: token })).status).toBe(
      303,
    );
    expect(await titlesOnPage()).toEqual(['Rule C', 'Rule A', 'Rule B']);

    const moves = await t.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'conduct_rule.moved')
      .orderBy('id')
      .execute();
    expect(moves.map((m) => [m.entity_id, m.from_state, m.to_state])).toEqual([
      [String(c), '3', '2'],
      [String(a), '1', '2'],
    ]);
  });

  it('deactivates and reactivates a rule, never deleting it', async () => {
    const id = await createConductRule(t.app.db, 'No drinking at noon');
    const off = await press(`/staff/conduct-rules/${id}/deactivate`);
    expect(off.status).toBe(303);
    expect((await rules())[0]).toMatchObject({ id, active: 0 });
    const page = await admin.get('/staff/conduct-rules');
    expect(page.text).toContain('Not in use');
    expect(page.text).toContain(`action="/staff/conduct-rules/${id}/reactivate"`);
    // Opinions are offered only rules in use.
    expect(await activeConductRules(t.app.db)).toEqual([]);

    expect((await press(`/staff/conduct-rules/${id}/reactivate`)).status).toBe(303);
    expect((await rules())[0]).toMatchObject({ id, active: 1 });

    const entries = await t.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'conduct_rule')
      .orderBy('id')
      .execute();
    expect(entries.map((e) => [e.action, e.from_state, e.to_state])).toEqual([
      ['conduct_rule.deactivated', 'active', 'inactive'],
      ['conduct_rule.reactivated', 'inactive', 'active'],
    ]);
    // There is no way to delete a rule.
    expect(t.app.staffRoutes.filter((r) => r.url.startsWith('/staff/conduct-rules') && r.method === 'DELETE')).toEqual(
      [],
    );
  });

  it('answers empty, oversize, hostile and wrong-type input with 422, keeps what was typed and escapes it', async () => {
    const empty = await submitForm(admin, '/staff/conduct-rules/new', '/staff/conduct-rules', {});
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'title_en')).toMatch(/Write the rule in at least one language/);
    const blank = await submitForm(admin, '/staff/conduct-rules/new', '/staff/conduct-rules', {
      title_en: '   ',
      description_en: 'only this',
    });
    expect(blank.status).toBe(422);
    expect(textareaValue(blank.text, 'description_en')).toBe('only this');

    const big = await submitForm(admin, '/staff/conduct-rules/new', '/staff/conduct-rules', {
      title_en: 't'.repeat(201),
      description_en: 'd'.repeat(2001),
    });
    expect(big.status).toBe(422);
    expect(fieldError(big.text, 'title_en')).toMatch(/200 characters or fewer/);
    expect(fieldError(big.text, 'description_en')).toMatch(/2000 characters or fewer/);
    expect(inputValue(big.text, 'title_en')).toBe('t'.repeat(201));

    for (const hostile of Object.values(HOSTILE)) {
      const res = await submitForm(admin, '/staff/conduct-rules/new', '/staff/conduct-rules', {
        title_en: 't'.repeat(201),
        description_en: hostile,
      });
      expect(res.status, hostile).toBe(422);
      expect(res.text).not.toContain(hostile);
      expect(textareaValue(res.text, 'description_en')).toBe(escaped(hostile));
    }

    const wrongType = await submitForm(admin, '/staff/conduct-rules/new', '/staff/conduct-rules', {
      title_en: ['a', 'b'],
      description_en: ['c', 'd'],
    });
    expect(wrongType.status).toBe(422);
    expect(fieldError(wrongType.text, 'title_en')).toMatch(/not a valid value/);
    expect(fieldError(wrongType.text, 'description_en')).toMatch(/not a valid value/);
    expect(await rules()).toHaveLength(0);

    // Hostile text that is otherwise valid is kept as text and shown escaped.
    const ok = await submitForm(admin, '/staff/conduct-rules/new', '/staff/conduct-rules', {
      title_en: HOSTILE.html,
      description_en: HOSTILE.sql,
    });
    expect(ok.status).toBe(303);
    const page = await admin.get('/staff/conduct-rules');
    expect(page.text).not.toContain(HOSTILE.html);
    expect(page.text).toContain(escaped(HOSTILE.html));
    expect((await rules())[0]).toMatchObject({ title: HOSTILE.html, description: HOSTILE.sql });

    // The edit form, the same.
    const id = (await rules())[0]!.id;
    const edit = await submitForm(admin, `/staff/conduct-rules/${id}/edit`, `/staff/conduct-rules/${id}`, {
      title_en: '',
      description_en: HOSTILE.script,
    });
    expect(edit.status).toBe(422);
    expect(fieldError(edit.text, 'title_en')).toMatch(/Write the rule in at least one language/);
    expect(textareaValue(edit.text, 'description_en')).toBe(escaped(HOSTILE.script));
    expect((await rules())[0]!.title).toBe(HOSTILE.html);
  });

  it('answers 404 for an unknown rule', async () => {
    const page = await admin.get('/staff/conduct-rules');
    const token = csrfFrom(page.text);
    expect((await admin.get('/staff/conduct-rules/999/edit')).status).toBe(404);
    for (const action of [
      '999',
      '999/move-up',
      '999/move-down',
      '999/deactivate',
      '999/reactivate',
      'abc/deactivate',
    ]) {
      const res = await admin.post(`/staff/conduct-rules/${action}`).type('form').send({ _csrf: token, title: 'x' });
      expect(res.status, action).toBe(404);
    }
  });
});
