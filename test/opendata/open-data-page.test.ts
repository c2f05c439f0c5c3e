import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { htmlProblems } from '../helpers/html.js';

describe('the open data page says what can be downloaded and on what terms', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it('lists the files, their formats and columns, and an honest statement of terms, in both languages', async () => {
    const en = await t.agent().get('/open-data');
    expect(en.status).toBe(200);
    expect(await htmlProblems(en.text)).toEqual([]);
    for (const href of [
      '/open-data/rectifications.csv',
      '/open-data/rectifications.json',
      '/feeds/rectifications.atom?lang=en',
      '/feeds/rectifications.atom?lang=zh-CN',
    ]) {
      expect(en.text).toContain(`href="${href}"`);
    }
    expect(en.text).toContain('<h1>Open data: rectifications</h1>');
    expect(en.text).toContain('<code>measures_done</code>');
    expect(en.text).toContain('<code>state=passed</code>');
    expect(en.text).not.toContain('state=draft');
    expect(en.text).not.toContain('level=individual');
    expect(en.text).toContain('published by the organisation that runs this portal so that the public can review');
    expect(en.text).toContain('No separate licence has been set out for them.');

    const zh = await t.agent().get('/open-data').set('Accept-Language', 'zh-CN');
    expect(await htmlProblems(zh.text)).toEqual([]);
    expect(zh.text).toContain('<h1>开放数据：整改事项</h1>');
    expect(zh.text).toContain('供公众监督其整改承诺及落实情况');
    expect(zh.text).toContain('href="/feeds/rectifications.atom?lang=zh-CN"');
  });
});
