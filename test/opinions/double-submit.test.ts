import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign } from '../helpers/factories.js';
import { readOutbox } from '../helpers/mail.js';
import { allOpinions, auditEntries, hiddenFieldsOf, receiptOf, submissionKeyFrom } from './support.js';

describe('sending the same form twice (a double click, a slow network) makes one opinion', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
    await createCampaign(t.app.db);
  });
  afterEach(async () => t.close());

  const fields = {
    identity: 'named',
    name: 'Sun Li',
    email: 'sun.li@example.org',
    body: 'The clinic queue starts before dawn.',
  };

  async function openForm() {
    const agent = t.agent();
    const page = await agent.get('/opinions/new');
    expect(page.status).toBe(200);
    const post = () =>
      agent
        .post('/opinions')
        .type('form')
        .send({ ...hiddenFieldsOf(page.text), ...fields });
    return { agent, page, post };
  }

  async function expectOneOpinion() {
    const opinions = await allOpinions(t.app.db);
    expect(opinions).toHaveLength(1);
    expect(await t.app.db.selectFrom('opinion_events').select('id').execute()).toHaveLength(1);
    expect(await auditEntries(t.app.db, 'opinion.received')).toHaveLength(1);
    expect(await readOutbox(t.dataDir)).toHaveLength(1); // one receipt, not one per click
    return opinions[0]!;
  }

  it('one after the other: the second answer shows the same code and says it was already received', async () => {
    const { agent, post } = await openForm();
    const first = receiptOf(await post());
    const second = receiptOf(await post());
    expect(first.email).toBe('sent');
    expect(second.code).toBe(first.code);
    expect(second.email).toBe('repeat');
    const page = await agent.get(second.url);
    expect(page.text).toContain('This form had already been sent. It was recorded once');
    const opinion = await expectOneOpinion();
    expect(opinion.tracking_code).toBe(first.code.replace(/-/g, ''));
  });

  it('at the same moment: every answer shows the one code', async () => {
    const { post } = await openForm();
    const answers = await Promise.all([post(), post(), post()]);
    const codes = answers.map((a) => receiptOf(a).code);
    expect(new Set(codes).size).toBe(1);
    expect(answers.map((a) => receiptOf(a).email).sort()).toEqual(['repeat', 'repeat', 'sent']);
    await expectOneOpinion();
  });

  it('a form that came back with an error keeps its key, so fixing it and sending twice still makes one', async () => {
    const { agent, page } = await openForm();
    const key = submissionKeyFrom(page.text);
    const wrong = await agent
      .post('/opinions')
      .type('form')
      .send({ ...hiddenFieldsOf(page.text), ...fields, body: '' });
    expect(wrong.status).toBe(422);
    expect(submissionKeyFrom(wrong.text)).toBe(key);
    const again = () =>
      agent
        .post('/opinions')
        .type('form')
        .send({ ...hiddenFieldsOf(wrong.text), ...fields });
    const a = receiptOf(await again());
    const b = receiptOf(await again());
    expect(b.code).toBe(a.code);
    const opinion = await expectOneOpinion();
    expect(opinion.submission_key).toBe(key);
  });

  it('two forms opened separately are two opinions', async () => {
    const one = await openForm();
    const two = await openForm();
    expect(submissionKeyFrom(one.page.text)).not.toBe(submissionKeyFrom(two.page.text));
    const a = receiptOf(await one.post());
    const b = receiptOf(await two.post());
    expect(a.code).not.toBe(b.code);
    expect(await allOpinions(t.app.db)).toHaveLength(2);
  });
});
