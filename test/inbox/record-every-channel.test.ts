import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../../server/opinions/channels.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, signInAs } from '../helpers/factories.js';
import { fieldError, inputValue, selectedValue, textareaValue } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';
import { recordVia, savedCode } from './recording.js';

/** What staff type for each channel's own particulars, and what is stored for them. */
const PARTICULARS: Record<
  Channel,
  { typed: Record<string, string>; stored: Record<string, string | number>; shown: string[] }
> = {
  leadership: {
    typed: { leader: 'Deputy Secretary Wang' },
    stored: { leader: 'Deputy Secretary Wang' },
    shown: ['Which leader raised it'],
  },
  peer_review: {
    typed: { meeting: 'Democratic life meeting, 3 Nov' },
    stored: { meeting: 'Democratic life meeting, 3 Nov' },
    shown: ['Which meeting'],
  },
  self_check: {
    typed: { meeting: 'Branch self-examination' },
    stored: { meeting: 'Branch self-examination' },
    shown: ['Which meeting'],
  },
  visit: {
    typed: { place: 'Xinhua Road community', visited_unit: 'Street office' },
    stored: { place: 'Xinhua Road community', visited_unit: 'Street office' },
    shown: ['Place visited', 'Unit visited'],
  },
  questionnaire: { typed: { form_number: 'Q-0042' }, stored: { form_number: 'Q-0042' }, shown: ['Paper form number'] },
  petition: {
    typed: { petition_kind: 'visit', reference_number: 'XF-2026-118', visitors: '3' },
    stored: { petition_kind: 'visit', reference_number: 'XF-2026-118', visitors: 3 },
    shown: ['Letter or visit', 'Reference number', 'Number of visitors'],
  },
  suggestion_box: { typed: { slip_number: 'S-7' }, stored: { slip_number: 'S-7' }, shown: ['Slip number'] },
  hotline: {
    typed: { caller_number: '021-5555 1234', duration_minutes: '12', officer_on_duty: 'Li Na' },
    stored: { caller_number: '021-5555 1234', duration_minutes: 12, officer_on_duty: 'Li Na' },
    shown: ['Caller&#39;s number', 'Call length (minutes)', 'Officer on duty'],
  },
  supervisor: {
    typed: { supervisor_name: 'Zhao Min' },
    stored: { supervisor_name: 'Zhao Min' },
    shown: ['Which image supervisor'],
  },
  enforcement: {
    typed: { department: 'City discipline inspection commission' },
    stored: { department: 'City discipline inspection commission' },
    shown: ['Which department'],
  },
};

/** Channels whose particulars include a required one: the one left out, and another that must be kept. */
const REQUIRED: Array<{ channel: Channel; missing: string; kept?: [string, string] }> = [
  { channel: 'leadership', missing: 'leader' },
  { channel: 'visit', missing: 'place', kept: ['visited_unit', 'Street office'] },
  { channel: 'petition', missing: 'petition_kind', kept: ['reference_number', 'XF-2026-118'] },
  { channel: 'supervisor', missing: 'supervisor_name' },
  { channel: 'enforcement', missing: 'department' },
];

