// A hotline call has one number: the caller's. The form does not ask for a second phone, and the
// staff record says plainly whether the caller can be reached.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, signInAs } from '../helpers/factories.js';
import { escaped } from '../helpers/forms.js';
import { recordVia, savedCode } from './recording.js';

describe('the hotline form asks for the caller’s number once', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
    await createCampaign(t.app.db);
  });
  afterEach(async () => t.close());

  it('has no second phone field on the hotline, and keeps it on other channels', async () => {
    const { agent } = await signInAs(t, 'supervisor');
    const hotline = await agent.get('/staff/opinions/new?channel=hotline');
    expect(hotline.text).toContain('id="field-caller_number"');
    expect(hotline.text).not.toContain('id="field-submitter_phone"');
    expect(hotline.text).toContain(escaped("The caller's number above is their contact."));
    const petition = await agent.get('/staff/opinions/new?channel=petition');
    expect(petition.text).toContain('id="field-submitter_phone"');
  });

  it('a caller who left only a number is reachable, not anonymous; one who asked to stay anonymous leaves nothing', async () => {
    const { agent } = await signInAs(t, 'supervisor');
    const reachable = savedCode(
      await recordVia(agent, 'hotline', { body: 'Closed early.', caller_number: '13812345678' }),
      'hotline',
    );
    const hidden = savedCode(
      await recordVia(agent, 'hotline', { body: 'Closed early again.', caller_number: '13900001111', anonymous: '1' }),
      'hotline',
    );
    const rows = await t.app.db
      .selectFrom('opinions')
      .select(['id', 'tracking_code', 'anonymous', 'details'])
      .execute();
    const a = rows.find((r) => r.tracking_code === reachable)!;
    const b = rows.find((r) => r.tracking_code === hidden)!;
    expect(a.anonymous).toBe(0);
    expect(JSON.parse(a.details)).toMatchObject({ caller_number: '13812345678' });
    expect(b.anonymous).toBe(1);
    expect(JSON.parse(b.details)).not.toHaveProperty('caller_number');
    // The record no longer says "no contact was kept" next to a kept number.
    const page = await agent.get(`/staff/opinions/${a.id}`);
    expect(page.text).toContain('13812345678');
    expect(page.text).not.toContain('Anonymous: no name or contact was kept.');
  });
});
