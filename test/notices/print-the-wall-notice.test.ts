// The printable A4 wall notice of one commitment and of a unit's whole list, and the printable
// commitment letter: the measures and deadlines, and a QR code drawn on the server as inline SVG
// (no style attribute, so the CSP holds) that encodes the notice's absolute address, which is
// also printed beside it. The QR is checked by drawing the same address again and comparing.
import QRCode from 'qrcode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QR_OPTIONS } from '../../server/notices/qr.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit } from '../helpers/factories.js';
import { escaped, HOSTILE } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';
import { expectHeadingsInOrder, expectNoInlineScriptOrStyle } from '../opinions/support.js';
import { rectification } from './support.js';

const BASE = 'http://portal.test';
const qrOf = async (address: string) => (await QRCode.toString(address, QR_OPTIONS)).trim();

describe('the printable wall notice and letter', () => {
  let t: TestApp;
  let campaignId: number;
  let unitId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
    unitId = await createUnit(t.app.db, { name: 'Service Hall' });
  });
  afterEach(async () => t.close());

  it('prints one commitment with its measures, deadlines and a QR code of its address', async () => {
    const r = await rectification(t, {
      campaignId,
      unitId,
      title: 'Approvals take months',
      measures: [
        { description: 'Open a second window', owner: 'Hall director', deadline: '2026-11-15' },
        { description: 'Publish waiting times', owner: 'Supervision section', deadline: '2026-12-15' },
      ],
    });
    const res = await t.agent().get(`/notices/${r.id}/poster`);
    expect(res.status).toBe(200);
    const html = res.text;
    const address = `${BASE}/notices/${r.id}`;
    // The QR code is the address, and the address is written beside it.
    expect(html).toContain(await qrOf(address));
    expect(html).toContain(`<span class="sheet-address" data-address>${address}</span>`);
    expect(html).toContain(`aria-label="QR code of the address ${address}"`);
    for (const shown of [
      'Approvals take months',
      'Open a second window',
      'Hall director',
      'Nov 15, 2026',
      'Publish waiting times',
      'Dec 15, 2026',
      'Zhou Ming, deputy director',
      'Dec 31, 2026',
    ])
      expect(html, shown).toContain(shown);
    // Overdue on paper too, in words.
    expect(html).toContain('>Overdue</span>');
    expect(html).toContain('>Past its deadline</span>');

    // Laid out for A4 on paper, and the same sheet on screen; nothing inline that the CSP forbids.
    expect(html).toContain('<link rel="stylesheet" href="/static/css/print.css" media="print">');
    expect(html).not.toMatch(/<svg[^>]*\sstyle=/);
    expectNoInlineScriptOrStyle(html);
    expect(res.headers['content-security-policy']).toContain("style-src 'self'");
    expectHeadingsInOrder(html);
    expect(await htmlProblems(html)).toEqual([]);
    const css = await t.agent().get('/static/css/print.css');
    expect(css.status).toBe(200);
    expect(css.text).toMatch(/@page\s*\{[^}]*size:\s*A4/);

    // In Chinese.
    const zh = await t.agent().get(`/notices/${r.id}/poster`).set('Accept-Language', 'zh-CN');
    expect(zh.text).toContain('整改承诺公示');
    expect(zh.text).toContain('完成时限');
    expect(zh.text).toContain(await qrOf(address));
  });

  it('prints a unit’s whole list of public commitments, each with its own code; nothing of other units or drafts', async () => {
    const first = await rectification(t, {
      campaignId,
      unitId,
      title: 'Queues at the windows',
      committedAt: new Date(t.clock.now().getTime() - 86_400_000),
    });
    const second = await rectification(t, { campaignId, unitId, title: HOSTILE.script, upTo: 'in_progress' });
    await rectification(t, { campaignId, unitId, title: 'Still a draft', upTo: 'draft' });
    const other = await createUnit(t.app.db, { name: 'Talent Office' });
    await rectification(t, { campaignId, unitId: other, title: 'Slow permits' });

    const res = await t.agent().get(`/notices/unit/${unitId}/poster`);
    expect(res.status).toBe(200);
    const html = res.text;
    expect(html).toContain('The commitments of Service Hall');
    expect(
      [...html.matchAll(/<article class="sheet-commitment"[^>]*data-notice="(\d+)"/g)].map((m) => Number(m[1])),
    ).toEqual([first.id, second.id]);
    for (const r of [first, second]) expect(html).toContain(await qrOf(`${BASE}/notices/${r.id}`));
    expect(html).toContain(`${BASE}/notices?unit=${unitId}`);
    expect(html).toContain(escaped(HOSTILE.script));
    expect(html).not.toContain(HOSTILE.script);
    for (const hidden of ['Still a draft', 'Slow permits']) expect(html).not.toContain(hidden);
    expectNoInlineScriptOrStyle(html);
    expect(await htmlProblems(html)).toEqual([]);

    const none = await t.agent().get(`/notices/unit/${await createUnit(t.app.db, { name: 'Quiet Bureau' })}/poster`);
    expect(none.status).toBe(200);
    expect(none.text).toContain('Quiet Bureau has no public commitments yet.');
    for (const path of ['/notices/unit/999999/poster', '/notices/unit/abc/poster'])
      expect((await t.agent().get(path)).status, path).toBe(404);
  });

  it('prints the commitment letter, addressed to every unit, with the measures and the address', async () => {
    const r = await rectification(t, { campaignId, unitId, title: 'Approvals take months' });
    const res = await t.agent().get(`/notices/${r.id}/letter`);
    expect(res.status).toBe(200);
    const html = res.text;
    expect(html).toContain('Commitment letter');
    expect(html).toContain('To every unit');
    expect(html).toContain('Service Hall committed in public to rectify the problem below');
    expect(html).toContain('Publish the approval steps and time limits at every window');
    expect(html).toContain('Owner: Service hall director; deadline: Dec 10, 2026');
    expect(html).toContain(`<a href="${BASE}/notices/${r.id}">${BASE}/notices/${r.id}</a>`);
    expect(html).toContain(await qrOf(`${BASE}/notices/${r.id}`));
    expectNoInlineScriptOrStyle(html);
    expectHeadingsInOrder(html);
    expect(await htmlProblems(html)).toEqual([]);
    const zh = await t.agent().get(`/notices/${r.id}/letter`).set('Accept-Language', 'zh-CN');
    expect(zh.text).toContain('整改承诺函');
    expect(zh.text).toContain('各单位：');
  });
});
