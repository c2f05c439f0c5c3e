// Form posts exactly as a browser makes them. supertest's .type('form') writes arrays in qs
// style (name[0]=a&name[1]=b), which a browser never does: a browser repeats the name, and
// the portal's body parser turns a repeated name into an array. These helpers do the same.
import type request from 'supertest';
import { expect } from 'vitest';
import { csrfFrom } from '../helpers/forms.js';

/** A browser's urlencoded body: a list value repeats its name. */
export function browserBody(fields: Record<string, string | string[]>): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  return body.toString();
}

/** GETs the page holding the form (for its CSRF token), then posts the fields as a browser would. */
export async function postAsBrowser(
  agent: request.Agent,
  pageUrl: string,
  action: string,
  fields: Record<string, string | string[]>,
): Promise<request.Response> {
  const page = await agent.get(pageUrl);
  expect(page.status, `GET ${pageUrl}`).toBe(200);
  return agent
    .post(action)
    .set('Content-Type', 'application/x-www-form-urlencoded')
    .send(browserBody({ ...fields, _csrf: csrfFrom(page.text) }));
}

/** The value of the selected <option> of a <select>, or null. */
export function selectedValue(html: string, field: string): string | null {
  const select = new RegExp(`<select id="field-${field}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (!select) return null;
  const m = /<option value="([^"]*)" selected>/.exec(select[1]!);
  return m ? m[1]! : null;
}

/** What eta writes for a piece of text. */
export function escaped(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
