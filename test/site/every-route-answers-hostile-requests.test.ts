// Every route of the portal, enumerated from the app itself (app.allRoutes, filled by an onRoute
// hook as routes register), sent malformed and hostile requests, signed out and as an
// administrator: hostile path parameters and query strings, an address with bad percent-encoding,
// multipart bodies with no boundary or cut short, bodies that cannot be parsed, and well-formed
// bodies (urlencoded, multipart and JSON, with a valid CSRF token) holding control characters,
// lists, objects and oversize values. Each answer is a redirect to this site, or a page of the
// site (its layout, HTML), or, for a 200, the route's own kind of file: never a 500, never JSON
// where a page was due, never a redirect elsewhere.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSession, SESSION_COOKIE } from '../../server/plugins/session.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createUser } from '../helpers/factories.js';
import { csrfFrom } from '../helpers/forms.js';
import { seedCampaign } from '../opendata/support.js';

/** Values put in each path parameter (ids 1.. exist: the seeded campaign's). */
const PARAMS = [
  '1',
  '0',
  '-1',
  '99999999999',
  '1.5',
  "1'--",
  '%00',
  '%0D%0ASet-Cookie:%20x=1',
  '%3Cscript%3E',
  '..%2F..%2Fetc%2Fpasswd',
  '%F0%9F%98%80',
  'x'.repeat(3000),
];
/** Query strings added to each GET. */
const QUERIES = [
  'next=%01/evil',
  'next=/%09/evil.example',
  'next=//evil.example',
  'next=/%E4%BD%A0%E5%A5%BD',
  'q=%00%1B',
  'campaign=%00&unit=-1&state=%3Cscript%3E&page=99999999999999999999',
  'campaign=1&campaign=2&page[]=1&a[b][c]=1',
  'code=%ZZ&from=2026-02-31&to=%00',
  `q=${'x'.repeat(5000)}`,
];
/** Field names most forms use, each sent hostile. */
const FIELDS = [
  'body',
  'title',
  'description',
  'name',
  'email',
  'password',
  'code',
  'next',
  'id',
  'ids',
  'unit_id',
  'campaign_id',
  'problem_id',
  'choice',
  'note',
  'reason',
  'kind',
  'locale',
  'role',
  'percent',
  'measures',
  'file',
];
const HOSTILE_VALUES = [
  '\u0000\u0001\u001b[31m',
  "1' OR '1'='1",
  '<script>alert(1)</script>',
  '-1',
  '99999999999999999999',
  'x'.repeat(20000),
];

/** What a route answers when all goes well, by its address. */
function ownType(url: string): RegExp {
  if (url.endsWith('.csv')) return /^text\/csv/;
  if (url.endsWith('.json')) return /^application\/json/;
  if (url.endsWith('.atom')) return /^application\/atom\+xml/;
  if (url.startsWith('/static/')) return /./;
  if (/\/(original|attachments\/:id)$/.test(url)) return /./;
  return /^text\/html/;
}

type Who = 'anonymous' | 'administrator';

