import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createConductRule, createUnit, signInAs } from '../helpers/factories.js';
import { csrfFrom } from '../helpers/forms.js';

describe('only an administrator sets up campaigns and conduct rules', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  const ours = (url: string) => url.startsWith('/staff/campaigns') || url.startsWith('/staff/conduct-rules');

  it('every one of these pages names its permission', () => {
    const routes = t.app.staffRoutes.filter((r) => ours(r.url));
    expect(routes.length).toBeGreaterThanOrEqual(14);
    for (const r of routes) {
      const expected = r.url.startsWith('/staff/campaigns') ? 'campaigns.manage' : 'conduct.manage';
      expect(r.permission, `${r.method} ${r.url}`).toBe(expected);
    }
  });

  it.each(['coordinator', 'supervisor', 'unit_officer'] as const)(
    'a %s gets 403 on every page and every button, and changes nothing',
    async (role) => {
      const campaign = await createCampaign(t.app.db, { name: 'Kept' });
      const rule = await createConductRule(t.app.db, 'Kept rule');
      const unitId = await createUnit(t.app.db);
      const { agent } = await signInAs(t, role, role === 'unit_officer' ? { unitId } : {});
      const token = csrfFrom((await agent.get('/staff')).text);
      const home = await agent.get('/staff');
      expect(home.text).not.toContain('href="/staff/campaigns"');
      expect(home.text).not.toContain('href="/staff/conduct-rules"');

      const routes = t.app.staffRoutes.filter((r) => ours(r.url));
      for (const r of routes) {
        const id = r.url.startsWith('/staff/campaigns') ? campaign : rule;
        const url = r.url.replace(':id', String(id));
        const res =
          r.method === 'GET'
            ? await agent.get(url)
            : await agent.post(url).type('form').send({
                _csrf: token,
                name: 'Taken over',
                title: 'Taken over',
                starts_on: '2026-01-01',
                ends_on: '2026-01-02',
                threshold: '1',
                quorum_numerator: '0',
                quorum_denominator: '1',
              });
        expect(res.status, `${r.method} ${url}`).toBe(403);
      }
      expect((await t.app.db.selectFrom('campaigns').select('name').execute()).map((c) => c.name)).toEqual(['Kept']);
      expect(await t.app.db.selectFrom('conduct_rules').select(['title', 'active']).execute()).toEqual([
        { title: 'Kept rule', active: 1 },
      ]);
      expect(await t.app.db.selectFrom('audit_log').select('action').where('action', 'like', 'c%').execute()).toEqual(
        [],
      );
    },
  );

  it('someone signed out is sent to sign in', async () => {
    await signInAs(t, 'administrator');
    for (const url of [
      '/staff/campaigns',
      '/staff/campaigns/new',
      '/staff/conduct-rules',
      '/staff/conduct-rules/new',
    ]) {
      const res = await t.agent().get(url);
      expect(res.status, url).toBe(302);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
    }
  });
});
