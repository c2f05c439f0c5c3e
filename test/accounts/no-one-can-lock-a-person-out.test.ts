// Wrong passwords from one address lock that address out of the account, not the account: the
// person signs in from elsewhere. From anywhere, failures slow the account (one try every few
// seconds, at most a minute apart), so guessing stays slow without anyone being locked out.
import type request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOGIN_SLOWDOWN_MAX_MS, loginSlowdownMs } from '../../server/accounts/service.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createUser, PASSWORD } from '../helpers/factories.js';
import { csrfFrom } from '../helpers/forms.js';

describe('no one can lock a staff member out with wrong passwords', () => {
  let t: TestApp;
  let email: string;
  // Behind a proxy, as deployed: each request says which address it comes from.
  beforeEach(async () => {
    t = await buildTestApp({ env: { TRUST_PROXY: 'true' } });
    await createUser(t.app.db, { role: 'administrator' });
    email = (await createUser(t.app.db, { role: 'coordinator' })).email;
  });
  afterEach(async () => t.close());

  /** A browser at one address, with its CSRF token. */
  async function browserAt(address: string) {
    const agent = t.agent();
    const csrf = csrfFrom((await agent.get('/login').set('X-Forwarded-For', address)).text);
    return (password: string, lang = 'en'): Promise<request.Response> =>
      agent
        .post('/login')
        .set('X-Forwarded-For', address)
        .set('Accept-Language', lang)
        .type('form')
        .send({ email, password, _csrf: csrf });
  }

  it('five wrong passwords from one address lock that address for 15 minutes; the person signs in from another after a short wait', async () => {
    const attacker = await browserAt('203.0.113.7');
    for (let i = 1; i <= 5; i++) expect((await attacker(`guess ${i}`)).status, `guess ${i}`).toBe(401);
    const locked = await attacker(PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('Too many failed attempts for this account from this address');

    // The person, elsewhere, a moment later: asked to wait a little, not locked out.
    const person = await browserAt('198.51.100.20');
    const slowed = await person(PASSWORD);
    expect(slowed.status).toBe(429);
    expect(slowed.headers['retry-after']).toBe('60');
    expect(slowed.text).toContain('Wait a minute and try again');
    t.clock.advance(loginSlowdownMs(5));
    const signedIn = await person(PASSWORD);
    expect(signedIn.status, 'signed in from another address').toBe(303);

    // The guesser's address stays locked for the rest of the 15 minutes, whoever signed in meanwhile.
    t.clock.advance(10 * 60_000);
    const still = await attacker('guess 6');
    expect(still.status).toBe(429);
    expect(still.text).toContain('from this address');
  });

  it('guesses from many addresses slow the account down, never lock it: a try at most a minute apart, unchecked before then', async () => {
    let guesses = 0;
    for (let i = 0; i < 12; i++) {
      const at = await browserAt(`192.0.2.${i + 1}`);
      // Each guesser waits out the slowdown, as a patient attacker would.
      t.clock.advance(LOGIN_SLOWDOWN_MAX_MS);
      expect((await at(`guess ${i}`)).status).toBe(401);
      guesses++;
      // A second guess straight away is turned away without checking the password, right or wrong.
      if (guesses >= 5) expect((await at(PASSWORD, 'zh-CN')).text).toContain('请等一分钟后再试');
    }
    expect(loginSlowdownMs(12)).toBe(LOGIN_SLOWDOWN_MAX_MS);
    expect(loginSlowdownMs(4)).toBe(0);
    // The person signs in a minute after the last guess, from anywhere, even after a dozen.
    t.clock.advance(LOGIN_SLOWDOWN_MAX_MS);
    expect((await (await browserAt('198.51.100.20'))(PASSWORD)).status).toBe(303);
  });

  it('four wrong passwords are no slowdown at all: the fifth try is checked at once', async () => {
    const me = await browserAt('198.51.100.20');
    for (let i = 1; i <= 4; i++) expect((await me(`typo ${i}`)).status).toBe(401);
    expect((await me(PASSWORD)).status).toBe(303);
  });
});