describe('every route answers malformed and hostile requests with a page of the site', () => {
  let t: TestApp;
  let adminId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    adminId = (await createUser(t.app.db, { role: 'administrator' })).id;
    await seedCampaign(t);
  });
  afterEach(async () => t.close());

  /** Cookies and a CSRF token for a fresh client; the administrator's with a session of its own. */
  async function client(who: Who): Promise<{ cookie: string; token: string }> {
    const session =
      who === 'administrator' ? `${SESSION_COOKIE}=${await openSession(t.app.db, adminId, t.clock.now())}` : '';
    const page = await t.app.inject({
      method: 'GET',
      url: who === 'administrator' ? '/staff/units/new' : '/login',
      headers: { cookie: session },
    });
    expect(page.statusCode).toBe(200);
    const csrf = page.cookies.find((c) => c.name === '_csrf')!;
    return { cookie: [session, `_csrf=${csrf.value}`].filter(Boolean).join('; '), token: csrfFrom(page.body) };
  }

  function check(
    res: LightMyRequestResponse,
    route: { method: string; url: string },
    what: string,
    o: { malformed: boolean },
  ) {
    const where = `${route.method} ${route.url} ${what.slice(0, 200)}: ${res.statusCode} ${String(res.headers['content-type'])} ${String(res.headers.location ?? '')}`;
    expect(res.statusCode, where).toBeLessThan(500);
    const type = String(res.headers['content-type'] ?? '');
    if (res.statusCode >= 300 && res.statusCode < 400) {
      const location = String(res.headers.location ?? '');
      expect(location, where).toMatch(/^\/(?![/\\])/);
      expect(location, where).not.toMatch(/[\u0000-\u0020\u007f]/); // eslint-disable-line no-control-regex
      return;
    }
    if (o.malformed) expect(res.statusCode, where).toBeGreaterThanOrEqual(400);
    if (res.statusCode >= 400) {
      expect(type, where).toMatch(/^text\/html; charset=utf-8/);
      expect(res.body, where).toMatch(/<html lang="(en|zh-CN)">/);
      expect(res.body, where).toContain('class="skip-link"');
      return;
    }
    expect(type, where).toMatch(ownType(route.url));
  }

  function addresses(url: string): string[] {
    const names = url.match(/:[A-Za-z]+|\*/g) ?? [];
    const fill = (pick: (i: number) => string) => {
      let i = 0;
      return url.replace(/:[A-Za-z]+|\*/g, () => pick(i++));
    };
    const out = [fill(() => '1')];
    names.forEach((_, at) => PARAMS.slice(1).forEach((v) => out.push(fill((i) => (i === at ? v : '1')))));
    return out;
  }

  function multipart(fields: Record<string, string>, token: string): { type: string; payload: string } {
    const b = 'hostile-boundary';
    const parts = Object.entries({ _csrf: token, ...fields }).map(
      ([n, v]) => `--${b}\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`,
    );
    parts.push(
      `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a\u0000.csv"\r\nContent-Type: text/csv\r\n\r\nbody\r\n\u0000,=1+1\r\n`,
    );
    return { type: `multipart/form-data; boundary=${b}`, payload: `${parts.join('')}--${b}--\r\n` };
  }

  for (const who of ['anonymous', 'administrator'] as const) {
    it(`as ${who === 'anonymous' ? 'a member of the public' : 'an administrator'}`, { timeout: 240_000 }, async () => {
      const routes = t.app.allRoutes.filter((r) => ['GET', 'POST'].includes(r.method));
      expect(routes.length).toBeGreaterThan(100);
      expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
        expect.arrayContaining(['GET /', 'POST /opinions', 'GET /staff/opinions', 'POST /staff/imports']),
      );
      // Signing out last, so the administrator's other requests are still signed in.
      routes.sort((a, b) => Number(a.url === '/logout') - Number(b.url === '/logout'));
      let sent = 0;
      for (const route of routes) {
        const { cookie, token } = await client(who);
        const send = async (o: InjectOptions, what: string, malformed = false) => {
          sent++;
          const headers = {
            cookie,
            accept: 'text/html',
            'accept-language': sent % 2 ? 'en' : 'zh-CN',
            ...(o.headers ?? {}),
          };
          check(await t.app.inject({ ...o, headers }), route, what, { malformed });
        };
        const [plain, ...hostile] = addresses(route.url);
        const bad = `${plain!.replace(/\/[^/]*$/, '')}/%E0%A4%A`;
        if (route.method === 'GET') {
          await send({ method: 'GET', url: plain! }, 'as it is');
          for (const url of hostile) await send({ method: 'GET', url }, url);
          for (const q of QUERIES) await send({ method: 'GET', url: `${plain}?${q}` }, q);
          await send({ method: 'GET', url: `${bad}?x=%ZZ` }, 'bad percent-encoding', true);
          continue;
        }
        const fields = Object.fromEntries(FIELDS.map((f, i) => [f, HOSTILE_VALUES[i % HOSTILE_VALUES.length]!]));
        const post = (payload: string | object, type: string, what: string, malformed = false, url = plain!) =>
          send({ method: 'POST', url, payload, headers: { 'content-type': type } }, what, malformed);
        await post('x', 'multipart/form-data', 'multipart without a boundary', true);
        await post(
          '--cut\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nabc',
          'multipart/form-data; boundary=cut',
          'multipart cut short',
          true,
        );
        await post(
          '--cut\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nbody,unit\r\nabc',
          'multipart/form-data; boundary=cut',
          'multipart file cut short',
          true,
        );
        await post('{"_csrf": ', 'application/json', 'unparsable JSON', true);
        await post('x', 'text/plain', 'an unknown type', true);
        await post(
          `_csrf=${token}&body=%ZZ&title=%E0%A4%A`,
          'application/x-www-form-urlencoded',
          'bad percent-encoding in the body',
        );
        const m = multipart(fields, token);
        await post(m.payload, m.type, 'hostile multipart');
        await post(
          new URLSearchParams({ _csrf: token, ...fields }).toString(),
          'application/x-www-form-urlencoded',
          'hostile form',
        );
        const lists = new URLSearchParams([
          ['_csrf', token],
          ...FIELDS.flatMap((f) => [
            [f, '1'],
            [f, '\u0000'],
          ]),
          ...FIELDS.map((f) => [`${f}[x]`, 'y']),
        ] as Array<[string, string]>);
        await post(lists.toString(), 'application/x-www-form-urlencoded', 'every field twice');
        await post(
          JSON.stringify({ _csrf: token, ...Object.fromEntries(FIELDS.map((f) => [f, { nested: ['x'] }])) }),
          'application/json',
          'objects for fields',
        );
        await post(
          JSON.stringify({ _csrf: token, ...Object.fromEntries(FIELDS.map((f) => [f, 1])) }),
          'application/json',
          'numbers for fields',
        );
        for (const url of hostile)
          await post(
            new URLSearchParams({ _csrf: token, ...fields }).toString(),
            'application/x-www-form-urlencoded',
            url,
            false,
            url,
          );
        await post(
          `_csrf=${token}`,
          'application/x-www-form-urlencoded',
          'bad percent-encoding in the path',
          true,
          bad,
        );
      }
      expect(sent).toBeGreaterThan(1500);
    });
  }
});
