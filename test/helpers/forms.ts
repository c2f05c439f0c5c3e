// Submitting forms the way a browser does: read the CSRF token off the page, then post.
import type request from 'supertest';
import { expect } from 'vitest';

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}

/**
 * A browser's urlencoded body: a list value repeats its name (a=1&a=2), which the portal's body
 * parser reads as an array. (supertest's .type('form') would write a[0]=1&a[1]=2 instead.)
 */
export function browserBody(fields: Record<string, string | string[]>): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  return body.toString();
}

/** GETs the page holding the form (which sets the CSRF cookie), then posts the fields to `action` as a browser would. */
export async function submitForm(
  agent: request.Agent,
  pageUrl: string,
  action: string,
  fields: Record<string, string | string[]>,
): Promise<request.Response> {
  const page = await agent.get(pageUrl);
  expect(page.status, `GET ${pageUrl} -> ${String(page.headers.location)}`).toBe(200);
  return agent
    .post(action)
    .set('Content-Type', 'application/x-www-form-urlencoded')
    .send(browserBody({ ...fields, _csrf: csrfFrom(page.text) }));
}

/** Undoes the escaping eta applies to attribute values and text. */
export function unescapeHtml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The hidden fields of a page's forms (CSRF token, submission key, ...), as a browser would send them. */
export function hiddenFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    out[m[1]!] = unescapeHtml(m[2]!);
  return out;
}

/** The value of the selected <option> of a <select>, or null. */
export function selectedValue(html: string, field: string): string | null {
  const select = new RegExp(`<select id="field-${field}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (!select) return null;
  const m = /<option value="([^"]*)"[^>]*\sselected>/.exec(select[1]!);
  return m ? unescapeHtml(m[1]!) : null;
}

/** What eta writes for a piece of text. */
export function escaped(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The text of the error message shown next to a field, or null. */
export function fieldError(html: string, field: string): string | null {
  const m = new RegExp(`id="field-${field}-error"[^>]*>(?:<span[^>]*>[^<]*</span>)?([^<]*)<`).exec(html);
  return m ? m[1]!.trim() : null;
}

/** The value an <input> carries back after a failed submission. */
export function inputValue(html: string, field: string): string | null {
  const m = new RegExp(`<input id="field-${field}"[^>]*value="([^"]*)"`).exec(html);
  return m ? m[1]! : null;
}

/** The text inside a <textarea>. */
export function textareaValue(html: string, field: string): string | null {
  const m = new RegExp(`<textarea id="field-${field}"[^>]*>([^<]*)</textarea>`).exec(html);
  return m ? m[1]! : null;
}

/** Hostile and malformed inputs every form is tried with. */
export const HOSTILE = {
  script: '<script>alert("x")</script>',
  sql: "'; DROP TABLE opinions; --",
  html: '<img src=x onerror=alert(1)>',
};
