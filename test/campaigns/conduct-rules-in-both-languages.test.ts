// Conduct rules carry both languages: each reader sees the rule in theirs, else in the other one.
// The eight prohibitions (and so the demo's, which loads them the same way) come in both.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { fieldError, inputValue, submitForm, textareaValue } from '../helpers/forms.js';

describe('conduct rules in both languages', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
    await createCampaign(t.app.db);
    await createUnit(t.app.db);
  });
  afterEach(async () => t.close());

  const publicForm = async (lang: string) => {
    const res = await t.agent().get('/opinions/new').set('Accept-Language', lang);
    expect(res.status, String(res.headers.location)).toBe(200);
    return res.text;
  };

  it('the eight prohibitions, read in English to an English reader and in Chinese to a Chinese one', async () => {
    const { agent: admin } = await signInAs(t, 'administrator', { locale: 'zh-CN' });
    const added = await submitForm(admin, '/staff/conduct-rules', '/staff/conduct-rules/eight-prohibitions', {});
    expect(added.status).toBe(303);

    const en = await publicForm('en');
    expect(en).toContain('No drinking at noon');
    expect(en).not.toContain('不准中午饮酒');
    const zh = await publicForm('zh-CN');
    expect(zh).toContain('不准中午饮酒');
    expect(zh).not.toContain('No drinking at noon');

    // The staff recording form and the administrator's list too.
    const { agent: coordinator } = await signInAs(t, 'coordinator');
    expect((await coordinator.get('/staff/opinions/new?channel=hotline').set('Accept-Language', 'en')).text).toContain(
      'No drinking at noon',
    );
    const list = (await admin.get('/staff/conduct-rules').set('Accept-Language', 'en')).text;
    expect(list).toContain('No drinking at noon');
    expect(list).toContain('不准中午饮酒'); // the other language beside it, for the administrator
  });

  it('a rule written in one language shows in it to readers of the other, and the list says it lacks the other', async () => {
    const { agent: admin } = await signInAs(t, 'administrator');
    const saved = await submitForm(admin, '/staff/conduct-rules/new', '/staff/conduct-rules', {
      title_zh: '不准收受购物卡',
      description_zh: '任何形式都不行。',
      title_en: '',
      description_en: '',
    });
    expect(saved.status).toBe(303);
    expect(await publicForm('en')).toContain('不准收受购物卡');
    expect((await admin.get('/staff/conduct-rules').set('Accept-Language', 'en')).text).toContain(
      'Written in one language only',
    );

    // Adding the English: each reader now sees their own.
    const rule = await t.app.db.selectFrom('conduct_rules').select('id').executeTakeFirstOrThrow();
    const edit = await admin.get(`/staff/conduct-rules/${rule.id}/edit`);
    expect(inputValue(edit.text, 'title_zh')).toBe('不准收受购物卡');
    const edited = await submitForm(admin, `/staff/conduct-rules/${rule.id}/edit`, `/staff/conduct-rules/${rule.id}`, {
      title_zh: '不准收受购物卡',
      description_zh: '任何形式都不行。',
      title_en: 'No shopping cards',
      description_en: 'In any form.',
    });
    expect(edited.status).toBe(303);
    expect(await publicForm('en')).toContain('No shopping cards');
    expect(await publicForm('zh-CN')).toContain('不准收受购物卡');
  });

  it('a rule with no title in either language is refused (422), said by both fields, the typed text kept', async () => {
    const { agent: admin } = await signInAs(t, 'administrator');
    const res = await submitForm(admin, '/staff/conduct-rules/new', '/staff/conduct-rules', {
      title_zh: '  ',
      description_zh: '说明',
      title_en: '',
      description_en: 'Only the explanation',
    });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'title_en')).toContain('Write the rule in at least one language');
    expect(fieldError(res.text, 'title_zh')).toContain('Write the rule in at least one language');
    expect(textareaValue(res.text, 'description_en')).toBe('Only the explanation');
    expect(textareaValue(res.text, 'description_zh')).toBe('说明');
  });
});
