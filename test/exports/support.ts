// What the export tests share: opinions in place before the download, and reading the download.
import { parse } from 'csv-parse/sync';
import type request from 'supertest';
import { expect } from 'vitest';
import type { Channel } from '../../server/opinions/channels.js';
import type { NewOpinion } from '../../server/opinions/service.js';
import type { TestApp } from '../helpers/app.js';
import { seedOpinion } from '../inbox/recording.js';

/** An opinion acknowledged the way every channel's are: a hotline call unless told otherwise. */
export async function seed(t: TestApp, o: Partial<NewOpinion> & { campaignId: number; channel?: Channel }) {
  return seedOpinion(t, { channel: 'hotline', body: 'An opinion.', ...o });
}

export interface Download {
  res: request.Response;
  bytes: Buffer;
  /** The text after the byte-order mark. */
  text: string;
  rows: string[][];
  header: string[];
  /** Rows as objects keyed by the header. */
  records: Array<Record<string, string>>;
}

/** GETs a CSV and reads it back as spreadsheet software would. */
export async function download(agent: request.Agent, url: string, lang?: string): Promise<Download> {
  let req = agent
    .get(url)
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
  if (lang) req = req.set('Accept-Language', lang);
  const res = await req;
  const bytes = Buffer.isBuffer(res.body) ? res.body : Buffer.from(res.text ?? '');
  const bom = bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]));
  const text = (bom ? bytes.subarray(3) : bytes).toString('utf8');
  const rows = res.status === 200 ? readStrictly(text) : [];
  const [header = [], ...body] = rows;
  const records = body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
  if (res.status === 200) expect(bom, 'starts with a UTF-8 byte-order mark').toBe(true);
  return { res, bytes, text, rows, header, records };
}

/**
 * Reads CSV as the strictest common reader does: any of CRLF, LF or CR ends an unquoted record
 * (as Python's csv module and most spreadsheets take them), no stray quote, and every record as
 * wide as the header. Throws on the first record that is not.
 */
export function readStrictly(text: string): string[][] {
  const rows = parse(text, {
    relax_column_count: false,
    relax_quotes: false,
    record_delimiter: ['\r\n', '\n', '\r'],
    skip_empty_lines: false,
  }) as string[][];
  const width = rows[0]?.length ?? 0;
  rows.forEach((r, i) => expect(r.length, `record ${i + 1} is as wide as the header`).toBe(width));
  return rows;
}
