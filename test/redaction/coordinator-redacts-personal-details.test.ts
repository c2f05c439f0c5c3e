import type request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTextQuery } from '../../server/search/query.js';
import { opinionMatches } from '../../server/search/sql.js';
import { groupCode } from '../../server/shared/codes.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { browserBody, csrfFrom, escaped, fieldError, HOSTILE, submitForm, textareaValue } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';
import { seedOpinion } from '../inbox/recording.js';

const BODY =
  'My neighbour Zhang San (138 0013 8000, zhang.san@example.org) says the clinic on Garden Road closes early.\n' +
  'Zhang San asked me to write this down.';

/** The checkbox values offered on a page for the detected details. */
const offered = (html: string) =>
  [...html.matchAll(/<input type="checkbox" id="redact-detected-\d+" name="detected" value="([^"]*)"/g)].map(
    (m) => m[1],
  );

describe('a coordinator redacts personal details in an opinion', () => {
  let t: TestApp;
  let unitId: number;
  let opinion: { id: number; trackingCode: string };
  beforeEach(async () => {
    t = await buildTestApp();
    const campaignId = await createCampaign(t.app.db);
    unitId = await createUnit(t.app.db, { name: 'Health bureau' });
    opinion = await seedOpinion(t, { campaignId, channel: 'suggestion_box', unitId, body: BODY, locale: 'en' });
  });
  afterEach(async () => t.close());

  const redactVia = (agent: request.Agent, fields: Record<string, string | string[]>) =>
    submitForm(agent, `/staff/opinions/${opinion.id}`, `/staff/opinions/${opinion.id}/redaction`, fields);

  const bodyNow = async () =>
    (await t.app.db.selectFrom('opinions').select('body').where('id', '=', opinion.id).executeTakeFirstOrThrow()).body;

  it('removes a phone number it found and a name typed in, everywhere they appear, and keeps the original for administrators', async () => {
    const trackBefore = await t.agent().get(`/track/${groupCode(opinion.trackingCode)}`);
    expect(trackBefore.status).toBe(200);

    const { user, agent } = await signInAs(t, 'coordinator');
    const page = await agent.get(`/staff/opinions/${opinion.id}`);
    expect(page.status).toBe(200);
    expect(offered(page.text)).toEqual(['138 0013 8000', 'zhang.san@example.org']);
    expect(page.text).toContain('Phone number: 138 0013 8000');
    expect(await htmlProblems(page.text)).toEqual([]);

    const res = await redactVia(agent, { detected: '138 0013 8000', passages: 'Zhang San\n' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/staff/opinions/${opinion.id}`);

    const redacted =
      'My neighbour [redacted] ([redacted], zhang.san@example.org) says the clinic on Garden Road closes early.\n' +
      '[redacted] asked me to write this down.';
    expect(await bodyNow()).toBe(redacted);
    const original = await t.app.db
      .selectFrom('opinion_originals')
      .selectAll()
      .where('opinion_id', '=', opinion.id)
      .executeTakeFirstOrThrow();
    expect(original).toEqual({
      opinion_id: opinion.id,
      body: BODY,
      redacted_by: user.id,
      redacted_at: t.clock.now().toISOString(),
    });

    // The full-text index follows the text (FTS5 on SQLite, pg_trgm on PostgreSQL).
    const found = async (q: string) =>
      (
        await t.app.db
          .selectFrom('opinions')
          .select('id')
          .where((eb) => eb.and(opinionMatches(t.app.db, parseTextQuery(q)!)))
          .execute()
      ).map((r) => r.id);
    expect(await found('0013')).toEqual([]); // the phone number's middle, gone with it
    expect(await found('Garden Road')).toEqual([opinion.id]);
    expect(await found('neighbour [redacted]')).toEqual([opinion.id]);

    // The coordinator sees the redacted text, and not the original.
    const after = await agent.get(`/staff/opinions/${opinion.id}`);
    expect(after.text).not.toContain('Zhang San');
    expect(after.text).not.toContain('138 0013 8000');
    expect(after.text).toContain('My neighbour [redacted] ([redacted], zhang.san@example.org)');
    expect(after.text).toContain('Personal details in this text have been redacted.');
    expect(after.text).not.toContain('Text before redaction');
    expect(offered(after.text)).toEqual(['zhang.san@example.org']);
    expect((await agent.get(`/staff/opinions/${opinion.id}/original`)).status).toBe(403);

    // An administrator sees both.
    const admin = await signInAs(t, 'administrator');
    const adminPage = await admin.agent.get(`/staff/opinions/${opinion.id}`);
    expect(adminPage.text).toContain('<h2 id="original-title">Text before redaction</h2>');
    expect(adminPage.text).toContain('My neighbour Zhang San (138 0013 8000, zhang.san@example.org)');
    expect(adminPage.text).toContain(escaped(`First redacted by ${user.name} (${user.email})`));
    expect(await htmlProblems(adminPage.text)).toEqual([]);
    const originalPage = await admin.agent.get(`/staff/opinions/${opinion.id}/original`);
    expect(originalPage.status).toBe(200);
    expect(originalPage.text).toContain('Zhang San asked me to write this down.');
    expect(originalPage.text).toContain('[redacted] asked me to write this down.');
    expect(await htmlProblems(originalPage.text)).toEqual([]);

    // A supervisor who watches the unit reads the opinion, never the original.
    const supervisor = await signInAs(t, 'supervisor', { watches: [unitId] });
    const supervisorPage = await supervisor.agent.get(`/staff/opinions/${opinion.id}`);
    expect(supervisorPage.status).toBe(200);
    expect(supervisorPage.text).not.toContain('Zhang San');
    expect(supervisorPage.text).not.toContain('action="/staff/opinions/' + opinion.id + '/redaction"');
    expect((await supervisor.agent.get(`/staff/opinions/${opinion.id}/original`)).status).toBe(403);

    // The public tracking page is just as it was.
    const trackAfter = await t.agent().get(`/track/${groupCode(opinion.trackingCode)}`);
    expect(trackAfter.status).toBe(200);
    const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)![0]!;
    expect(main(trackAfter.text)).toBe(main(trackBefore.text));
  });

  it('records the redaction in the audit log by count, never the removed text', async () => {
    const { user, agent } = await signInAs(t, 'coordinator');
    expect(
      (await redactVia(agent, { detected: ['138 0013 8000', 'zhang.san@example.org'], passages: 'Zhang San' })).status,
    ).toBe(303);

    const entries = await t.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'opinion.redacted')
      .execute();
    expect(entries).toHaveLength(1);
    const entry = entries[0]!;
    expect(entry).toMatchObject({
      actor: user.email,
      actor_id: user.id,
      entity_type: 'opinion',
      entity_id: String(opinion.id),
    });
    expect(JSON.parse(entry.data!)).toEqual({
      passages: 3,
      typed: 1,
      detected: 2,
      occurrences: 4,
      first_redaction: true,
    });
    // (The hashes are hex, so only what the entry says is searched.)
    const said = [entry.action, entry.data, entry.reason, entry.from_state, entry.to_state].join(' ');
    for (const removed of ['Zhang', '138', '0013', 'zhang.san', 'example.org']) expect(said).not.toContain(removed);

    // The opinion page's audit list shows it.
    const page = await agent.get(`/staff/opinions/${opinion.id}`);
    expect(page.text).toContain('<td data-action="opinion.redacted">Blacked out personal details in the opinion.</td>');
  });

  it('keeps the first original when the text is redacted again', async () => {
    const first = await signInAs(t, 'coordinator');
    expect((await redactVia(first.agent, { passages: 'Zhang San' })).status).toBe(303);
    t.clock.advance(60_000);
    const second = await signInAs(t, 'coordinator');
    expect((await redactVia(second.agent, { detected: 'zhang.san@example.org' })).status).toBe(303);

    expect(await bodyNow()).toContain('(138 0013 8000, [redacted])');
    const originals = await t.app.db.selectFrom('opinion_originals').selectAll().execute();
    expect(originals).toHaveLength(1);
    expect(originals[0]).toMatchObject({ body: BODY, redacted_by: first.user.id });
    const entries = await t.app.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'opinion.redacted')
      .orderBy('id')
      .execute();
    expect(entries.map((e) => (JSON.parse(e.data!) as { first_redaction: boolean }).first_redaction)).toEqual([
      true,
      false,
    ]);
  });

  it('refuses a passage that is not in the text, next to the field, keeping what was typed', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const typed = `Zhang San\nLi Si\n${HOSTILE.script}`;
    const res = await redactVia(agent, { passages: typed, detected: '138 0013 8000' });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'passages')).toBe(
      escaped(`Not in the text: “Li Si”, “${HOSTILE.script}”. Copy each passage exactly as it is written there`),
    );
    expect(textareaValue(res.text, 'passages')).toBe(escaped(typed));
    expect(res.text).not.toContain(HOSTILE.script);
    // The ticked box stays ticked.
    expect(res.text).toMatch(/value="138 0013 8000" data-kind="phone" checked>/);
    expect(await htmlProblems(res.text)).toEqual([]);
    // Nothing changed.
    expect(await bodyNow()).toBe(BODY);
    expect(await t.app.db.selectFrom('opinion_originals').selectAll().execute()).toEqual([]);
    expect(
      await t.app.db.selectFrom('audit_log').select('id').where('action', '=', 'opinion.redacted').execute(),
    ).toEqual([]);
  });

  it('says what to do when nothing was chosen, a passage is too short, or the whole text would go', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const nothing = await redactVia(agent, { passages: '  \n ' });
    expect(nothing.status).toBe(422);
    expect(fieldError(nothing.text, 'passages')).toBe('Tick a detail found in the text, or type a passage to remove');

    const short = await redactVia(agent, { passages: 'Z' });
    expect(short.status).toBe(422);
    expect(fieldError(short.text, 'passages')).toBe('Each passage must be at least 2 characters');

    const whole = await redactVia(agent, { passages: BODY.split('\n').join('\n') });
    expect(whole.status).toBe(422);
    expect(fieldError(whole.text, 'passages')).toBe(
      'This would remove the whole text. Choose only the personal details',
    );
    expect(await bodyNow()).toBe(BODY);
  });

  it('refuses a ticked detail that is no longer in the text', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const page = await agent.get(`/staff/opinions/${opinion.id}`);
    // Someone else redacts the number meanwhile.
    const other = await signInAs(t, 'coordinator');
    expect((await redactVia(other.agent, { detected: '138 0013 8000' })).status).toBe(303);

    const res = await agent
      .post(`/staff/opinions/${opinion.id}/redaction`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(browserBody({ _csrf: csrfFrom(page.text), detected: '138 0013 8000' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('The text has changed since this page was opened. Check the details again');
    expect(res.text).toContain('id="field-detected"');
  });

  it('shows hostile text in the opinion and in the passages as text', async () => {
    const campaignId = (await t.app.db.selectFrom('campaigns').select('id').executeTakeFirstOrThrow()).id;
    const hostile = await seedOpinion(t, {
      campaignId,
      unitId,
      body: `Call ${HOSTILE.html} now ${HOSTILE.script} 13800138000`,
      locale: 'zh-CN',
    });
    const { agent } = await signInAs(t, 'coordinator');
    const res = await submitForm(
      agent,
      `/staff/opinions/${hostile.id}/redaction`,
      `/staff/opinions/${hostile.id}/redaction`,
      {
        passages: HOSTILE.html,
        detected: '13800138000',
      },
    );
    expect(res.status).toBe(303);
    // Redacted with the marker in the opinion's own language.
    const body = (
      await t.app.db.selectFrom('opinions').select('body').where('id', '=', hostile.id).executeTakeFirstOrThrow()
    ).body;
    expect(body).toBe(`Call [已隐去] now ${HOSTILE.script} [已隐去]`);
    const page = await agent.get(`/staff/opinions/${hostile.id}`);
    expect(page.text).not.toContain(HOSTILE.script);
    expect(page.text).toContain(escaped(HOSTILE.script));
    const admin = await signInAs(t, 'administrator');
    const original = await admin.agent.get(`/staff/opinions/${hostile.id}/original`);
    expect(original.text).not.toContain(HOSTILE.html);
    expect(original.text).toContain(escaped(HOSTILE.html));
  });
});