describe('staff record opinions from each of the ten channels', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it('offers all ten channels on the form, marking the one being recorded', async () => {
    await createCampaign(t.app.db);
    const { agent } = await signInAs(t, 'coordinator');
    for (const channel of CHANNELS) {
      const page = await agent.get(`/staff/opinions/new?channel=${channel}`);
      expect(page.status, channel).toBe(200);
      for (const other of CHANNELS)
        expect(page.text, `${channel} page links to ${other}`).toMatch(
          new RegExp(`href="/staff/opinions/new\\?channel=${other}[&"]`),
        );
      const current = [
        ...page.text.matchAll(/href="\/staff\/opinions\/new\?channel=(\w+)[^"]*" aria-current="page"/g),
      ].map((m) => m[1]);
      expect(current).toEqual([channel]);
      expect(page.text).toContain(`<input type="hidden" name="channel" value="${channel}">`);
      for (const label of PARTICULARS[channel].shown) expect(page.text, `${channel}: ${label}`).toContain(label);
    }
  });

  it('answers an unknown channel with 404, and a missing one with the hotline form', async () => {
    await createCampaign(t.app.db);
    const { agent } = await signInAs(t, 'supervisor');
    for (const bad of ['fax', '%3Cscript%3E', 'hotline%00', '']) {
      const res = await agent.get(`/staff/opinions/new?channel=${bad}`);
      expect(res.status, bad).toBe(404);
      expect(res.text).not.toContain('<script>');
    }
    const arrays = await agent.get('/staff/opinions/new?channel=hotline&channel=visit');
    expect(arrays.status).toBe(404);
    const missing = await agent.get('/staff/opinions/new');
    expect(missing.status).toBe(302);
    expect(missing.headers.location).toBe('/staff/opinions/new?channel=hotline');
  });

  it.each(CHANNELS.map((c) => [c]))('stores the particulars of %s in the opinion details', async (channel) => {
    await createCampaign(t.app.db);
    const { user, agent } = await signInAs(t, 'coordinator');
    const res = await recordVia(agent, channel, {
      body: `An opinion that came through ${channel}.`,
      ...PARTICULARS[channel].typed,
    });
    const code = savedCode(res, channel);

    const row = await t.app.db
      .selectFrom('opinions')
      .selectAll()
      .where('tracking_code', '=', code)
      .executeTakeFirstOrThrow();
    expect(row.channel).toBe(channel);
    expect(row.recorded_by).toBe(user.id);
    expect(JSON.parse(row.details)).toEqual(PARTICULARS[channel].stored);
    const audit = await t.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', String(row.id))
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'opinion.received', actor_id: user.id });
    expect(JSON.parse(audit.data!)).toMatchObject({ channel });

    const detail = await agent.get(`/staff/opinions/${row.id}`);
    expect(await htmlProblems(detail.text)).toEqual([]);
    for (const [name, value] of Object.entries(PARTICULARS[channel].stored)) {
      const shown = name === 'petition_kind' ? 'Visit in person' : String(value);
      expect(detail.text, name).toContain(`<dd data-field="${name}">${shown}</dd>`);
    }
  });

  it.each(REQUIRED.map((r) => [r.channel, r]))(
    'refuses %s without its required particular, saying so next to it and keeping everything typed',
    async (_name, r) => {
      await createCampaign(t.app.db);
      const { agent } = await signInAs(t, 'supervisor');
      const typed = { ...PARTICULARS[r.channel].typed };
      delete typed[r.missing];
      const res = await recordVia(agent, r.channel, {
        body: 'Typed before noticing the missing particular.',
        received_at: '2026-11-19T16:45',
        submitter_name: 'Guo Fang',
        ...typed,
      });
      expect(res.status).toBe(422);
      expect(fieldError(res.text, r.missing)).toBe('Enter this information');
      expect(res.text).toContain(`<a href="#field-${r.missing}">`);
      expect(textareaValue(res.text, 'body')).toBe('Typed before noticing the missing particular.');
      expect(inputValue(res.text, 'received_at')).toBe('2026-11-19T16:45');
      expect(inputValue(res.text, 'submitter_name')).toBe('Guo Fang');
      if (r.kept) expect(inputValue(res.text, r.kept[0])).toBe(r.kept[1]);
      expect(res.text).toMatch(new RegExp(`id="field-${r.missing}"[^>]* aria-invalid="true" autofocus`));
      expect(res.text).toContain(`<input type="hidden" name="channel" value="${r.channel}">`);
      expect(await htmlProblems(res.text)).toEqual([]);
      expect(await t.app.db.selectFrom('opinions').select('id').execute()).toHaveLength(0);
    },
  );

  it('keeps a chosen option when a petition comes back with another error', async () => {
    await createCampaign(t.app.db);
    const { agent } = await signInAs(t, 'supervisor');
    const res = await recordVia(agent, 'petition', { body: '', petition_kind: 'letter', visitors: '2' });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'body')).toBe('Enter this information');
    expect(selectedValue(res.text, 'petition_kind')).toBe('letter');
    expect(inputValue(res.text, 'visitors')).toBe('2');
  });

  it('refuses a choice that is not offered and particulars of the wrong kind', async () => {
    await createCampaign(t.app.db);
    const { agent } = await signInAs(t, 'supervisor');
    const petition = await recordVia(agent, 'petition', {
      body: 'A letter.',
      petition_kind: 'telegram',
      visitors: 'three',
    });
    expect(petition.status).toBe(422);
    expect(fieldError(petition.text, 'petition_kind')).toBe('This is not a valid value');
    // forms/fields.ts optionalInteger() wraps its check in a union, so zod reports it as "not valid".
    expect(fieldError(petition.text, 'visitors')).toBe('This is not a valid value');
    expect(inputValue(petition.text, 'visitors')).toBe('three');

    const hotline = await recordVia(agent, 'hotline', {
      body: 'A call.',
      caller_number: 'call me back',
      duration_minutes: '601',
    });
    expect(hotline.status).toBe(422);
    expect(fieldError(hotline.text, 'caller_number')).toMatch(/phone number/);
    expect(fieldError(hotline.text, 'duration_minutes')).toBe('Enter a number of at most 600');
    expect(inputValue(hotline.text, 'caller_number')).toBe('call me back');
    expect(await t.app.db.selectFrom('opinions').select('id').execute()).toHaveLength(0);
  });

  it("stores only the channel's own particulars, whatever else the form carries", async () => {
    await createCampaign(t.app.db);
    const { agent } = await signInAs(t, 'supervisor');
    const code = savedCode(
      await recordVia(agent, 'hotline', {
        body: 'A call.',
        caller_number: '13800001111',
        leader: 'Not a hotline field',
        department: 'Nor this',
      }),
      'hotline',
    );
    const row = await t.app.db
      .selectFrom('opinions')
      .select('details')
      .where('tracking_code', '=', code)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.details)).toEqual({ caller_number: '13800001111' });
  });
});
