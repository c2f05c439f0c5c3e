// Requests no browser sends, answered as the site answers a mistake: a multipart body with no
// boundary or cut short (public and staff forms), a return address holding a control character,
// an address with bad percent-encoding. Each is a 4xx page of the site in the reader's language
// (or a redirect to this site), never a 500 and never Fastify's JSON. The walk over every route
// (every-route-answers-hostile-requests.test.ts) tries these and more everywhere.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createUser, signInAs } from '../helpers/factories.js';
import { csrfFrom } from '../helpers/forms.js';

describe('malformed requests', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  const sitePage = (
    res: { status: number; headers: Record<string, string>; text: string },
    status: number,
    lang: string,
  ) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain(`<html lang="${lang}">`);
    expect(res.text).toContain('class="skip-link"');
  };

  it('a multipart body with no boundary, or cut short, is a 400 page, on public and staff forms', async () => {
    const { agent } = await signInAs(t, 'supervisor');
    const token = csrfFrom((await agent.get('/staff/imports')).text);
    for (const url of ['/opinions', '/staff/imports', '/login']) {
      const none = await agent
        .post(url)
        .set('Content-Type', 'multipart/form-data')
        .set('Accept-Language', 'zh-CN')
        .send('x');
      sitePage(none, 400, 'zh-CN');
      expect(none.text).toContain('无法识别该请求');
      const cut = await agent
        .post(url)
        .set('Content-Type', 'multipart/form-data; boundary=cut')
        .send(
          `--cut\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--cut\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nbody\r\nhalf a li`,
        );
      sitePage(cut, 400, 'en');
      expect(cut.text).toContain('The request could not be understood');
    }
  });

  it('a return address with a control character goes home; one with other characters is kept, encoded', async () => {
    for (const next of ['/%01/evil.example', '/%09/evil.example', '/notices%00', '/%0D%0ASet-Cookie:%20x=1']) {
      const res = await t.agent().get(`/lang/zh-CN?next=${next}`);
      expect(res.status, next).toBe(302);
      expect(res.headers.location, next).toBe('/');
    }
    const chinese = await t.agent().get(`/lang/zh-CN?next=${encodeURIComponent('/notices?q=喝酒 午饭')}`);
    expect(chinese.status).toBe(302);
    expect(chinese.headers.location).toBe(`/notices?q=${encodeURIComponent('喝酒')}%20${encodeURIComponent('午饭')}`);
    await createUser(t.app.db, { role: 'administrator' });
    const login = await t.agent().get('/login?next=/%01x');
    expect(login.status).toBe(200);
    expect(login.text).not.toContain('\u0001');
  });

  it('bad percent-encoding in a path is the site’s 400 page, not Fastify’s JSON', async () => {
    for (const url of ['/%ZZ', '/notices/%E0%A4%A', '/staff/opinions/%C0', '/static/%']) {
      const res = await t.agent().get(url).set('Accept-Language', 'zh-CN');
      sitePage(res, 400, 'zh-CN');
      expect(res.text, url).not.toContain('FST_ERR');
    }
    // A post there without its token is refused as any post without one is, with a page too.
    const post = await t.agent().post('/opinions/%ZZ').type('form').send('body=x');
    sitePage(post, 403, 'en');
  });
});
