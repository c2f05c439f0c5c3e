import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign } from '../helpers/factories.js';
import { linkIn, readOutbox, startSmtpServer, type SmtpCatcher } from '../helpers/mail.js';
import { allOpinions, displayedCode, receiptOf, sendOpinion } from './support.js';

const NAMED = {
  body: 'The bus stop sign on Harbour Road has been broken since summer.',
  identity: 'named',
  name: 'Wang Fang',
  phone: '+86 138 0013 8000',
  email: 'Wang.Fang@Example.org',
};

describe('a person who gives an email address gets the receipt by email', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  beforeEach(async () => {
    smtp = await startSmtpServer();
    t = await buildTestApp({ env: { MAIL_URL: smtp.url } });
    await createCampaign(t.app.db);
  });
  afterEach(async () => {
    await t.close();
    await smtp.close();
  });

  it('in Chinese when they read the portal in Chinese, with a tracking link that works', async () => {
    const agent = t.agent();
    await agent.get('/lang/zh-CN');
    const { code, email, url } = receiptOf(await sendOpinion(agent, NAMED));
    expect(email).toBe('sent');
    const receipt = await agent.get(url);
    expect(displayedCode(receipt.text)).toBe(code);
    expect(receipt.text).toContain('附有查询码的回执已发送到您填写的电子邮箱。');
    expect(receipt.text).not.toContain('wang.fang@example.org'); // the page does not repeat the address

    const [mail] = await smtp.waitFor(1);
    expect(smtp.messages).toHaveLength(1);
    expect(mail!.to).toBe('wang.fang@example.org');
    expect(mail!.language).toBe('zh-CN');
    expect(mail!.subject).toBe(`您的意见已收到，查询码 ${code}`);
    expect(mail!.text).toContain('请保存好查询码');
    expect(mail!.text).toContain(code);
    expect(mail!.html).toContain(`<code>${code}</code>`);
    expect(mail!.html).toContain('<html lang="zh-CN">');

    const link = linkIn(mail!, t.config.baseUrl);
    expect(link).toBe(`${t.config.baseUrl}/track/${code}`);
    const tracked = await t.agent().get(link.slice(t.config.baseUrl.length));
    expect(tracked.status).toBe(200);
    expect(displayedCode(tracked.text)).toBe(code);
    expect(tracked.text).toContain('Received');

    const [opinion] = await allOpinions(t.app.db);
    expect(opinion).toMatchObject({
      anonymous: 0,
      submitter_name: 'Wang Fang',
      submitter_phone: '+86 138 0013 8000',
      submitter_email: 'wang.fang@example.org',
      locale: 'zh-CN',
      tracking_code: code.replace(/-/g, ''),
    });
  });

  it('in English when they read it in English, and the mail says nothing of the opinion or the person', async () => {
    const agent = t.agent();
    const { code } = receiptOf(await sendOpinion(agent, NAMED));
    const [mail] = await smtp.waitFor(1);
    expect(mail!.language).toBe('en');
    expect(mail!.subject).toBe(`Your opinion has been received: tracking code ${code}`);
    expect(mail!.text).toContain('Keep this code: it is the only way to follow your opinion.');
    expect(mail!.text).toContain(`${t.config.baseUrl}/track/${code}`);
    for (const secret of ['Harbour Road', 'Wang Fang', '138 0013']) {
      expect(mail!.text).not.toContain(secret);
      expect(mail!.html).not.toContain(secret);
    }
  });

  it('gives a phone number only, and no mail is sent', async () => {
    const { email } = receiptOf(await sendOpinion(t.agent(), { ...NAMED, email: '' }));
    expect(email).toBe('none');
    const [opinion] = await allOpinions(t.app.db);
    expect(opinion).toMatchObject({ anonymous: 0, submitter_phone: '+86 138 0013 8000', submitter_email: null });
    // Nothing is waiting either: a second submission with an address is the first mail to arrive.
    receiptOf(await sendOpinion(t.agent(), NAMED));
    const [mail] = await smtp.waitFor(1);
    expect(smtp.messages).toHaveLength(1);
    expect(mail!.to).toBe('wang.fang@example.org');
  });
});

describe('when the mail server cannot be reached', () => {
  let t: TestApp;
  beforeEach(async () => {
    // A port that was just free: nothing listens there, so the connection is refused at once.
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    t = await buildTestApp({ env: { MAIL_URL: `smtp://127.0.0.1:${port}` } });
    await createCampaign(t.app.db);
  });
  afterEach(async () => t.close());

  it('the opinion is still received, and the receipt page says the email could not be sent', async () => {
    const agent = t.agent();
    const { code, email, url } = receiptOf(await sendOpinion(agent, NAMED));
    expect(email).toBe('failed');
    const receipt = await agent.get(url);
    expect(receipt.status).toBe(200);
    expect(displayedCode(receipt.text)).toBe(code);
    expect(receipt.text).toContain('We could not send the receipt email just now');
    const opinions = await allOpinions(t.app.db);
    expect(opinions).toHaveLength(1);
    expect(opinions[0]!.submitter_email).toBe('wang.fang@example.org');
    // The message that could not go out is kept for an operator to send.
    const unsent = await readOutbox(t.dataDir, 'unsent');
    expect(unsent).toHaveLength(1);
    expect(unsent[0]!.to).toContain('wang.fang@example.org');
  });
});
