import type request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, signInAs } from '../helpers/factories.js';
import { escaped, fieldError, inputValue, submitForm, textareaValue, HOSTILE } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';

describe('an administrator sets up a campaign', () => {
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

  const campaigns = () => t.app.db.selectFrom('campaigns').selectAll().orderBy('id').execute();
  const good = () => ({
    name: 'Finding and fixing what is wrong, 2026',
    description: 'Ten channels, public commitments, judged by the public.',
    starts_on: '2026-03-01',
    ends_on: '2026-12-31',
    threshold: '80',
    quorum_numerator: '2',
    quorum_denominator: '3',
  });

  it('offers 80% and two of every three ballots by default, says a round freezes them, and saves', async () => {
    const form = await admin.get('/staff/campaigns/new');
    expect(form.status).toBe(200);
    expect(inputValue(form.text, 'threshold')).toBe('80');
    expect(inputValue(form.text, 'quorum_numerator')).toBe('2');
    expect(inputValue(form.text, 'quorum_denominator')).toBe('3');
    expect(form.text).toContain('At least 2 of every 3 ballots issued must be cast');
    expect(form.text).toContain(
      'When an evaluation round opens, it keeps the pass line and the quorum in force at that moment.',
    );
    expect(await htmlProblems(form.text)).toEqual([]);

    const res = await submitForm(admin, '/staff/campaigns/new', '/staff/campaigns', good());
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/staff/campaigns');
    expect(await campaigns()).toMatchObject([
      {
        name: 'Finding and fixing what is wrong, 2026',
        description: 'Ten channels, public commitments, judged by the public.',
        starts_on: '2026-03-01',
        ends_on: '2026-12-31',
        threshold: 80,
        quorum_numerator: 2,
        quorum_denominator: 3,
        created_at: t.clock.now().toISOString(),
      },
    ]);

    const list = await admin.get('/staff/campaigns');
    expect(list.text).toContain('Saved.');
    expect(list.text).toContain('Finding and fixing what is wrong, 2026');
    expect(list.text).toContain('Mar 1, 2026 to Dec 31, 2026');
    expect(list.text).toContain('80% satisfied or basically satisfied');
    expect(list.text).toContain('At least 2 of every 3 ballots issued must be cast');
    expect(await htmlProblems(list.text)).toEqual([]);
  });

  it('edits the pass line and quorum, and the list says them in words', async () => {
    const id = await createCampaign(t.app.db, { name: 'Spring review' });
    const edit = await admin.get(`/staff/campaigns/${id}/edit`);
    expect(inputValue(edit.text, 'name')).toBe('Spring review');
    expect(inputValue(edit.text, 'starts_on')).toBe('2026-01-01');

    const res = await submitForm(admin, `/staff/campaigns/${id}/edit`, `/staff/campaigns/${id}`, {
      ...good(),
      name: 'Spring review',
      description: '',
      threshold: '75',
      quorum_numerator: '3',
      quorum_denominator: '4',
    });
    expect(res.status).toBe(303);
    const [saved] = await campaigns();
    expect(saved).toMatchObject({
      threshold: 75,
      quorum_numerator: 3,
      quorum_denominator: 4,
      description: '',
      updated_at: t.clock.now().toISOString(),
    });

    const list = await admin.get('/staff/campaigns');
    expect(list.text).toContain('75% satisfied or basically satisfied');
    expect(list.text).toContain('At least 3 of every 4 ballots issued must be cast');

    // A quorum of none, and a pass line of 100, are allowed.
    const edge = await submitForm(admin, `/staff/campaigns/${id}/edit`, `/staff/campaigns/${id}`, {
      ...good(),
      threshold: '100',
      quorum_numerator: '0',
      quorum_denominator: '1',
    });
    expect(edge.status).toBe(303);
    expect((await admin.get('/staff/campaigns')).text).toContain(
      'No quorum: a round counts however few ballots are cast',
    );
  });

  it('refuses an end before the start, keeping what was typed', async () => {
    const res = await submitForm(admin, '/staff/campaigns/new', '/staff/campaigns', {
      ...good(),
      starts_on: '2026-06-01',
      ends_on: '2026-05-31',
    });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'ends_on')).toMatch(/same as the start date or later/);
    expect(inputValue(res.text, 'starts_on')).toBe('2026-06-01');
    expect(inputValue(res.text, 'ends_on')).toBe('2026-05-31');
    expect(inputValue(res.text, 'name')).toBe(good().name);
    expect(res.text).toContain(
      '<a href="#field-ends_on">Ends on: The end date must be the same as the start date or later</a>',
    );
    expect(await htmlProblems(res.text)).toEqual([]);
    expect(await campaigns()).toHaveLength(0);

    // Every message at once: a wrong pass line and an end before the start, on one submission.
    const both = await submitForm(admin, '/staff/campaigns/new', '/staff/campaigns', {
      ...good(),
      starts_on: '2026-06-01',
      ends_on: '2026-05-31',
      threshold: '0',
      quorum_numerator: '5',
      quorum_denominator: '4',
    });
    expect(both.status).toBe(422);
    expect(fieldError(both.text, 'threshold')).toMatch(/at least 1/);
    expect(fieldError(both.text, 'ends_on')).toMatch(/same as the start date or later/);
    expect(fieldError(both.text, 'quorum_numerator')).toMatch(/cannot be more than the ballots issued/);

    // A one-day campaign is fine.
    const oneDay = await submitForm(admin, '/staff/campaigns/new', '/staff/campaigns', {
      ...good(),
      starts_on: '2026-06-01',
      ends_on: '2026-06-01',
    });
    expect(oneDay.status).toBe(303);
  });

  it('refuses a pass line of 0, 101, "abc" or nothing', async () => {
    const cases: [string, RegExp][] = [
      ['0', /at least 1/],
      ['101', /at most 100/],
      ['abc', /whole number/],
      ['', /whole number/],
      ['80.5', /whole number/],
      ['-5', /at least 1/],
    ];
    for (const [threshold, message] of cases) {
      const res = await submitForm(admin, '/staff/campaigns/new', '/staff/campaigns', { ...good(), threshold });
      expect(res.status, threshold).toBe(422);
      expect(fieldError(res.text, 'threshold'), threshold).toMatch(message);
      expect(inputValue(res.text, 'threshold')).toBe(threshold);
    }
    expect(await campaigns()).toHaveLength(0);
  });

  it('refuses a quorum that is not a fraction of the ballots issued', async () => {
    const more = await submitForm(admin, '/staff/campaigns/new', '/staff/campaigns', {
      ...good(),
      quorum_numerator: '4',
      quorum_denominator: '3',
    });
    expect(more.status).toBe(422);
    expect(fieldError(more.text, 'quorum_numerator')).toMatch(/cannot be more than the ballots issued/);

    const zero = await submitForm(admin, '/staff/campaigns/new', '/staff/campaigns', {
      ...good(),
      quorum_numerator: '0',
      quorum_denominator: '0',
    });
    expect(zero.status).toBe(422);
    expect(fieldError(zero.text, 'quorum_denominator')).toMatch(/at least 1/);

    const negative = await submitForm(admin, '/staff/campaigns/new', '/staff/campaigns', {
      ...good(),
      quorum_numerator: '-1',
    });
    expect(negative.status).toBe(422);
    expect(fieldError(negative.text, 'quorum_numerator')).toMatch(/at least 0/);
    expect(await campaigns()).toHaveLength(0);
  });

  it('answers empty, oversize, hostile and wrong-type input with 422, keeps what was typed and escapes it', async () => {
    const empty = await submitForm(admin, '/staff/campaigns/new', '/staff/campaigns', {});
    expect(empty.status).toBe(422);
    for (const f of ['name', 'starts_on', 'ends_on', 'threshold', 'quorum_numerator', 'quorum_denominator'])
      expect(fieldError(empty.text, f), f).toBe('Enter this information');
    expect(fieldError(empty.text, 'description')).toBeNull();

    const big = await submitForm(admin, '/staff/campaigns/new', '/staff/campaigns', {
      ...good(),
      name: 'n'.repeat(201),
      description: 'd'.repeat(5001),
    });
    expect(big.status).toBe(422);
    expect(fieldError(big.text, 'name')).toMatch(/200 characters or fewer/);
    expect(fieldError(big.text, 'description')).toMatch(/5000 characters or fewer/);
    expect(textareaValue(big.text, 'description')).toBe('d'.repeat(5001));

    for (const hostile of Object.values(HOSTILE)) {
      const res = await submitForm(admin, '/staff/campaigns/new', '/staff/campaigns', {
        name: hostile,
        description: hostile,
        starts_on: hostile,
        ends_on: '2026-02-30',
        threshold: hostile,
        quorum_numerator: hostile,
        quorum_denominator: '3',
      });
      expect(res.status, hostile).toBe(422);
      expect(fieldError(res.text, 'starts_on')).toMatch(/real date/);
      expect(fieldError(res.text, 'ends_on')).toMatch(/real date/);
      expect(fieldError(res.text, 'threshold')).toMatch(/whole number/);
      expect(res.text).not.toContain(hostile);
      expect(inputValue(res.text, 'starts_on')).toBe(escaped(hostile));
      expect(textareaValue(res.text, 'description')).toBe(escaped(hostile));
    }

    // A hostile name and description that are otherwise valid are stored as text and shown escaped.
    const stored = await submitForm(admin, '/staff/campaigns/new', '/staff/campaigns', {
      ...good(),
      name: HOSTILE.script,
      description: HOSTILE.sql,
    });
    expect(stored.status).toBe(303);
    const list = await admin.get('/staff/campaigns');
    expect(list.text).not.toContain(HOSTILE.script);
    expect(list.text).toContain(escaped(HOSTILE.script));
    expect((await campaigns()).map((c) => c.name)).toEqual([HOSTILE.script]);

    const wrongType = await submitForm(admin, '/staff/campaigns/new', '/staff/campaigns', {
      ...good(),
      name: ['a', 'b'],
      threshold: ['80', '90'],
    });
    expect(wrongType.status).toBe(422);
    expect(fieldError(wrongType.text, 'name')).toMatch(/not a valid value/);
    expect(fieldError(wrongType.text, 'threshold')).toMatch(/not a valid value/);
    expect(inputValue(wrongType.text, 'threshold')).toBe('80,90');
    expect(await campaigns()).toHaveLength(1);
  });

  it('asks for an empty date like any empty field, and for a real date only when one is malformed', async () => {
    const empty = await submitForm(admin, '/staff/campaigns/new', '/staff/campaigns', {
      ...good(),
      starts_on: '',
      ends_on: '',
    });
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'starts_on')).toBe('Enter this information');
    expect(fieldError(empty.text, 'ends_on')).toBe('Enter this information');
    expect(fieldError(empty.text, 'name')).toBeNull();

    const malformed = await submitForm(admin, '/staff/campaigns/new', '/staff/campaigns', {
      ...good(),
      starts_on: '1/3/2026',
      ends_on: '2026-02-30',
    });
    expect(fieldError(malformed.text, 'starts_on')).toBe('Enter a real date');
    expect(fieldError(malformed.text, 'ends_on')).toBe('Enter a real date');

    await admin.get('/lang/zh-CN');
    const zh = await submitForm(admin, '/staff/campaigns/new', '/staff/campaigns', {
      ...good(),
      starts_on: '',
      ends_on: 'tomorrow',
    });
    expect(fieldError(zh.text, 'starts_on')).toBe('请填写此项');
    expect(fieldError(zh.text, 'ends_on')).toBe('请输入有效的日期');
    expect(await campaigns()).toHaveLength(0);
  });

  it('answers 404 for an unknown campaign', async () => {
    expect((await admin.get('/staff/campaigns/999/edit')).status).toBe(404);
    expect((await admin.get('/staff/campaigns/x/edit')).status).toBe(404);
    expect((await submitForm(admin, '/staff/campaigns/new', '/staff/campaigns/999', good())).status).toBe(404);
  });

  it('records creation and each change in the audit log, and nothing for a save without changes', async () => {
    await submitForm(admin, '/staff/campaigns/new', '/staff/campaigns', good());
    const [c] = await campaigns();
    await submitForm(admin, `/staff/campaigns/${c!.id}/edit`, `/staff/campaigns/${c!.id}`, {
      ...good(),
      threshold: '85',
    });
    await submitForm(admin, `/staff/campaigns/${c!.id}/edit`, `/staff/campaigns/${c!.id}`, {
      ...good(),
      threshold: '85',
    });

    const entries = await t.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'campaign')
      .orderBy('id')
      .execute();
    expect(entries.map((e) => e.action)).toEqual(['campaign.created', 'campaign.updated']);
    for (const e of entries) expect(e).toMatchObject({ actor_id: adminId, entity_id: String(c!.id) });
    expect(JSON.parse(entries[0]!.data!)).toMatchObject({
      name: good().name,
      threshold: 80,
      quorum_numerator: 2,
      quorum_denominator: 3,
    });
    expect(JSON.parse(entries[1]!.data!)).toEqual({ changes: { threshold: { from: 80, to: 85 } } });
  });
});
