import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign } from '../helpers/factories.js';
import { linkIn, readOutbox } from '../helpers/mail.js';
import { allOpinions, displayedCode, receiptOf, sendOpinion } from './support.js';

describe('on a portal without mail settings, the receipt lands in the outbox folder', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
    await createCampaign(t.app.db);
  });
  afterEach(async () => t.close());

  it('as an .eml file in the reader’s language, with the code and its tracking link', async () => {
    expect(t.config.mailUrl).toBeUndefined();
    const agent = t.agent();
    const { code, email, url } = receiptOf(
      await sendOpinion(agent, {
        body: 'Street lights on Elm Lane are off.',
        identity: 'named',
        name: 'Zhao Min',
        email: 'zhao.min@example.org',
      }),
    );
    expect(email).toBe('sent');
    expect((await agent.get(url)).text).toContain(
      'A receipt with this code has been sent to the email address you gave.',
    );

    const files = fs.readdirSync(path.join(t.dataDir, 'outbox'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const [mail, ...more] = await readOutbox(t.dataDir);
    expect(more).toHaveLength(0);
    expect(mail!.to).toBe('zhao.min@example.org');
    expect(mail!.language).toBe('en');
    expect(mail!.subject).toBe(`Your opinion has been received: tracking code ${code}`);
    expect(mail!.text).toContain(code);

    const link = linkIn(mail!, t.config.baseUrl);
    const tracked = await t.agent().get(link.slice(t.config.baseUrl.length));
    expect(tracked.status).toBe(200);
    expect(displayedCode(tracked.text)).toBe(code);
  });

  it('and an anonymous sender gets no mail even if an address was typed before choosing anonymity', async () => {
    const { email } = receiptOf(
      await sendOpinion(t.agent(), { body: 'Anonymous, please.', identity: 'anonymous', email: 'typed@example.org' }),
    );
    expect(email).toBe('none');
    expect(await readOutbox(t.dataDir)).toHaveLength(0);
    const [opinion] = await allOpinions(t.app.db);
    expect(opinion).toMatchObject({ anonymous: 1, submitter_email: null });
  });
});
