// The officer on duty takes call after call: after a save, the next call's form already names
// them (what marks a detail `kept` in opinions/channels.ts). Nothing about the caller is kept.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL_DETAILS, CHANNELS } from '../../server/opinions/channels.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { defaultValue, recordVia, savedCode } from './recording.js';

describe('the officer on duty is kept from one hotline call to the next', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
    await createCampaign(t.app.db);
    await createUnit(t.app.db);
  });
  afterEach(async () => t.close());

  it('the next call names the same officer; the caller’s number, the length of the call and the opinion are not carried over', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const first = await recordVia(agent, 'hotline', {
      body: 'The queue at the hall is two hours long.',
      caller_number: '010 1234 5678',
      duration_minutes: '7',
      officer_on_duty: '值班员 小陈',
    });
    const code = savedCode(first, 'hotline');
    const next = await agent.get(`/staff/opinions/new?channel=hotline&saved=${code}`);
    expect(next.status).toBe(200);
    expect(defaultValue(next.text, 'officer_on_duty')).toBe('值班员 小陈');
    expect(defaultValue(next.text, 'caller_number')).toBe('');
    expect(defaultValue(next.text, 'duration_minutes')).toBe('');
    expect(next.text).not.toContain('two hours long');

    // Sent as the browser sends the form, with the field as it stands: the second call names the officer too.
    const second = await recordVia(
      agent,
      'hotline',
      { body: 'Another call.', officer_on_duty: defaultValue(next.text, 'officer_on_duty')! },
      `/staff/opinions/new?channel=hotline&saved=${code}`,
    );
    const row = await t.app.db
      .selectFrom('opinions')
      .select('details')
      .where('body', '=', 'Another call.')
      .executeTakeFirstOrThrow();
    savedCode(second, 'hotline');
    expect(JSON.parse(row.details)).toMatchObject({ officer_on_duty: '值班员 小陈' });

    // Someone else's saved call gives nothing away.
    const { agent: other } = await signInAs(t, 'coordinator');
    expect(
      defaultValue((await other.get(`/staff/opinions/new?channel=hotline&saved=${code}`)).text, 'officer_on_duty'),
    ).toBe('');
  });

  it('no detail that reaches a person is ever kept', () => {
    for (const c of CHANNELS)
      for (const f of CHANNEL_DETAILS[c]) if (f.kept) expect(f.contact ?? false, `${c}.${f.name}`).toBe(false);
  });
});
