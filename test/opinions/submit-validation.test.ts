import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createConductRule, createUnit } from '../helpers/factories.js';
import { fieldError, HOSTILE, inputValue, textareaValue } from '../helpers/forms.js';
import { allOpinions, hiddenFieldsOf, receiptOf, sendOpinion } from './support.js';

describe('the suggestion box refuses what it cannot take, and says why next to the field', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
    await createCampaign(t.app.db);
  });
  afterEach(async () => t.close());

  const expectNothingStored = async () => expect(await allOpinions(t.app.db)).toHaveLength(0);

  it('an empty opinion', async () => {
    const res = await sendOpinion(t.agent(), { body: '   ' });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'body')).toBe('Enter this information');
    expect(res.text).toContain('<h2 id="error-summary-title">There is a problem</h2>');
    expect(res.text).toContain('<a href="#field-body">Your opinion: Enter this information</a>');
    await expectNothingStored();
  });

  it('an opinion of 5001 characters, keeping what was typed; 5000 is accepted', async () => {
    const long = 'a'.repeat(4990) + ' 123456789' + 'z';
    expect(long).toHaveLength(5001);
    const res = await sendOpinion(t.agent(), {
      body: long,
      identity: 'named',
      name: 'Kept Name',
      phone: '010 1234 5678',
    });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'body')).toBe('Use 5000 characters or fewer');
    expect(textareaValue(res.text, 'body')).toBe(long);
    expect(inputValue(res.text, 'name')).toBe('Kept Name');
    expect(inputValue(res.text, 'phone')).toBe('010 1234 5678');
    expect(res.text).toMatch(/<input type="radio" id="field-identity-named"[^>]*checked>/);
    await expectNothingStored();

    receiptOf(await sendOpinion(t.agent(), { body: long.slice(0, 5000) }));
    expect((await allOpinions(t.app.db))[0]!.body).toHaveLength(5000);
  });

  it('script tags and SQL are stored exactly as written, and shown escaped when the form comes back', async () => {
    const hostile = `${HOSTILE.script} ${HOSTILE.sql} ${HOSTILE.html}`;
    const back = await sendOpinion(t.agent(), { body: hostile, identity: 'named', name: HOSTILE.script });
    expect(back.status).toBe(422); // no contact given
    expect(back.text).not.toContain(HOSTILE.script);
    expect(back.text).not.toContain(HOSTILE.html);
    expect(back.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(textareaValue(back.text, 'body')).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(inputValue(back.text, 'name')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');

    receiptOf(await sendOpinion(t.agent(), { body: hostile }));
    const [opinion] = await allOpinions(t.app.db);
    expect(opinion!.body).toBe(hostile);
  });

  it('fields sent as lists instead of text, and choices that are not offered', async () => {
    const asList = await sendOpinion(t.agent(), { body: ['one', 'two'] });
    expect(asList.status).toBe(422);
    expect(fieldError(asList.text, 'body')).toBe('This is not a valid value');

    const idList = await sendOpinion(t.agent(), {
      body: 'fine',
      unit_id: ['1', '2'],
      identity: ['anonymous', 'named'],
    });
    expect(idList.status).toBe(422);
    expect(fieldError(idList.text, 'unit_id')).toBe('Choose a unit from the list');
    expect(fieldError(idList.text, 'identity')).toBe('Choose whether to send anonymously or to give your name');

    const oddIdentity = await sendOpinion(t.agent(), { body: 'fine', identity: 'somebody' });
    expect(oddIdentity.status).toBe(422);
    expect(fieldError(oddIdentity.text, 'identity')).toBe('Choose whether to send anonymously or to give your name');

    const notAnId = await sendOpinion(t.agent(), { body: 'fine', unit_id: '1 OR 1=1' });
    expect(notAnId.status).toBe(422);
    expect(fieldError(notAnId.text, 'unit_id')).toBe('Choose a unit from the list');
    await expectNothingStored();
  });

  it('a unit or rule of conduct that does not exist, or a rule no longer in force', async () => {
    await createUnit(t.app.db, { name: 'Real unit' });
    const retired = await createConductRule(t.app.db, 'Retired rule');
    await t.app.db.updateTable('conduct_rules').set({ active: 0 }).where('id', '=', retired).execute();

    const res = await sendOpinion(t.agent(), {
      body: 'About a unit',
      unit_id: '99999',
      conduct_rule_id: String(retired),
    });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'unit_id')).toBe('Choose a unit from the list');
    expect(fieldError(res.text, 'conduct_rule_id')).toBe('Choose a rule from the list');
    expect(textareaValue(res.text, 'body')).toBe('About a unit');
    await expectNothingStored();
  });

  it('choosing to give a name, but giving no name and no way to reach them', async () => {
    const res = await sendOpinion(t.agent(), {
      body: 'Named but silent',
      identity: 'named',
      name: '',
      phone: '',
      email: '',
    });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'name')).toBe('Enter your name, or choose to send anonymously');
    expect(fieldError(res.text, 'contact')).toBe(
      'Give a phone number or an email address, or choose to send anonymously',
    );
    expect(res.text).toContain('<a href="#field-contact">Phone or email: Give a phone number or an email address');
    // The summary reads in the order of the form.
    expect(res.text.indexOf('href="#field-name"')).toBeLessThan(res.text.indexOf('href="#field-contact"'));

    const badContact = await sendOpinion(t.agent(), {
      body: 'x',
      identity: 'named',
      name: 'Ma Li',
      phone: 'call me',
      email: 'not-an-address',
    });
    expect(badContact.status).toBe(422);
    expect(fieldError(badContact.text, 'phone')).toBe('Enter a phone number using digits, spaces, + or -');
    expect(fieldError(badContact.text, 'email')).toBe('Enter an email address like name@example.com');
    expect(fieldError(badContact.text, 'contact')).toBeNull();
    await expectNothingStored();
  });

  it('messages in Chinese for a reader in Chinese', async () => {
    const agent = t.agent();
    await agent.get('/lang/zh-CN');
    const res = await sendOpinion(agent, { body: '', identity: 'named' });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'body')).toBe('请填写此项');
    expect(fieldError(res.text, 'name')).toBe('请填写您的姓名，或选择匿名提交');
    expect(fieldError(res.text, 'contact')).toBe('请留下电话号码或电子邮箱，或选择匿名提交');
  });

  it('a post without the form’s CSRF token is refused without a stack trace', async () => {
    const agent = t.agent();
    const page = await agent.get('/opinions/new');
    const { _csrf: _dropped, ...withoutToken } = hiddenFieldsOf(page.text);
    const res = await agent
      .post('/opinions')
      .type('form')
      .send({ ...withoutToken, body: 'No token' });
    expect(res.status).toBe(403);
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
    await expectNothingStored();
  });
});
