import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign } from '../helpers/factories.js';
import { allOpinions, receiptOf, sendOpinion } from './support.js';

describe('one address sending opinions again and again', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
    await createCampaign(t.app.db);
  });
  afterEach(async () => t.close());

  it('is stopped at the 11th submission in ten minutes, with the page in the reader’s language', async () => {
    const first = t.agent();
    for (let i = 1; i <= 10; i++) receiptOf(await sendOpinion(first, { body: `Opinion number ${i}` }));

    // A fresh browser on the same address is the same address: the limit is per address.
    const second = t.agent();
    await second.get('/lang/zh-CN');
    const res = await sendOpinion(second, { body: 'Opinion number 11' });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('600'); // seconds: the ten-minute window;
    expect(res.text).toContain('<html lang="zh-CN">');
    expect(res.text).toContain('尝试次数过多');
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);

    const opinions = await allOpinions(t.app.db);
    expect(opinions.map((o) => o.body)).toEqual(Array.from({ length: 10 }, (_, i) => `Opinion number ${i + 1}`));

    // Reading the form is not limited; only sending is.
    expect((await second.get('/opinions/new')).status).toBe(200);
  });
});
