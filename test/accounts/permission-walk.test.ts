// Walks every staff route the app registered (app.staffRoutes, filled at start-up) as nobody
// and as each role, and checks the answer against the matrix written out below.
import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../server/accounts/permissions.js';
import { ROLES, type Role } from '../../server/accounts/tables.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createConductRule, createUnit, createUser, signInAs } from '../helpers/factories.js';
import { csrfFrom } from '../helpers/forms.js';

/** Who may do what, written out by hand: a change here or in permissions.ts alone fails the test. */
const EXPECTED: Record<string, Record<Role, boolean>> = {
  'staff.home': { administrator: true, coordinator: true, supervisor: true, unit_officer: true },
  'accounts.manage': { administrator: true, coordinator: false, supervisor: false, unit_officer: false },
  'units.manage': { administrator: true, coordinator: false, supervisor: false, unit_officer: false },
  'campaigns.manage': { administrator: true, coordinator: false, supervisor: false, unit_officer: false },
  'conduct.manage': { administrator: true, coordinator: false, supervisor: false, unit_officer: false },
  'audit.read': { administrator: true, coordinator: false, supervisor: false, unit_officer: false },
  'opinions.record': { administrator: true, coordinator: true, supervisor: true, unit_officer: false },
  'opinions.read': { administrator: true, coordinator: true, supervisor: true, unit_officer: false },
  'opinions.triage': { administrator: true, coordinator: true, supervisor: false, unit_officer: false },
  'opinions.import': { administrator: true, coordinator: true, supervisor: true, unit_officer: false },
  'opinions.export': { administrator: true, coordinator: true, supervisor: true, unit_officer: false },
  'opinions.exportPersonal': { administrator: true, coordinator: true, supervisor: false, unit_officer: false },
  'attachments.add': { administrator: true, coordinator: true, supervisor: true, unit_officer: false },
  'opinions.redact': { administrator: true, coordinator: true, supervisor: false, unit_officer: false },
  'opinions.readOriginal': { administrator: true, coordinator: false, supervisor: false, unit_officer: false },
  'problems.read': { administrator: true, coordinator: true, supervisor: true, unit_officer: true },
  'problems.manage': { administrator: true, coordinator: true, supervisor: false, unit_officer: false },
  'rectifications.read': { administrator: true, coordinator: true, supervisor: true, unit_officer: true },
  'rectifications.work': { administrator: true, coordinator: true, supervisor: false, unit_officer: true },
  'rectifications.approve': { administrator: true, coordinator: true, supervisor: false, unit_officer: false },
  'people.manage': { administrator: true, coordinator: true, supervisor: false, unit_officer: false },
  'lookingBack.read': { administrator: true, coordinator: true, supervisor: true, unit_officer: false },
  'lookingBack.record': { administrator: true, coordinator: true, supervisor: false, unit_officer: false },
  'evaluations.manage': { administrator: true, coordinator: true, supervisor: false, unit_officer: false },
  'surveys.manage': { administrator: true, coordinator: true, supervisor: false, unit_officer: false },
  'surveys.enterPaper': { administrator: true, coordinator: true, supervisor: true, unit_officer: false },
  'dashboard.read': { administrator: true, coordinator: true, supervisor: true, unit_officer: true },
};

/**
 * Statuses a permitted POST with an empty body may give: a result page, done, a request no form
 * of ours sends (400: the recording form always carries its channel), no such row, or refused input.
 */
const POST_OK = [200, 303, 400, 404, 422];

describe('the permission walk over every staff route', () => {
  let t: TestApp;
  const agents = new Map<Role, request.Agent>();

  beforeAll(async () => {
    t = await buildTestApp();
    // Row 1 of each table a route may name, so ":id" means something that exists.
    await createUser(t.app.db, { role: 'administrator' });
    const unit = await createUnit(t.app.db, { name: 'Walk Unit' });
    await createCampaign(t.app.db);
    await createConductRule(t.app.db);
    for (const role of ROLES) {
      const o = role === 'supervisor' ? { watches: [unit] } : role === 'unit_officer' ? { unitId: unit } : {};
      agents.set(role, (await signInAs(t, role, o)).agent);
    }
  });
  afterAll(async () => t.close());

  it('the matrix written in this test is exactly PERMISSIONS in permissions.ts', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(PERMISSIONS).sort());
    for (const [permission, roles] of Object.entries(PERMISSIONS)) {
      const allowed = ROLES.filter((r) => EXPECTED[permission]?.[r]);
      expect([...allowed].sort(), permission).toEqual([...roles].sort());
    }
  });

  it('lists the staff routes, at least those of account administration', () => {
    const listed = t.app.staffRoutes.map((r) => `${r.method} ${r.url}`);
    for (const route of [
      'GET /staff',
      'GET /staff/accounts',
      'GET /staff/accounts/new',
      'POST /staff/accounts',
      'GET /staff/accounts/:id/edit',
      'POST /staff/accounts/:id',
      'POST /staff/accounts/:id/invite',
    ]) {
      expect(listed).toContain(route);
    }
    for (const r of t.app.staffRoutes) expect(Object.keys(PERMISSIONS), `${r.method} ${r.url}`).toContain(r.permission);
  });

  it('sends nobody to sign in, refuses (403) each role what the matrix forbids, and allows the rest without a 500', async () => {
    const problems: string[] = [];
    const routes = t.app.staffRoutes.filter((r) => r.method === 'GET' || r.method === 'POST');
    expect(routes.length).toBeGreaterThanOrEqual(7);

    const csrf = new Map<Role, string>();
    for (const role of ROLES) {
      const home = await agents.get(role)!.get('/staff');
      expect(home.status, `${role} home`).toBe(200);
      csrf.set(role, csrfFrom(home.text));
    }

    for (const route of routes) {
      const url = route.url.replace(/:[A-Za-z_]+/g, '1');
      const label = `${route.method} ${url} (${route.permission})`;

      const anonymous =
        route.method === 'GET' ? await t.agent().get(url) : await t.agent().post(url).type('form').send({});
      if (anonymous.status !== 302 || !String(anonymous.headers.location).startsWith('/login?next=')) {
        problems.push(`${label} as nobody: ${anonymous.status} ${anonymous.headers.location ?? ''}`);
      }

      for (const role of ROLES) {
        const agent = agents.get(role)!;
        const res =
          route.method === 'GET'
            ? await agent.get(url)
            : await agent
                .post(url)
                .type('form')
                .send({ _csrf: csrf.get(role)! });
        const toLogin = res.status >= 300 && res.status < 400 && String(res.headers.location).startsWith('/login');
        const may = EXPECTED[route.permission]?.[role];
        if (may === undefined) {
          problems.push(`${label}: permission missing from the expected matrix`);
        } else if (!may) {
          if (res.status !== 403) problems.push(`${label} as ${role}: expected 403, got ${res.status}`);
        } else if (res.status === 403 || toLogin || res.status >= 500) {
          problems.push(`${label} as ${role}: expected to be allowed, got ${res.status} ${res.headers.location ?? ''}`);
        } else if (route.method === 'POST' && !POST_OK.includes(res.status)) {
          problems.push(`${label} as ${role}: an empty POST gave ${res.status}, expected one of ${POST_OK.join('/')}`);
        }
      }
    }
    expect(problems).toEqual([]);

    // Nobody was signed out along the way (the walk really ran as each role).
    for (const role of ROLES) expect((await agents.get(role)!.get('/staff')).status, role).toBe(200);
  });
});
