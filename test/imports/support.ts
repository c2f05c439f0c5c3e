// What the import tests share: uploading a file through the real form (multipart, CSRF token
// first, as a browser sends it), reading the preview page, and importing.
import type request from 'supertest';
import { expect } from 'vitest';
import { csrfFrom, unescapeHtml } from '../helpers/forms.js';

export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A CSV file's bytes from lines (joined with CRLF, as spreadsheets write them). */
export function csv(lines: string[], o: { bom?: boolean } = {}): Buffer {
  const body = Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
  return o.bom ? Buffer.concat([UTF8_BOM, body]) : body;
}

export interface Upload {
  campaignId: number | string;
  channel: string;
  data?: Buffer;
  filename?: string;
}

/** Opens the import page and sends the form with the file. */
export async function upload(agent: request.Agent, u: Upload): Promise<request.Response> {
  const page = await agent.get('/staff/imports');
  expect(page.status, 'GET /staff/imports').toBe(200);
  let req = agent
    .post('/staff/imports')
    .field('_csrf', csrfFrom(page.text))
    .field('campaign_id', String(u.campaignId))
    .field('channel', u.channel);
  if (u.data) req = req.attach('file', u.data, u.filename ?? 'opinions.csv');
  return req;
}

/** Uploads, expects the redirect to the preview, and returns the import's id. */
export async function uploadOk(agent: request.Agent, u: Upload): Promise<number> {
  const res = await upload(agent, u);
  const problem = /id="field-file-error"[^>]*>([\s\S]*?)<\/p>/.exec(res.text)?.[1] ?? '';
  expect(res.status, problem).toBe(303);
  const m = /^\/staff\/imports\/(\d+)$/.exec(String(res.headers.location));
  expect(m, String(res.headers.location)).not.toBeNull();
  return Number(m![1]);
}

/** The preview's counts. */
export function counts(html: string): Record<'ready' | 'existing' | 'repeated' | 'invalid', number> {
  const n = (k: string) => {
    const m = new RegExp(`<li data-count="${k}">[\\s\\S]*?<span class="count">([^<]*)</span>`).exec(html);
    expect(m, `count ${k}`).not.toBeNull();
    return Number(m![1]!.replace(/[^\d]/g, ''));
  };
  return { ready: n('ready'), existing: n('existing'), repeated: n('repeated'), invalid: n('invalid') };
}

export interface PreviewRow {
  row: number;
  status: string;
  /** The whole cell of the result, as text. */
  result: string;
  problems: string[];
}

/** The preview table's rows. */
export function previewRows(html: string): PreviewRow[] {
  return [...html.matchAll(/<tr data-row="(\d+)" data-status="(\w+)">([\s\S]*?)<\/tr>/g)].map((m) => {
    const cells = [...m[3]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => c[1]!);
    const last = cells[cells.length - 1] ?? '';
    const problems = [...last.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((p) =>
      unescapeHtml(p[1]!.replace(/<[^>]+>/g, '')).trim(),
    );
    return {
      row: Number(m[1]),
      status: m[2]!,
      result: unescapeHtml(last.replace(/<[^>]+>/g, ' '))
        .replace(/\s+/g, ' ')
        .trim(),
      problems,
    };
  });
}

/** Presses "Import N opinions" (or "Discard") on the preview page, as a browser would. */
export async function press(
  agent: request.Agent,
  importId: number,
  action: 'commit' | 'discard',
): Promise<request.Response> {
  const page = await agent.get(`/staff/imports/${importId}`);
  expect(page.status).toBe(200);
  return agent
    .post(`/staff/imports/${importId}/${action}`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text) });
}

/** Uploads and imports a file that has no problems; returns the import's id. */
export async function importFile(agent: request.Agent, u: Upload): Promise<number> {
  const id = await uploadOk(agent, u);
  const res = await press(agent, id, 'commit');
  expect(res.status, res.text.slice(0, 500)).toBe(303);
  expect(res.headers.location).toBe(`/staff/imports/${id}`);
  return id;
}

/** The message next to the file field, or null. */
export function fileError(html: string): string | null {
  const m = /id="field-file-error"[^>]*>(?:<span[^>]*>[^<]*<\/span>)?([^<]*)</.exec(html);
  return m ? unescapeHtml(m[1]!).trim() : null;
}
