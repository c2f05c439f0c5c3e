// Nothing the portal sends is kept by a browser or a proxy (Cache-Control: no-store) unless its
// route says it may: only the open data, its feed and static files do. Walked over every route of
// the app (app.allRoutes), signed out and as an administrator, then along the flows that show a
// code or personal data: an opinion's receipt and tracking page, an invitation, ballot slips and
// a vote receipt, questionnaire invitation codes.
import type { LightMyRequestResponse } from 'fastify';
import type request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSession, SESSION_COOKIE } from '../../server/plugins/session.js';
import { issueSlipsOverHttp, openRoundOverHttp, pathOf, reportedDone, voteOverHttp } from '../evaluations/support.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createUser, signInAs } from '../helpers/factories.js';
import { submitForm } from '../helpers/forms.js';
import { linkIn, readOutbox } from '../helpers/mail.js';
import { seedCampaign } from '../opendata/support.js';
import { receiptOf, sendOpinion } from '../opinions/support.js';
import { buildOverHttp, postFrom } from '../surveys/support.js';

/** The only routes whose answers may be kept: public files that hold nobody's data. */
const CACHEABLE = [
  '/open-data/rectifications.csv',
  '/open-data/rectifications.json',
  '/open-data/audit-checkpoints.json',
  '/feeds/rectifications.atom',
  '/static/*',
];

const noStore = (res: { headers: Record<string, unknown> }, where: string) =>
  expect(String(res.headers['cache-control']), where).toMatch(/\bno-store\b/);

describe('nothing private is cached', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it('every route, signed out and as an administrator, answers no-store but the public files', async () => {
    const adminId = (await createUser(t.app.db, { role: 'administrator' })).id;
    await seedCampaign(t);
    const session = `${SESSION_COOKIE}=${await openSession(t.app.db, adminId, t.clock.now())}`;
    const routes = t.app.allRoutes.filter((r) => ['GET', 'POST'].includes(r.method) && r.url !== '/logout');
    expect(routes.length).toBeGreaterThan(100);
    for (const cookie of ['', session]) {
      for (const route of routes) {
        const url = route.url.replace(/:[A-Za-z]+/g, '1').replace('*', 'css/site.css');
        const res: LightMyRequestResponse = await t.app.inject({
          method: route.method as 'GET' | 'POST',
          url,
          headers: { cookie },
        });
        const where = `${route.method} ${url} ${cookie ? 'signed in' : 'signed out'}: ${res.statusCode}`;
        if (route.method === 'GET' && CACHEABLE.includes(route.url) && res.statusCode === 200)
          expect(String(res.headers['cache-control']), where).not.toMatch(/no-store/);
        else noStore(res, where);
      }
    }
    const css = await t.app.inject({ method: 'GET', url: '/static/css/site.css' });
    expect(css.statusCode).toBe(200);
    expect(String(css.headers['cache-control'])).toMatch(/^public/);
    // Every staff page among them (the staff guard's own list).
    expect(t.app.staffRoutes.length).toBeGreaterThan(50);
    for (const r of t.app.staffRoutes)
      expect(
        routes.some((x) => x.method === r.method && x.url === r.url),
        `${r.method} ${r.url}`,
      ).toBe(true);
  });

  it('an opinion’s receipt and tracking pages', async () => {
    await seedCampaign(t);
    const agent = t.agent();
    const sent = await sendOpinion(agent, {
      body: 'The counter closes early.',
      identity: 'named',
      name: 'Li Wei',
      email: 'li@example.org',
    });
    noStore(sent, 'POST /opinions');
    const { url, code } = receiptOf(sent);
    noStore(await agent.get(url), url);
    noStore(await t.agent().get(`/track/${code}`), '/track/:code');
    noStore(await t.agent().get(`/track?code=${code}`), '/track?code=');
  });

  it('an invitation to set a password', async () => {
    const { agent: admin } = await signInAs(t, 'administrator');
    const res = await submitForm(admin, '/staff/accounts/new', '/staff/accounts', {
      name: 'Ivy Invited',
      email: 'ivy@example.org',
      locale: 'en',
      role: 'coordinator',
      access: 'invite',
    });
    expect(res.status).toBe(303);
    const [mail] = await readOutbox(t.dataDir);
    const page = await t.agent().get(linkIn(mail!, 'http://portal.test').slice('http://portal.test'.length));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ivy Invited');
    noStore(page, 'the invitation page');
  });

  it('ballot slips, the ballot and the vote receipt', async () => {
    const r = await reportedDone(t);
    const { agent: coordinator } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const { res, slips } = await issueSlipsOverHttp(coordinator, roundId, 2);
    noStore(res, 'the printable slips');
    const voter: request.Agent = t.agent();
    const ballot = await voter.get(pathOf(slips[0]!.address));
    expect(ballot.status).toBe(200);
    noStore(ballot, 'the ballot');
    const voted = await voteOverHttp(voter, slips[0]!.grouped, { choice: 'satisfied', confirm: '1' });
    expect(voted.status).toBe(200);
    expect(voted.text).toContain('data-receipt');
    noStore(voted, 'the vote receipt');
  });

  it('questionnaire invitation codes and the form they open', async () => {
    const { agent: coordinator } = await signInAs(t, 'coordinator');
    const built = await buildOverHttp(t, coordinator, { access: 'codes' });
    const codes = await postFrom(
      coordinator,
      `/staff/questionnaires/${built.id}`,
      `/staff/questionnaires/${built.id}/codes`,
      { count: '2' },
    );
    expect(codes.status).toBeLessThan(400);
    noStore(codes, 'the questionnaire codes');
    const shown = codes.status === 200 ? codes : await coordinator.get(String(codes.headers.location));
    noStore(shown, 'the questionnaire codes page');
  });
});
