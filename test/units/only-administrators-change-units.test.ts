import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createUnit, signInAs } from '../helpers/factories.js';
import { csrfFrom } from '../helpers/forms.js';

describe('only an administrator changes the unit tree', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  const ours = (url: string) => url.startsWith('/staff/units');

  it('every units page names the units.manage permission', () => {
    const routes = t.app.staffRoutes.filter((r) => ours(r.url));
    expect(routes.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'GET /staff/units',
      'GET /staff/units/:id/edit',
      'GET /staff/units/new',
      'POST /staff/units',
      'POST /staff/units/:id',
    ]);
    for (const r of routes) expect(r.permission).toBe('units.manage');
  });

  it.each(['coordinator', 'supervisor', 'unit_officer'] as const)(
    'a %s gets 403 on every units page and changes nothing',
    async (role) => {
      const unitId = await createUnit(t.app.db, { name: 'Own unit', contacts: ['own@example.org'] });
      const { agent } = await signInAs(t, role, role === 'unit_officer' ? { unitId } : { watches: [unitId] });
      const home = await agent.get('/staff');
      expect(home.status).toBe(200);
      expect(home.text).not.toContain('href="/staff/units"');
      const token = csrfFrom(home.text);

      for (const url of ['/staff/units', '/staff/units/new', `/staff/units/${unitId}/edit`])
        expect((await agent.get(url)).status, url).toBe(403);
      const fields = {
        _csrf: token,
        name: 'Renamed',
        kind: 'unit',
        parent_id: '',
        contacts_0_email: 'attacker@example.org',
        contacts_0_locale: 'en',
      };
      expect((await agent.post('/staff/units').type('form').send(fields)).status).toBe(403);
      expect((await agent.post(`/staff/units/${unitId}`).type('form').send(fields)).status).toBe(403);

      expect(await t.app.db.selectFrom('units').select('name').execute()).toEqual([{ name: 'Own unit' }]);
      expect(await t.app.db.selectFrom('unit_contacts').select('email').execute()).toEqual([
        { email: 'own@example.org' },
      ]);
      expect(
        await t.app.db.selectFrom('audit_log').select('action').where('action', 'like', 'unit.%').execute(),
      ).toEqual([]);
    },
  );
});
