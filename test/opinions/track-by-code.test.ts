import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit } from '../helpers/factories.js';
import { fieldError, inputValue } from '../helpers/forms.js';
import { formatters } from '../../server/i18n/format.js';
import {
  displayedCode,
  expectHeadingsInOrder,
  expectNoInlineScriptOrStyle,
  receiptOf,
  sendOpinion,
} from './support.js';

const SUBMITTER = { name: 'Chen Jing', phone: '+86 139 1122 3344', email: 'chen.jing@example.org' };
const BODY = 'The permit office asked me for a red envelope before stamping my form.';

describe('following an opinion with its tracking code', () => {
  let t: TestApp;
  let code: string;
  beforeEach(async () => {
    t = await buildTestApp();
    await createCampaign(t.app.db, { name: 'Conduct review 2026' });
    const unit = await createUnit(t.app.db, { name: 'Permit office' });
    ({ code } = receiptOf(
      await sendOpinion(t.agent(), { body: BODY, unit_id: String(unit), identity: 'named', ...SUBMITTER }),
    ));
  });
  afterEach(async () => t.close());

  /** What staff will do through their own pages: move the opinion on, with a note for the submitter. */
  async function examineLater(note: string) {
    const opinion = await t.app.db.selectFrom('opinions').selectAll().executeTakeFirstOrThrow();
    t.clock.advance(3 * 24 * 3600_000);
    await t.app.db.updateTable('opinions').set({ state: 'triaged' }).where('id', '=', opinion.id).execute();
    await t.app.db
      .insertInto('opinion_events')
      .values({
        opinion_id: opinion.id,
        at: t.clock.now().toISOString(),
        from_state: 'received',
        to_state: 'triaged',
        note,
      })
      .execute();
  }

  it('typed in small letters with spaces, it leads to the opinion’s page', async () => {
    const form = await t.agent().get('/track');
    expect(form.status).toBe(200);
    expect(form.text).toContain('<form method="get" action="/track"');
    expectHeadingsInOrder(form.text);
    expectNoInlineScriptOrStyle(form.text);

    const typed = ` ${code.toLowerCase().replace(/-/g, ' ')} `;
    const res = await t.agent().get('/track').query({ code: typed });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/track/${code}`);

    const noDashes = await t.agent().get(`/track/${code.replace(/-/g, '').toLowerCase()}`);
    expect(noDashes.status).toBe(303);
    expect(noDashes.headers.location).toBe(`/track/${code}`);
  });

  it('shows the state, channel, date, unit and history, and nothing of who sent it or what it says', async () => {
    await examineLater('Passed to the permit office’s supervisor for examination.');
    const res = await t.agent().get(`/track/${code}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const html = res.text;
    expect(displayedCode(html)).toBe(code);
    expect(html).toContain('<span class="badge">Being examined</span>');
    expect(html).toContain('Suggestion boxes');
    expect(html).toContain('Permit office');
    const fmt = formatters('en', t.config.timeZone);
    expect(html).toContain(
      `<time datetime="2026-11-20T02:00:00.000Z">${fmt.dateTime('2026-11-20T02:00:00.000Z')}</time>: <strong>Received</strong>`,
    );
    expect(html).toContain(`${fmt.dateTime(t.clock.now().toISOString())}</time>: <strong>Being examined</strong>`);
    expect(html).toContain('Passed to the permit office’s supervisor for examination.');
    expectHeadingsInOrder(html);
    expectNoInlineScriptOrStyle(html);

    for (const secret of [
      SUBMITTER.name,
      SUBMITTER.phone,
      '1122',
      SUBMITTER.email,
      'chen.jing',
      BODY,
      'red envelope',
    ]) {
      expect(html, secret).not.toContain(secret);
    }
  });

  it('reads in Chinese for a reader in Chinese', async () => {
    const agent = t.agent();
    await agent.get('/lang/zh-CN');
    const res = await agent.get(`/track/${code}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<span class="badge">已收到</span>');
    expect(res.text).toContain('设立意见箱');
    expect(res.text).toContain('办理记录');
  });

  it('an unknown code gets a page saying how to check it', async () => {
    const res = await t.agent().get('/track').query({ code: '2222-3333-4444' });
    expect(res.status).toBe(404);
    expect(res.text).toContain('No opinion has this code');
    expect(res.text).toContain('the code has 12 characters, in three groups of four');
    expect(inputValue(res.text, 'code')).toBe('2222-3333-4444');
    expectHeadingsInOrder(res.text);

    const direct = await t.agent().get('/track/2222-3333-4444');
    expect(direct.status).toBe(404);
    expect(direct.text).toContain('No opinion has this code');
    expect((await t.agent().get('/opinions/receipt/2222-3333-4444')).status).toBe(404);
  });

  it('a malformed code gets the form back with a message', async () => {
    for (const typed of ['hello', `${code}X`, code.replace(/^./, 'O')]) {
      const res = await t.agent().get('/track').query({ code: typed });
      expect(res.status, typed).toBe(422);
      expect(fieldError(res.text, 'code'), typed).toMatch(/12 letters and digits/);
      expect(inputValue(res.text, 'code')).toBe(typed);
    }
    const empty = await t.agent().get('/track?code=');
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'code')).toBe('Enter your tracking code');
    const hostile = await t.agent().get('/track').query({ code: '<script>alert(1)</script>' });
    expect(hostile.status).toBe(422);
    expect(hostile.text).not.toContain('<script>alert(1)</script>');
    const list = await t.agent().get(`/track?code=${code}&code=${code}`);
    expect(list.status).toBe(422);
  });

  it('is limited per address, so codes cannot be guessed', async () => {
    // Every look-up counts: the form, the redirect and the page share one budget of 30 a minute.
    for (let i = 0; i < 30; i++) {
      const res = await t.agent().get(i % 2 ? '/track/2222-3333-4444' : '/track?code=2222-3333-5555');
      expect(res.status, `look-up ${i + 1}`).toBe(404);
    }
    const blocked = await t.agent().get(`/track/${code}`);
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('Too many attempts');
    expect(displayedCode(blocked.text)).toBeNull(); // nothing about the opinion is shown
    expect((await t.agent().get(`/opinions/receipt/${code}`)).status).toBe(429);
  });
});
