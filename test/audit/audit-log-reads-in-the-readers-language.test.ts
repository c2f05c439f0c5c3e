// An administrator reading the audit log in Chinese sees Chinese: roles, states, kinds of record,
// the portal's own actors and reasons, translated when shown, while the entries stay as written
// and the chain stays intact.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type request from 'supertest';
import * as audit from '../../server/audit/service.js';
import { ENTITY_TYPES, STATE_KEYS, ACTOR_KEYS, entityTypeKey, reasonText } from '../../server/audit-log/present.js';
import { loadCatalog, translator } from '../../server/i18n/catalog.js';
import { buildTestApp, TEST_NOW, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit } from '../helpers/factories.js';
import { csrfFrom, submitForm } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';
import { receiptOf, sendOpinion } from '../opinions/support.js';

const PASSWORD = 'a long enough password';

describe('the audit log reads in the reader’s language', () => {
  let t: TestApp;
  let admin: request.Agent;

  beforeEach(async () => {
    t = await buildTestApp();
    await createCampaign(t.app.db);
    const unitId = await createUnit(t.app.db, { name: '东城区委组织部' });

    // The first administrator, through the first-run page, reading Chinese.
    admin = t.agent();
    await admin.get('/lang/zh-CN');
    const setup = await submitForm(admin, '/setup', '/setup', {
      setup_code: t.app.setupCode,
      name: '王芳',
      email: 'wang.fang@example.org',
      password: PASSWORD,
      password_confirm: PASSWORD,
      locale: 'zh-CN',
    });
    expect(setup.status).toBe(303);

    // The eight prohibitions, in Chinese.
    const rules = await admin.get('/staff/conduct-rules');
    expect(
      (
        await admin
          .post('/staff/conduct-rules/eight-prohibitions')
          .type('form')
          .send({ _csrf: csrfFrom(rules.text) })
      ).status,
    ).toBe(303);

    // A unit officer's account, then deactivated.
    const account = {
      name: '李娜',
      email: 'li.na@example.org',
      role: 'unit_officer',
      unit_id: String(unitId),
      locale: 'zh-CN',
    };
    const created = await submitForm(admin, '/staff/accounts/new', '/staff/accounts', {
      ...account,
      access: 'password',
      password: PASSWORD,
      password_confirm: PASSWORD,
    });
    expect(created.status).toBe(303);
    const officer = await t.app.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', account.email)
      .executeTakeFirstOrThrow();
    const edited = await submitForm(admin, `/staff/accounts/${officer.id}/edit`, `/staff/accounts/${officer.id}`, {
      ...account,
      status: 'inactive',
    });
    expect(edited.status).toBe(303);

    // An opinion from the public.
    receiptOf(await sendOpinion(t.agent(), { body: '窗口中午无人。' }));
  });
  afterEach(async () => t.close());

  it('names roles, states, kinds of record, actors and the portal’s own reasons in Chinese', async () => {
    const page = await admin.get('/staff/audit');
    expect(page.status).toBe(200);
    const html = page.text;
    for (const words of [
      '系统管理员', // administrator
      '单位联络员', // unit_officer
      '已停用', // an account, inactive (accounts.status.inactive)
      '使用中', // a conduct rule, active
      '已收到', // an opinion, received
      '工作人员账号（编号 1）',
      '行为规范（编号 8）',
      '意见（编号 1）',
      '首次设置', // the actor of the first-run page
      '公众', // the public
      '在首次设置页面创建的首个系统管理员',
      '源自实践中的“八不准”，以中文（简体）添加',
    ]) {
      expect(html, words).toContain(words);
    }
    for (const raw of [
      'unit_officer',
      'administrator',
      '>active',
      'coordinator',
      'user #',
      'conduct_rule #',
      'first administrator',
      'eight prohibitions of',
    ]) {
      expect(html, raw).not.toContain(raw);
    }
    // The date stays on one line.
    expect(html).toMatch(/<td class="nowrap">2026年11月20日/);
    expect(await htmlProblems(html)).toEqual([]);
  });

  it('in English for a reader of English, from the same entries', async () => {
    await admin.get('/lang/en');
    const html = (await admin.get('/staff/audit')).text;
    for (const words of [
      'Administrator',
      'Unit officer',
      'Deactivated',
      'In use',
      'Received',
      'Staff account #1',
      'Conduct rule #8',
      'First-run set-up',
      'A member of the public',
    ]) {
      expect(html, words).toContain(words);
    }
    expect(html).toContain('The first administrator, created on the first-run page');
    expect(html).toContain('The eight prohibitions of the source practice, added in 中文（简体）');
  });

  it('stores the portal’s reasons as codes, never as prose, and the chain stays intact', async () => {
    const entries = await t.app.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    const setup = entries.find((e) => e.actor === 'setup')!;
    expect(setup).toMatchObject({ action: 'account.created', to_state: 'administrator', reason: null });
    expect(JSON.parse(setup.data!)).toEqual({ why: { code: 'first_administrator' } });
    const rules = entries.filter((e) => e.action === 'conduct_rule.created');
    expect(rules).toHaveLength(8);
    for (const r of rules) {
      expect(r.reason).toBeNull();
      expect(JSON.parse(r.data!).why).toEqual({ code: 'eight_prohibitions', language: 'zh-CN' });
    }
    expect(await audit.verify(t.app.db)).toMatchObject({ ok: true, count: entries.length });
  });

  it('words the English reasons of entries written before, without changing them', async () => {
    await t.app.db.transaction().execute((trx) =>
      audit.record(trx, { id: null, label: 'setup' }, TEST_NOW, {
        action: 'account.created',
        entityType: 'user',
        entityId: 77,
        to: 'administrator',
        reason: 'first administrator, created on the first-run page',
      }),
    );
    const html = (await admin.get('/staff/audit?entity_id=77')).text;
    expect(html).toContain('工作人员账号（编号 77）');
    expect(html).toContain('在首次设置页面创建的首个系统管理员');
    const old = await t.app.db
      .selectFrom('audit_log')
      .select('reason')
      .where('entity_id', '=', '77')
      .executeTakeFirstOrThrow();
    expect(old.reason).toBe('first administrator, created on the first-run page');
    expect(await audit.verify(t.app.db)).toMatchObject({ ok: true });
  });

  it('filters by a kind of record chosen from a list, and still by any kind given in the address', async () => {
    const page = await admin.get('/staff/audit');
    const select = /<select id="entity_type" name="entity_type">([\s\S]*?)<\/select>/.exec(page.text);
    expect(select, 'the kind of record is a list').not.toBeNull();
    const values = [...select![1]!.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
    expect(values).toEqual(['', ...ENTITY_TYPES]);
    expect(select![1]).toContain('>行为规范<');

    const rules = await admin.get('/staff/audit?entity_type=conduct_rule');
    expect(rules.text).toMatch(/<option value="conduct_rule" selected>行为规范<\/option>/);
    expect(rules.text).toContain('共 8 条记录');
    expect(rules.text).not.toContain('已收到');

    const other = await admin.get('/staff/audit?entity_type=ballot_round');
    expect(other.status).toBe(200);
    expect(other.text).toMatch(/<option value="ballot_round" selected>ballot_round<\/option>/);
    expect(other.text).toContain('共 0 条记录');
    expect(await htmlProblems(other.text)).toEqual([]);
  });
});

describe('every word the audit page may use is in both catalogues', () => {
  it('kinds of record, states, actors and reasons', () => {
    const keys = [
      ...ENTITY_TYPES.map(entityTypeKey),
      ...Object.values(STATE_KEYS).flatMap((m) => Object.values(m)),
      ...Object.values(ACTOR_KEYS),
      'audit.reasons.first_administrator',
      'audit.reasons.eight_prohibitions',
    ];
    for (const locale of ['en', 'zh-CN'] as const) {
      const catalog = loadCatalog(locale);
      expect(
        keys.filter((k) => !catalog.has(k)),
        locale,
      ).toEqual([]);
    }
    expect(reasonText(translator('zh-CN'), { code: 'eight_prohibitions', language: 'en' })).toBe(
      '源自实践中的“八不准”，以English添加',
    );
  });
});
