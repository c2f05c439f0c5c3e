// Anyone can recount a round from its results page alone: the page says exactly what the
// ballots hash is computed over and gives the command; following it on the receipts as the page
// shows them (their text, not the page's attributes) gives the published hash.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signInAs } from '../helpers/factories.js';
import { submitForm, unescapeHtml } from '../helpers/forms.js';
import { issueSlipsOverHttp, openRoundOverHttp, reportedDone, voteOverHttp } from './support.js';

describe('a recount from the results page', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it('following the page’s own words and command on what it shows gives the published hash, in both languages', async () => {
    const r = await reportedDone(t);
    const { agent: coordinator } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const { slips } = await issueSlipsOverHttp(coordinator, roundId, 4);
    for (const [i, choice] of ['satisfied', 'dissatisfied', 'basically_satisfied', 'unable_to_judge'].entries()) {
      expect((await voteOverHttp(t.agent(), slips[i]!.code, { choice, comment: '', confirm: '1' })).status).toBe(200);
    }
    expect(
      (await submitForm(coordinator, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/close`, {})).status,
    ).toBe(303);

    const page = (await t.agent().get(`/rounds/${roundId}/results`).set('Accept-Language', 'en')).text;
    expect(page).toContain(
      'sorted by their bytes (as LC_ALL=C sort does), joined with a line feed, with none after the last line, and encoded in UTF-8',
    );
    const zh = (await t.agent().get(`/rounds/${roundId}/results`).set('Accept-Language', 'zh-CN')).text;
    expect(zh).toContain('最后一行之后没有换行符');

    // The receipts and choice codes as a reader copies them off the page.
    const rows = [
      ...page.matchAll(
        /<code class="receipt-code">([^<]+)<\/code><\/td><td>[^<]*<\/td><td><code class="choice-code">([^<]+)<\/code>/g,
      ),
    ].map((m) => `${m[1]} ${m[2]}`);
    expect(rows).toHaveLength(4);
    const dir = fs.mkdtempSync(path.join(t.dataDir, 'recount-'));
    fs.writeFileSync(path.join(dir, 'votes.txt'), rows.reverse().join('\n') + '\n');
    const command = unescapeHtml(/<code data-recount-command>([^<]+)<\/code>/.exec(page)![1]!);
    const printed = execFileSync('sh', ['-c', command], { cwd: dir, encoding: 'utf8' });
    const published = /data-ballots-hash>([0-9a-f]{64})</.exec(page)![1]!;
    expect(printed.split(/\s/)[0]).toBe(published);
  });
});
