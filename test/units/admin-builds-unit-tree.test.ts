import type request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createUnit, signInAs } from '../helpers/factories.js';
import { escaped, fieldError, inputValue, selectedValue, submitForm, HOSTILE } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';

describe('an administrator builds the unit tree', () => {
  let t: TestApp;
  let admin: request.Agent;
  let adminId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    const signedIn = await signInAs(t, 'administrator');
    admin = signedIn.agent;
    adminId = signedIn.user.id;
  });
  afterEach(async () => t.close());

  const units = () => t.app.db.selectFrom('units').selectAll().orderBy('id').execute();
  const addUnit = async (fields: Record<string, string | string[]>) => {
    const res = await submitForm(admin, '/staff/units/new', '/staff/units', fields);
    expect(res.status, res.text.slice(0, 2000)).toBe(303);
    const all = await units();
    return all[all.length - 1]!.id;
  };

  it('adds the city, a district under it and a unit under that, and shows them nested with their level', async () => {
    const city = await addUnit({ name: 'Riverton City', kind: 'city', parent_id: '' });
    const district = await addUnit({ name: 'North District', kind: 'district', parent_id: String(city) });
    const office = await addUnit({ name: 'North Office', kind: 'unit', parent_id: String(district) });
    const county = await addUnit({ name: 'Hill County', kind: 'county', parent_id: String(city) });

    expect((await units()).map((u) => [u.name, u.kind, u.parent_id])).toEqual([
      ['Riverton City', 'city', null],
      ['North District', 'district', city],
      ['North Office', 'unit', district],
      ['Hill County', 'county', city],
    ]);

    const page = await admin.get('/staff/units');
    expect(page.status).toBe(200);
    // Nested lists: the office's list item sits inside the district's, which sits inside the city's.
    const html = page.text;
    const cityAt = html.indexOf('Riverton City');
    const districtAt = html.indexOf('North District');
    const officeAt = html.indexOf('North Office');
    expect(cityAt).toBeGreaterThan(-1);
    expect(cityAt).toBeLessThan(districtAt);
    expect(districtAt).toBeLessThan(officeAt);
    const between = (a: number, b: number) => html.slice(a, b);
    expect(between(cityAt, districtAt)).toContain('<ul class="unit-tree">');
    expect(between(districtAt, officeAt)).toContain('<ul class="unit-tree">');
    expect(html).toMatch(
      /North District<\/a>\s*<span class="badge">District<\/span>\s*<span class="meta">level 2<\/span>/,
    );
    expect(html).toMatch(/North Office<\/a>\s*<span class="badge">Unit<\/span>\s*<span class="meta">level 3<\/span>/);
    expect(html).toMatch(/Hill County<\/a>\s*<span class="badge">County<\/span>\s*<span class="meta">level 2<\/span>/);
    expect(html).toContain(`href="/staff/units/${office}/edit"`);
    expect(html).toContain(`href="/staff/units/new?parent=${county}"`);
    expect(await htmlProblems(html)).toEqual([]);

    // "Add a unit under it" preselects the parent; the parent select lists the tree in order.
    const form = await admin.get(`/staff/units/new?parent=${district}`);
    expect(selectedValue(form.text, 'parent_id')).toBe(String(district));
    const options = [...form.text.matchAll(/<option value="(\d+)"[^>]*>([^<]*)</g)].map((m) => m[2]);
    // Tree order: each unit followed by the units under it, siblings by name.
    expect(options).toEqual([
      'Riverton City (City)',
      '— Hill County (County)',
      '— North District (District)',
      '— — North Office (Unit)',
    ]);
    expect(await htmlProblems(form.text)).toEqual([]);

    // In Chinese, the levels are written in Chinese.
    await admin.get('/lang/zh-CN?next=/staff/units');
    const zh = await admin.get('/staff/units');
    expect(zh.text).toMatch(
      /North District<\/a>\s*<span class="badge">区<\/span>\s*<span class="meta">第 2 级<\/span>/,
    );
    expect(zh.text).toMatch(/Hill County<\/a>\s*<span class="badge">县<\/span>/);
  });

  it('renames a unit and moves it under another, and records who did it', async () => {
    const city = await createUnit(t.app.db, { name: 'City', kind: 'city' });
    const a = await createUnit(t.app.db, { name: 'District A', kind: 'district', parentId: city });
    const b = await createUnit(t.app.db, { name: 'District B', kind: 'district', parentId: city });
    const office = await createUnit(t.app.db, { name: 'Office', kind: 'unit', parentId: a });

    const edit = await admin.get(`/staff/units/${office}/edit`);
    expect(edit.status).toBe(200);
    expect(inputValue(edit.text, 'name')).toBe('Office');
    expect(selectedValue(edit.text, 'parent_id')).toBe(String(a));
    expect(selectedValue(edit.text, 'kind')).toBe('unit');

    const res = await submitForm(admin, `/staff/units/${office}/edit`, `/staff/units/${office}`, {
      name: 'Records Office',
      kind: 'unit',
      parent_id: String(b),
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/staff/units');
    const moved = (await units()).find((u) => u.id === office)!;
    expect(moved.name).toBe('Records Office');
    expect(moved.parent_id).toBe(b);
    expect((await admin.get('/staff/units')).text).toContain('Saved.');

    const entries = await t.app.db.selectFrom('audit_log').selectAll().where('action', '=', 'unit.updated').execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actor_id).toBe(adminId);
    expect(entries[0]!.entity_id).toBe(String(office));
    expect(JSON.parse(entries[0]!.data!).changes).toEqual({
      name: { from: 'Office', to: 'Records Office' },
      parent_id: { from: a, to: b },
    });
  });

  it('refuses to make a unit its own ancestor', async () => {
    const city = await createUnit(t.app.db, { name: 'City', kind: 'city' });
    const district = await createUnit(t.app.db, { name: 'District', kind: 'district', parentId: city });
    const office = await createUnit(t.app.db, { name: 'Office', kind: 'unit', parentId: district });

    for (const parent of [office, district, city]) {
      const res = await submitForm(admin, `/staff/units/${city}/edit`, `/staff/units/${city}`, {
        name: 'City renamed',
        kind: 'city',
        parent_id: String(parent),
      });
      expect(res.status, `under ${parent}`).toBe(422);
      expect(fieldError(res.text, 'parent_id')).toMatch(/cannot belong to itself or to a unit that belongs to it/);
      expect(inputValue(res.text, 'name')).toBe('City renamed');
      expect(selectedValue(res.text, 'parent_id')).toBe(String(parent));
    }
    expect((await units()).map((u) => [u.name, u.parent_id])).toEqual([
      ['City', null],
      ['District', city],
      ['Office', district],
    ]);
    expect(
      await t.app.db.selectFrom('audit_log').select('id').where('action', '=', 'unit.updated').execute(),
    ).toHaveLength(0);

    // Moving a unit to the top of the tree is not a cycle.
    const top = await submitForm(admin, `/staff/units/${district}/edit`, `/staff/units/${district}`, {
      name: 'District',
      kind: 'district',
      parent_id: '',
    });
    expect(top.status).toBe(303);
    expect((await units()).find((u) => u.id === district)!.parent_id).toBeNull();
  });

  it('refuses a parent that does not exist, and answers 404 for an unknown unit', async () => {
    const res = await submitForm(admin, '/staff/units/new', '/staff/units', {
      name: 'Orphan',
      kind: 'unit',
      parent_id: '999',
    });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'parent_id')).toMatch(/Choose a unit from the list/);
    expect(await units()).toHaveLength(0);

    expect((await admin.get('/staff/units/999/edit')).status).toBe(404);
    expect((await admin.get('/staff/units/abc/edit')).status).toBe(404);
    const post = await submitForm(admin, '/staff/units/new', '/staff/units/999', { name: 'X', kind: 'unit' });
    expect(post.status).toBe(404);
  });

  it('answers empty, oversize, hostile and wrong-type input with 422, keeps what was typed and escapes it', async () => {
    const empty = await submitForm(admin, '/staff/units/new', '/staff/units', {});
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'name')).toMatch(/Enter this information/);
    expect(fieldError(empty.text, 'kind')).toMatch(/Enter this information/);

    const big = await submitForm(admin, '/staff/units/new', '/staff/units', {
      name: 'x'.repeat(201),
      kind: 'unit',
      parent_id: '',
    });
    expect(big.status).toBe(422);
    expect(fieldError(big.text, 'name')).toMatch(/200 characters or fewer/);
    expect(inputValue(big.text, 'name')).toBe('x'.repeat(201));

    for (const hostile of Object.values(HOSTILE)) {
      const res = await submitForm(admin, '/staff/units/new', '/staff/units', {
        name: hostile,
        kind: hostile,
        parent_id: hostile,
        contacts_0_email: hostile,
        contacts_0_name: hostile,
      });
      expect(res.status, hostile).toBe(422);
      expect(fieldError(res.text, 'kind')).toMatch(/not a valid value/);
      expect(fieldError(res.text, 'parent_id')).toMatch(/not a valid value/);
      expect(res.text).not.toContain(hostile);
      expect(res.text).toContain(escaped(hostile));
    }

    const wrongType = await submitForm(admin, '/staff/units/new', '/staff/units', {
      name: ['a', 'b'],
      kind: ['unit', 'city'],
      parent_id: '',
    });
    expect(wrongType.status).toBe(422);
    expect(fieldError(wrongType.text, 'name')).toMatch(/not a valid value/);
    expect(fieldError(wrongType.text, 'kind')).toMatch(/not a valid value/);
    expect(inputValue(wrongType.text, 'name')).toBe('a,b');

    // Nothing was written by any of these.
    expect(await units()).toHaveLength(0);
    expect(
      await t.app.db.selectFrom('audit_log').select('id').where('action', 'like', 'unit.%').execute(),
    ).toHaveLength(0);

    // The same rules on the edit form.
    const office = await createUnit(t.app.db, { name: 'Office' });
    const edit = await submitForm(admin, `/staff/units/${office}/edit`, `/staff/units/${office}`, {
      name: HOSTILE.script,
      kind: ['unit', 'x'],
    });
    expect(edit.status).toBe(422);
    expect(edit.text).not.toContain(HOSTILE.script);
    expect(inputValue(edit.text, 'name')).toBe(escaped(HOSTILE.script));
    expect(fieldError(edit.text, 'kind')).toMatch(/not a valid value/);
    expect((await units())[0]!.name).toBe('Office');
  });

  it('records each new unit in the audit log with who created it', async () => {
    const city = await addUnit({ name: 'City', kind: 'city', parent_id: '' });
    const entries = await t.app.db.selectFrom('audit_log').selectAll().where('action', '=', 'unit.created').execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor_id: adminId,
      entity_type: 'unit',
      entity_id: String(city),
      at: t.clock.now().toISOString(),
    });
    expect(JSON.parse(entries[0]!.data!)).toMatchObject({ name: 'City', kind: 'city', parent_id: null, contacts: [] });
  });
});
