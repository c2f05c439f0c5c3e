// Sending the upload form the way a browser does: a multipart body with the CSRF field first,
// then the file part (filename="" and no bytes when no file was chosen).
import type request from 'supertest';
import { expect } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { csrfFrom } from '../helpers/forms.js';

export interface FilePart {
  filename: string;
  data: Buffer;
  /** What the browser claims; the portal ignores it. */
  contentType?: string;
}

/** A browser's multipart/form-data body. Quotes and line breaks in names are escaped the way browsers do. */
export function multipartBody(
  fields: Record<string, string>,
  file: FilePart | null,
): { body: Buffer; contentType: string } {
  const boundary = `----portaltest${Math.random().toString(16).slice(2)}`;
  const escape = (s: string) => s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${escape(name)}"\r\n\r\n${value}\r\n`),
    );
  }
  const f = file ?? { filename: '', data: Buffer.alloc(0), contentType: 'application/octet-stream' };
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${escape(f.filename)}"\r\nContent-Type: ${f.contentType ?? 'application/octet-stream'}\r\n\r\n`,
    ),
    f.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Opens the opinion page (for its CSRF token) and uploads `file` (none: an empty submit) from its form. */
export async function upload(
  agent: request.Agent,
  opinionId: number,
  file: FilePart | null,
  pageUrl = `/staff/opinions/${opinionId}`,
): Promise<request.Response> {
  const page = await agent.get(pageUrl);
  expect(page.status, `GET ${pageUrl}`).toBe(200);
  expect(page.text).toContain(`action="/staff/opinions/${opinionId}/attachments" enctype="multipart/form-data"`);
  const { body, contentType } = multipartBody({ _csrf: csrfFrom(page.text) }, file);
  return agent.post(`/staff/opinions/${opinionId}/attachments`).set('Content-Type', contentType).send(body);
}

/** The ids of the attachments listed on a page, in order. */
export function listedAttachments(html: string): number[] {
  return [...html.matchAll(/<tr data-attachment="(\d+)">/g)].map((m) => Number(m[1]));
}

export async function storedRows(t: TestApp) {
  return t.app.db.selectFrom('attachments').selectAll().orderBy('id').execute();
}
