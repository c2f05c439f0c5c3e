import type request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createUnit, signInAs } from '../helpers/factories.js';
import { escaped, fieldError, inputValue, selectedValue, submitForm, HOSTILE } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';

describe("an administrator keeps a unit's contact addresses", () => {
  let t: TestApp;
  let admin: request.Agent;
  beforeEach(async () => {
    t = await buildTestApp();
    admin = (await signInAs(t, 'administrator')).agent;
  });
  afterEach(async () => t.close());

  const contacts = (unitId: number) =>
    t.app.db
      .selectFrom('unit_contacts')
      .select(['id', 'email', 'name', 'locale'])
      .where('unit_id', '=', unitId)
      .orderBy('id')
      .execute();

  it('adds several addresses on the new-unit form, leaving blank rows out', async () => {
    const form = await admin.get('/staff/units/new');
    // Three blank rows, without JavaScript.
    for (const i of [0, 1, 2]) expect(inputValue(form.text, `contacts_${i}_email`), `row ${i}`).toBe('');
    expect(inputValue(form.text, 'contacts_3_email')).toBeNull();

    const res = await submitForm(admin, '/staff/units/new', '/staff/units', {
      name: 'Finance Bureau',
      kind: 'unit',
      parent_id: '',
      contacts_0_email: ' Office@Finance.example ',
      contacts_0_name: 'General office',
      contacts_0_locale: 'zh-CN',
      contacts_1_email: '',
      contacts_1_name: '',
      contacts_1_locale: 'zh-CN',
      contacts_2_email: 'director@finance.example',
      contacts_2_name: '',
      contacts_2_locale: 'en',
    });
    expect(res.status).toBe(303);
    const unit = await t.app.db.selectFrom('units').select('id').executeTakeFirstOrThrow();
    expect(await contacts(unit.id)).toMatchObject([
      { email: 'office@finance.example', name: 'General office', locale: 'zh-CN' },
      { email: 'director@finance.example', name: null, locale: 'en' },
    ]);
    const list = await admin.get('/staff/units');
    expect(list.text).toContain(
      'General office &lt;office@finance.example&gt; (<span lang="zh-CN">中文（简体）</span>)',
    );
    expect(list.text).toContain('&lt;director@finance.example&gt; (<span lang="en">English</span>)');
  });

  it('changes, removes and adds addresses on the edit form, in one audited save', async () => {
    const unit = await createUnit(t.app.db, {
      name: 'Health Bureau',
      contacts: ['a@health.example', 'b@health.example'],
    });
    const [a, b] = await contacts(unit);

    const edit = await admin.get(`/staff/units/${unit}/edit`);
    expect(edit.text).toContain(`<input type="hidden" name="contacts_0_id" value="${a!.id}">`);
    expect(edit.text).toContain(`<input type="hidden" name="contacts_1_id" value="${b!.id}">`);
    expect(inputValue(edit.text, 'contacts_0_email')).toBe('a@health.example');
    expect(selectedValue(edit.text, 'contacts_1_locale')).toBe('zh-CN');
    expect(edit.text).toContain('id="field-contacts_0_remove"');
    expect(edit.text).not.toContain('id="field-contacts_2_remove"'); // blank rows have nothing to remove
    for (const i of [2, 3, 4]) expect(inputValue(edit.text, `contacts_${i}_email`), `blank row ${i}`).toBe('');
    expect(await htmlProblems(edit.text)).toEqual([]);

    const res = await submitForm(admin, `/staff/units/${unit}/edit`, `/staff/units/${unit}`, {
      name: 'Health Bureau',
      kind: 'unit',
      parent_id: '',
      contacts_0_id: String(a!.id),
      contacts_0_email: 'a@health.example',
      contacts_0_name: '',
      contacts_0_locale: 'zh-CN',
      contacts_0_remove: '1',
      contacts_1_id: String(b!.id),
      contacts_1_email: 'b@health.example',
      contacts_1_name: 'Director',
      contacts_1_locale: 'en',
      contacts_2_email: 'c@health.example',
      contacts_2_name: 'Duty office',
      contacts_2_locale: 'zh-CN',
      contacts_3_email: '',
      contacts_3_name: '',
      contacts_3_locale: 'zh-CN',
    });
    expect(res.status).toBe(303);
    expect(await contacts(unit)).toEqual([
      { id: b!.id, email: 'b@health.example', name: 'Director', locale: 'en' },
      { id: expect.any(Number), email: 'c@health.example', name: 'Duty office', locale: 'zh-CN' },
    ]);

    const entries = await t.app.db.selectFrom('audit_log').selectAll().where('action', '=', 'unit.updated').execute();
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0]!.data!)).toEqual({
      changes: {},
      contacts: {
        added: [{ email: 'c@health.example', name: 'Duty office', locale: 'zh-CN' }],
        changed: [
          {
            from: { email: 'b@health.example', name: null, locale: 'zh-CN' },
            to: { email: 'b@health.example', name: 'Director', locale: 'en' },
          },
        ],
        removed: [{ email: 'a@health.example', name: null, locale: 'zh-CN' }],
      },
    });

    // Saving again without a change writes nothing new.
    const current = await contacts(unit);
    const resave = await submitForm(admin, `/staff/units/${unit}/edit`, `/staff/units/${unit}`, {
      name: 'Health Bureau',
      kind: 'unit',
      parent_id: '',
      ...Object.fromEntries(
        current.flatMap((c, i) => [
          [`contacts_${i}_id`, String(c.id)],
          [`contacts_${i}_email`, c.email],
          [`contacts_${i}_name`, c.name ?? ''],
          [`contacts_${i}_locale`, c.locale],
        ]),
      ),
    });
    expect(resave.status).toBe(303);
    expect(
      await t.app.db.selectFrom('audit_log').select('id').where('action', '=', 'unit.updated').execute(),
    ).toHaveLength(1);
  });

  it('brings every row back as typed, with the message next to the wrong field', async () => {
    const unit = await createUnit(t.app.db, { name: 'Water Bureau', contacts: ['keep@water.example'] });
    const [existing] = await contacts(unit);
    const sent = {
      name: 'Water Bureau',
      kind: 'unit',
      parent_id: '',
      contacts_0_id: String(existing!.id),
      contacts_0_email: 'keep@water.example',
      contacts_0_name: 'Front desk',
      contacts_0_locale: 'en',
      contacts_0_remove: '1',
      contacts_1_email: '',
      contacts_1_name: 'Someone without an address',
      contacts_1_locale: 'zh-CN',
      contacts_2_email: 'not an address',
      contacts_2_name: 'Typo',
      contacts_2_locale: 'en',
      contacts_3_email: 'fine@water.example',
      contacts_3_name: 'x'.repeat(101),
      contacts_3_locale: 'zh-CN',
    };
    const res = await submitForm(admin, `/staff/units/${unit}/edit`, `/staff/units/${unit}`, sent);
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'contacts_1_email')).toMatch(/Enter this information/);
    expect(fieldError(res.text, 'contacts_2_email')).toMatch(/email address/);
    expect(fieldError(res.text, 'contacts_3_name')).toMatch(/100 characters or fewer/);
    expect(fieldError(res.text, 'contacts_0_email')).toBeNull();
    expect(fieldError(res.text, 'contacts_3_email')).toBeNull();
    // Each message is also in the summary at the top, linked to its field.
    expect(res.text).toContain('<a href="#field-contacts_2_email">Address 3, Email address: Enter an email address');

    expect(res.text).toContain(`<input type="hidden" name="contacts_0_id" value="${existing!.id}">`);
    expect(inputValue(res.text, 'contacts_0_name')).toBe('Front desk');
    expect(selectedValue(res.text, 'contacts_0_locale')).toBe('en');
    expect(res.text).toMatch(/id="field-contacts_0_remove" name="contacts_0_remove" value="1" checked>/);
    expect(inputValue(res.text, 'contacts_1_name')).toBe('Someone without an address');
    expect(inputValue(res.text, 'contacts_2_email')).toBe('not an address');
    expect(inputValue(res.text, 'contacts_3_email')).toBe('fine@water.example');
    expect(inputValue(res.text, 'contacts_3_name')).toBe('x'.repeat(101));
    expect(inputValue(res.text, 'contacts_4_email')).toBeNull(); // the rows sent, no more
    expect(await htmlProblems(res.text)).toEqual([]);

    // Nothing changed.
    expect(await contacts(unit)).toEqual([existing]);
  });

  it('refuses the same address twice on one unit', async () => {
    const unit = await createUnit(t.app.db, { name: 'Tax Bureau', contacts: ['desk@tax.example'] });
    const [existing] = await contacts(unit);
    const res = await submitForm(admin, `/staff/units/${unit}/edit`, `/staff/units/${unit}`, {
      name: 'Tax Bureau',
      kind: 'unit',
      parent_id: '',
      contacts_0_id: String(existing!.id),
      contacts_0_email: 'desk@tax.example',
      contacts_0_locale: 'zh-CN',
      contacts_1_email: 'DESK@tax.example',
      contacts_1_locale: 'en',
    });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'contacts_1_email')).toMatch(/already has this address/);
    expect(inputValue(res.text, 'contacts_1_email')).toBe('DESK@tax.example');
    expect(await contacts(unit)).toEqual([existing]);

    // Removing the old one and adding it again in the same save is fine.
    const swap = await submitForm(admin, `/staff/units/${unit}/edit`, `/staff/units/${unit}`, {
      name: 'Tax Bureau',
      kind: 'unit',
      parent_id: '',
      contacts_0_id: String(existing!.id),
      contacts_0_email: 'desk@tax.example',
      contacts_0_locale: 'zh-CN',
      contacts_0_remove: '1',
      contacts_1_email: 'desk@tax.example',
      contacts_1_locale: 'en',
    });
    expect(swap.status).toBe(303);
    expect(await contacts(unit)).toMatchObject([{ email: 'desk@tax.example', locale: 'en' }]);
  });

  it("cannot reach another unit's addresses through a forged row", async () => {
    const mine = await createUnit(t.app.db, { name: 'Mine' });
    const theirs = await createUnit(t.app.db, { name: 'Theirs', contacts: ['theirs@example.org'] });
    const [other] = await contacts(theirs);
    const res = await submitForm(admin, `/staff/units/${mine}/edit`, `/staff/units/${mine}`, {
      name: 'Mine',
      kind: 'unit',
      parent_id: '',
      contacts_0_id: String(other!.id),
      contacts_0_email: 'stolen@example.org',
      contacts_0_locale: 'en',
      contacts_0_remove: '1',
    });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'contacts_0_email')).toMatch(/not one of this unit&#39;s addresses/);
    expect(await contacts(theirs)).toEqual([other]);
    expect(await contacts(mine)).toEqual([]);
  });

  it('answers hostile, oversize and wrong-type addresses with 422 and escapes them', async () => {
    const unit = await createUnit(t.app.db, { name: 'Police' });
    for (const hostile of Object.values(HOSTILE)) {
      const res = await submitForm(admin, `/staff/units/${unit}/edit`, `/staff/units/${unit}`, {
        name: 'Police',
        kind: 'unit',
        parent_id: '',
        contacts_0_email: hostile,
        contacts_0_name: hostile,
        contacts_0_locale: 'en',
      });
      expect(res.status, hostile).toBe(422);
      expect(fieldError(res.text, 'contacts_0_email')).toMatch(/email address/);
      expect(res.text).not.toContain(hostile);
      expect(inputValue(res.text, 'contacts_0_name')).toBe(escaped(hostile));
    }

    const long = await submitForm(admin, `/staff/units/${unit}/edit`, `/staff/units/${unit}`, {
      name: 'Police',
      kind: 'unit',
      contacts_0_email: `${'a'.repeat(250)}@example.org`,
      contacts_0_locale: 'fr',
    });
    expect(long.status).toBe(422);
    expect(fieldError(long.text, 'contacts_0_email')).toMatch(/254 characters or fewer/);
    expect(fieldError(long.text, 'contacts_0_locale')).toMatch(/not a valid value/);

    const wrongType = await submitForm(admin, `/staff/units/${unit}/edit`, `/staff/units/${unit}`, {
      name: 'Police',
      kind: 'unit',
      contacts_0_email: ['one@example.org', 'two@example.org'],
      contacts_0_locale: 'en',
    });
    expect(wrongType.status).toBe(422);
    expect(fieldError(wrongType.text, 'contacts_0_email')).toMatch(/not a valid value/);
    expect(inputValue(wrongType.text, 'contacts_0_email')).toBe('one@example.org,two@example.org');

    expect(await contacts(unit)).toEqual([]);
  });
});
