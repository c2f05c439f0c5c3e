// A unit officer reads their own unit's problems and no other, on the server, whatever the link.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { submitForm } from '../helpers/forms.js';
import { createProblem } from './support.js';

describe('each unit sees its own problems', () => {
  let t: TestApp;
  let campaignId: number;
  let mine: number;
  let theirs: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
    mine = await createUnit(t.app.db, { name: 'My Unit' });
    theirs = await createUnit(t.app.db, { name: 'Their Unit' });
  });
  afterEach(async () => t.close());

  it('lists and opens only their unit’s problems; another unit’s is a 403; managing is refused', async () => {
    const own = await createProblem(t, campaignId, mine, { title: 'Our slow counter' });
    const other = await createProblem(t, campaignId, theirs, { title: 'Their rude staff' });
    const { agent } = await signInAs(t, 'unit_officer', { unitId: mine });

    const list = await agent.get(`/staff/problems?campaign=${campaignId}`);
    expect(list.status).toBe(200);
    expect(list.text).toContain('Our slow counter');
    expect(list.text).not.toContain('Their rude staff');
    // Asking for the other unit by filter shows nothing either.
    expect((await agent.get(`/staff/problems?campaign=${campaignId}&unit=${theirs}`)).text).not.toContain(
      'Their rude staff',
    );

    expect((await agent.get(`/staff/problems/${own}`)).status).toBe(200);
    expect((await agent.get(`/staff/problems/${other}`)).status).toBe(403);
    expect((await agent.get(`/staff/problems/${other}/edit`)).status).toBe(403);
    expect((await agent.get(`/staff/problems/999999`)).status).toBe(404);
    const publish = await submitForm(agent, `/staff/problems/${own}`, `/staff/problems/${own}/publish`, {});
    expect(publish.status).toBe(403);
    // The officer's page offers nothing they cannot do, and shows no opinions (they may not read them).
    const page = await agent.get(`/staff/problems/${own}`);
    expect(page.text).not.toContain('/publish');
    expect(page.text).not.toContain('The opinions that raised it');
  });

  it('a supervisor sees the problems of the units they watch', async () => {
    await createProblem(t, campaignId, mine, { title: 'Watched problem' });
    await createProblem(t, campaignId, theirs, { title: 'Unwatched problem' });
    const { agent } = await signInAs(t, 'supervisor', { watches: [mine] });
    const list = await agent.get(`/staff/problems?campaign=${campaignId}`);
    expect(list.text).toContain('Watched problem');
    expect(list.text).not.toContain('Unwatched problem');
  });
});
