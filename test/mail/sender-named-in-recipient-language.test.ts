// The sender's display name of every message is the portal's name in the recipient's language,
// unless MAIL_FROM names the sender itself. Read from the outbox, as a mail program would.
import { afterEach, describe, expect, it } from 'vitest';
import { parseSender } from '../../server/plugins/mail.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign } from '../helpers/factories.js';
import { readOutbox } from '../helpers/mail.js';
import { receiptOf, sendOpinion } from '../opinions/support.js';

const NAMED = { body: '办事窗口中午无人值守。', identity: 'named', name: '赵敏', email: 'zhao.min@example.org' };

describe('the sender of a receipt is named in the recipient’s language', () => {
  let t: TestApp | undefined;
  afterEach(async () => t?.close());

  async function receiptTo(lang: 'en' | 'zh-CN', env: Record<string, string> = {}) {
    t = await buildTestApp({ env });
    await createCampaign(t.app.db);
    const agent = t.agent();
    await agent.get(`/lang/${lang}`);
    receiptOf(await sendOpinion(agent, NAMED));
    const [mail, ...more] = await readOutbox(t.dataDir);
    expect(more).toHaveLength(0);
    return mail!;
  }

  it('in Chinese to a reader of the Chinese pages, with the default address', async () => {
    const mail = await receiptTo('zh-CN');
    expect(mail.language).toBe('zh-CN');
    expect(mail.from).toEqual({ name: '群众意见征集与整改公开平台', address: 'portal@localhost' });
  });

  it('in English to a reader of the English pages', async () => {
    const mail = await receiptTo('en');
    expect(mail.from).toEqual({ name: 'Public Feedback and Rectification Portal', address: 'portal@localhost' });
  });

  it('with a bare MAIL_FROM address, that address and the translated name', async () => {
    const mail = await receiptTo('zh-CN', { MAIL_FROM: 'noreply@portal.example.org' });
    expect(mail.from).toEqual({ name: '群众意见征集与整改公开平台', address: 'noreply@portal.example.org' });
  });

  it('with a display name in MAIL_FROM, the name the operator chose', async () => {
    const mail = await receiptTo('zh-CN', { MAIL_FROM: '"City Organisation Department" <noreply@portal.example.org>' });
    expect(mail.from).toEqual({ name: 'City Organisation Department', address: 'noreply@portal.example.org' });
  });
});

describe('MAIL_FROM is read with or without a display name', () => {
  it('splits the name from the address', () => {
    expect(parseSender('portal@localhost')).toEqual({ name: null, address: 'portal@localhost' });
    expect(parseSender(' <portal@localhost> ')).toEqual({ name: null, address: 'portal@localhost' });
    expect(parseSender('Portal <portal@localhost>')).toEqual({ name: 'Portal', address: 'portal@localhost' });
    expect(parseSender('"整改平台" <portal@localhost>')).toEqual({ name: '整改平台', address: 'portal@localhost' });
  });
});
