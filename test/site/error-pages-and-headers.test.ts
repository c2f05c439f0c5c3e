import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { move } from '../../server/rectifications/state.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

describe('error pages, languages and security headers', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp({
      extraRoutes: (app) => {
        app.get('/__boom', async () => {
          throw new Error('secret internal detail at /work/main/server/x.ts:12');
        });
        app.get('/__race', async () => {
          move('reported_done', 'draft');
        });
      },
    });
  });
  afterEach(async () => t.close());

  it('an unknown page is a helpful 404 in the reader language', async () => {
    const en = await t.agent().get('/no/such/page').set('Accept-Language', 'en-GB');
    expect(en.status).toBe(404);
    expect(en.text).toContain('Page not found');
    expect(en.text).toContain('<html lang="en">');
    const zh = await t.agent().get('/no/such/page').set('Accept-Language', 'zh-CN,zh;q=0.9');
    expect(zh.status).toBe(404);
    expect(zh.text).toContain('找不到该页面');
    expect(zh.text).toContain('<html lang="zh-CN">');
  });

  it('a failure is a generic 500 with a reference, never a stack trace', async () => {
    const res = await t.agent().get('/__boom');
    expect(res.status).toBe(500);
    expect(res.text).toContain('Sorry, something went wrong');
    expect(res.text).toMatch(/reference: req-/);
    expect(res.text).not.toContain('secret internal detail');
    expect(res.text).not.toMatch(/\.ts:\d+/);
  });

  it('a move the life-cycle table forbids (a race between two people) is a 409 page, not a 500', async () => {
    const res = await t.agent().get('/__race').set('Accept-Language', 'zh-CN');
    expect(res.status).toBe(409);
    expect(res.text).toContain('当前无法进行此操作');
    expect(res.text).not.toContain('reported_done');
  });

  it('too large a form is a 413 page', async () => {
    const res = await t
      .agent()
      .post('/login')
      .type('form')
      .send(`email=${'x'.repeat(300 * 1024)}`);
    expect(res.status).toBe(413);
    expect(res.text).toContain('Too much was sent');
  });

  it('malformed and unsupported bodies get 400 and 415 pages', async () => {
    const json = await t.agent().post('/login').set('Content-Type', 'application/json').send('{"email": ');
    expect([400, 415]).toContain(json.status);
    expect(json.text).not.toMatch(/SyntaxError|\.ts:\d+/);
  });

  it('the language switch is a plain link, kept in a cookie, and never redirects off the site', async () => {
    const agent = t.agent();
    const sw = await agent.get('/lang/zh-CN?next=/track');
    expect(sw.status).toBe(302);
    expect(sw.headers.location).toBe('/track');
    const home = await agent.get('/').set('Accept-Language', 'en');
    expect(home.text).toContain('<html lang="zh-CN">');
    expect(home.text).toContain('href="/lang/en?next=%2F"');

    for (const evil of ['//evil.example', 'https://evil.example/', '/\\evil.example']) {
      const r = await agent.get(`/lang/en?next=${encodeURIComponent(evil)}`);
      expect(r.headers.location, evil).toBe('/');
    }
    expect((await agent.get('/lang/fr')).status).toBe(404);
  });

  it('every page carries security headers with a strict content security policy', async () => {
    const res = await t.agent().get('/');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });

  it('serves a favicon and the stylesheet', async () => {
    const fav = await t.agent().get('/favicon.ico');
    expect(fav.status).toBe(301);
    const svg = await t.agent().get('/static/favicon.svg');
    expect(svg.status).toBe(200);
    const css = await t.agent().get('/static/css/site.css');
    expect(css.status).toBe(200);
  });
});
