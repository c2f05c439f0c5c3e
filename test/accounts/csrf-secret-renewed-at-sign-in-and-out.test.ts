// Signing in and signing out each renew the browser's CSRF secret: a token read off the
// anonymous sign-in page (which someone else may have loaded, or planted) is refused once the
// person has signed in, and a token of the session just ended is refused after signing out.
// Tokens from pages loaded after the change work as always.
import type request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createUser, PASSWORD } from '../helpers/factories.js';
import { csrfFrom } from '../helpers/forms.js';

const post = (agent: request.Agent, url: string, fields: Record<string, string>) =>
  agent.post(url).type('form').send(fields);
const setsCsrfCookie = (res: request.Response) =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).some((c) => /^_csrf=[^;]+/.test(c));

describe('the CSRF secret is renewed at sign-in and sign-out', () => {
  let t: TestApp;
  let email: string;
  beforeEach(async () => {
    t = await buildTestApp();
    await createUser(t.app.db, { role: 'administrator' }); // so /login is not sent to the first-run page
    email = (await createUser(t.app.db, { role: 'coordinator' })).email;
  });
  afterEach(async () => t.close());

  it('refuses, once signed in, a token taken from the anonymous sign-in page', async () => {
    const browser = t.agent();
    const before = csrfFrom((await browser.get('/login')).text);
    const signedIn = await post(browser, '/login', { email, password: PASSWORD, _csrf: before });
    expect(signedIn.status).toBe(303);
    expect(setsCsrfCookie(signedIn)).toBe(true);

    const stale = await post(browser, '/logout', { _csrf: before });
    expect(stale.status).toBe(403);
    expect(stale.text).toContain('class="skip-link"');
    expect((await browser.get('/staff')).status).toBe(200); // still signed in

    const fresh = csrfFrom((await browser.get('/staff')).text);
    expect(fresh).not.toBe(before);
    expect((await post(browser, '/logout', { _csrf: fresh })).status).toBe(303);
  });

  it('refuses, once signed out, a token of the session just ended', async () => {
    const browser = t.agent();
    const page = csrfFrom((await browser.get('/login')).text);
    expect((await post(browser, '/login', { email, password: PASSWORD, _csrf: page })).status).toBe(303);
    const during = csrfFrom((await browser.get('/staff')).text);
    const signedOut = await post(browser, '/logout', { _csrf: during });
    expect(signedOut.status).toBe(303);
    expect(setsCsrfCookie(signedOut)).toBe(true);

    expect((await post(browser, '/login', { email, password: PASSWORD, _csrf: during })).status).toBe(403);
    const after = csrfFrom((await browser.get('/login')).text);
    expect((await post(browser, '/login', { email, password: PASSWORD, _csrf: after })).status).toBe(303);
  });
});
