import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign } from '../helpers/factories.js';
import { readOutbox } from '../helpers/mail.js';
import { allOpinions, displayedCode, hiddenFieldsOf, receiptOf, sendOpinion } from './support.js';

describe('a robot that fills in every field, including the hidden one', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
    await createCampaign(t.app.db);
  });
  afterEach(async () => t.close());

  it('is a field people do not see or reach with the keyboard, labelled to be left empty', async () => {
    const page = await t.agent().get('/opinions/new');
    expect(page.text).toMatch(
      /<div class="honeypot">\s*<label for="field-website">Leave this field empty<\/label>\s*<input type="text" id="field-website" name="website" value="" tabindex="-1" autocomplete="off">/,
    );
  });

  it('is answered as if it worked, and nothing is stored or mailed', async () => {
    const agent = t.agent();
    const res = await sendOpinion(agent, {
      body: 'Buy cheap watches at spam.example',
      identity: 'named',
      name: 'Bot',
      email: 'bot@spam.example',
      website: 'http://spam.example',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/opinions/thanks');
    const thanks = await agent.get('/opinions/thanks');
    expect(thanks.status).toBe(200);
    expect(thanks.text).toContain('Your opinion has been sent.');
    expect(displayedCode(thanks.text)).toBeNull();

    expect(await allOpinions(t.app.db)).toHaveLength(0);
    expect(await t.app.db.selectFrom('audit_log').select('id').execute()).toHaveLength(0);
    expect(await readOutbox(t.dataDir)).toHaveLength(0);
  });

  it('is caught even when it sends the field as a list, or sends invalid data', async () => {
    const agent = t.agent();
    const page = await agent.get('/opinions/new');
    const res = await agent
      .post('/opinions')
      .type('form')
      .send({ ...hiddenFieldsOf(page.text), website: ['a', 'b'], body: '' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/opinions/thanks');
    expect(await allOpinions(t.app.db)).toHaveLength(0);
  });

  it('while a person, who leaves it empty, gets a code', async () => {
    receiptOf(await sendOpinion(t.agent(), { body: 'A real opinion', website: '' }));
    expect(await allOpinions(t.app.db)).toHaveLength(1);
  });
});
