import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cleanRequestFields } from '../../server/forms/control-characters.js';
import {
  checkbox,
  day,
  idList,
  optionalEmail,
  optionalId,
  optionalInteger,
  optionalPhone,
  optionalText,
  searchText,
  text,
} from '../../server/forms/fields.js';
import { validateForm } from '../../server/forms/validate.js';

describe('form fields read what browsers send', () => {
  const Form = z.object({
    title: text(10),
    note: optionalText(5),
    unit: optionalId(),
    units: idList(),
    agree: checkbox(),
    email: optionalEmail(),
    phone: optionalPhone(),
    count: optionalInteger(1, 9),
    on: day(),
  });

  it('an unticked checkbox and an empty checkbox group are simply absent', () => {
    const r = validateForm(Form, { title: 'x', on: '2026-11-20' });
    expect(r).toEqual({
      ok: true,
      data: {
        title: 'x',
        note: null,
        unit: null,
        units: [],
        agree: false,
        email: null,
        phone: null,
        count: null,
        on: '2026-11-20',
      },
    });
    const ticked = validateForm(Form, {
      title: 'x',
      on: '2026-11-20',
      agree: 'on',
      units: ['3', '4'],
      unit: '7',
      count: '2',
      email: 'A@B.org',
    });
    expect(ticked).toMatchObject({
      ok: true,
      data: { agree: true, units: [3, 4], unit: 7, count: 2, email: 'a@b.org' },
    });
  });

  it('each wrong field gets its own catalogue message, and only plain values are echoed', () => {
    const r = validateForm(Form, {
      title: ['a', 'b'],
      note: '123456',
      unit: 'x',
      units: ['1', 'DROP'],
      email: 'no',
      phone: '<b>',
      count: '10',
      on: '2026-02-30',
      _csrf: 't',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      title: { key: 'errors.invalid' },
      note: { key: 'errors.tooLong', params: { max: 5 } },
      unit: { key: 'errors.invalid' },
      units: { key: 'errors.invalid', params: {} },
      email: { key: 'errors.email' },
      phone: { key: 'errors.phone', params: {} },
      count: { key: 'errors.tooBig', params: { max: 9 } },
      on: { key: 'errors.date', params: {} },
    });
    expect(r.values).not.toHaveProperty('_csrf');
    expect(r.values.title).toEqual(['a', 'b']);
  });

  it('a schema can name a domain message', () => {
    const S = z.object({ a: z.string().refine(() => false, 'accounts.errors.unitRequired') });
    expect(validateForm(S, { a: 'x' })).toMatchObject({
      ok: false,
      errors: { a: { key: 'accounts.errors.unitRequired' } },
    });
  });

  it('an empty required day is missing like any required field; only a malformed or impossible one is not a real date', () => {
    const S = z.object({ on: day() });
    for (const empty of [{ on: '' }, { on: '   ' }, {}]) {
      expect(validateForm(S, empty), JSON.stringify(empty)).toMatchObject({
        ok: false,
        errors: { on: { key: 'errors.required' } },
      });
    }
    for (const bad of ['20/11/2026', 'tomorrow', '2026-11-31', '2026-1-5']) {
      expect(validateForm(S, { on: bad }), bad).toMatchObject({ ok: false, errors: { on: { key: 'errors.date' } } });
    }
    expect(validateForm(S, { on: ' 2026-11-20 ' })).toEqual({ ok: true, data: { on: '2026-11-20' } });
  });

  it('empty text is required text missing', () => {
    expect(validateForm(z.object({ t: text(5) }), { t: '   ' })).toMatchObject({
      ok: false,
      errors: { t: { key: 'errors.required' } },
    });
    expect(validateForm(z.object({ t: text(5) }), {})).toMatchObject({
      ok: false,
      errors: { t: { key: 'errors.required' } },
    });
  });

  it('control characters mean nothing: removed from every field, tab and line breaks kept', () => {
    const every = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\u007f';
    const F = z.object({ t: text(100), o: optionalText(100), q: searchText(100) });
    expect(validateForm(F, { t: `a${every}b`, o: every, q: `x${every}` })).toEqual({
      ok: true,
      data: { t: 'a\t\n\rb', o: null, q: 'x' },
    });
    const body: Record<string, unknown> = {
      a: 'x\u0000y',
      list: ['\u0001p', 'q'],
      file: { type: 'field', value: 'v\u0000' },
      n: 3,
    };
    cleanRequestFields(body);
    expect(body).toEqual({ a: 'xy', list: ['p', 'q'], file: { type: 'field', value: 'v' }, n: 3 });
  });
});
