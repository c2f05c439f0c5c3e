// Every kind of event a person reads about (each action the code writes to the audit log, each
// kind of timeline entry) has words in both languages, and the staff pages show those words and
// people's names, never the codes or an email address.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actionKey, AUDIT_ACTIONS } from '../../server/audit/actions.js';
import { TIMELINE_KINDS } from '../../server/audit-log/present.js';
import { LOCALES } from '../../server/config.js';
import { catalogs } from '../../server/i18n/catalog.js';
import { OPINION_STATES } from '../../server/opinions/state.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { submitForm } from '../helpers/forms.js';
import { recordVia, savedCode } from '../inbox/recording.js';
import { createProblem, draftFields, onPage, saveDraft, startFromProblem } from '../rectifications/support.js';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every `'domain.verb'` literal on a line of server code that speaks of an `action`: what the code writes to the log. */
function actionsInCode(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles('server')) {
    if (file === path.join('server', 'audit', 'actions.ts')) continue;
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!/\baction\b/.test(line)) return;
        for (const m of line.matchAll(/['`]([a-z_]+\.[a-z_]+)['`]/g)) found.set(m[1]!, `${file}:${i + 1}`);
      });
  }
  return found;
}

const hasWords = (locale: (typeof LOCALES)[number], key: string) => {
  const text = catalogs()[locale].get(key);
  return typeof text === 'string' && text.trim() !== '' && text !== key;
};

describe('every event kind has words in both languages', () => {
  it('every action the code writes to the audit log is listed, and each has a sentence in English and in Chinese', () => {
    const written = actionsInCode();
    expect(written.size).toBeGreaterThan(50); // the scan does find them
    const listed = new Set<string>(AUDIT_ACTIONS);
    const unlisted = [...written].filter(([a]) => !listed.has(a)).map(([a, where]) => `${a} (${where})`);
    expect(unlisted, 'actions written but not in server/audit/actions.ts').toEqual([]);
    for (const locale of LOCALES) {
      const missing = AUDIT_ACTIONS.filter((a) => !hasWords(locale, actionKey(a)));
      expect(missing, `audit actions without words in ${locale}`).toEqual([]);
    }
    const same = AUDIT_ACTIONS.filter((a) => catalogs().en.get(actionKey(a)) === catalogs()['zh-CN'].get(actionKey(a)));
    expect(same, 'Chinese words that are the English ones').toEqual([]);
  });

  it('every kind of timeline entry has words in both languages, on the public notice and the ballot page', () => {
    for (const locale of LOCALES) {
      for (const kind of Object.keys(TIMELINE_KINDS)) {
        expect(hasWords(locale, `notices.timeline.${kind}`), `notices.timeline.${kind} in ${locale}`).toBe(true);
        expect(hasWords(locale, `evaluations.timeline.${kind}`), `evaluations.timeline.${kind} in ${locale}`).toBe(
          true,
        );
      }
      for (const s of OPINION_STATES)
        expect(hasWords(locale, `states.opinion.${s}`), `states.opinion.${s} in ${locale}`).toBe(true);
    }
  });
});

describe('staff timelines and the audit log show words and names', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it('in Chinese and in English: the action in words, the staff member by name, no code and no email', async () => {
    const campaignId = await createCampaign(t.app.db);
    const unitId = await createUnit(t.app.db, { name: 'Service Hall' });
    const problemId = await createProblem(t, campaignId, unitId, { title: 'Drinking at noon' });
    const { agent: coordinator, user: cora } = await signInAs(t, 'coordinator', { locale: 'zh-CN' });
    const { agent: officer, user: otto } = await signInAs(t, 'unit_officer', { unitId });
    expect(
      (await submitForm(coordinator, `/staff/problems/${problemId}`, `/staff/problems/${problemId}/publish`, {}))
        .status,
    ).toBe(303);
    const id = await startFromProblem(coordinator, problemId);
    expect(
      (
        await saveDraft(
          officer,
          id,
          draftFields({ measures: [{ description: 'Ban it in writing', owner: 'Office', deadline: '2026-11-30' }] }),
        )
      ).status,
    ).toBe(303);
    expect((await onPage(coordinator, id, 'approve')).status).toBe(303);
    expect((await onPage(officer, id, 'progress', { note: 'Signed.', percent: '50' })).status).toBe(303);
    const { agent: admin } = await signInAs(t, 'administrator', { locale: 'zh-CN' });
    // An opinion recorded by the coordinator: its staff page shows its audit entries too.
    const recorded = await recordVia(coordinator, 'hotline', { body: 'The queue is long.', officer_on_duty: 'Li' });
    const opinionId = (
      await t.app.db
        .selectFrom('opinions')
        .select('id')
        .where('tracking_code', '=', savedCode(recorded, 'hotline'))
        .executeTakeFirstOrThrow()
    ).id;

    const pages: { agent: typeof coordinator; url: string; words: string[]; from?: string }[] = [
      { agent: coordinator, url: `/staff/problems/${problemId}`, words: ['公开了该问题。'] },
      {
        agent: coordinator,
        url: `/staff/rectifications/${id}`,
        words: [
          '开始对该问题进行整改。',
          '保存了整改草稿。',
          '公开作出了整改承诺。',
          '开始落实整改。',
          '报告了整改进展。',
        ],
      },
      { agent: admin, url: '/staff/audit', words: ['公开作出了整改承诺。', '报告了整改进展。'] },
      // Its audit section (the page also says who recorded it, with their address, on purpose).
      { agent: coordinator, url: `/staff/opinions/${opinionId}`, words: ['收到该意见。'], from: 'id="audit-title"' },
    ];
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const p of pages) {
        const res = await p.agent.get(p.url).set('Accept-Language', lang);
        expect(res.status, p.url).toBe(200);
        // Only what a person reads: the text between tags, not attributes.
        const text = (p.from ? res.text.slice(res.text.indexOf(p.from)) : res.text).replace(/<[^>]*>/g, ' ');
        if (lang === 'zh-CN') for (const w of p.words) expect(text, `${p.url} in ${lang}`).toContain(w);
        expect(text, `${p.url}: a name, not an email`).toContain(cora.name);
        for (const who of [cora, otto]) expect(text, `${p.url}: no email`).not.toContain(who.email);
        for (const code of AUDIT_ACTIONS) expect(text, `${p.url} in ${lang}`).not.toContain(code);
      }
    }
  });
});
