// Submitting forms the way a browser does: read the CSRF token off the page, then post.
import type request from 'supertest';
import { expect } from 'vitest';

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}

/** GETs the page holding the form (which sets the CSRF cookie), then posts the fields to `action`. */
export async function submitForm(
  agent: request.Agent,
  pageUrl: string,
  action: string,
  fields: Record<string, string | string[]>,
): Promise<request.Response> {
  const page = await agent.get(pageUrl);
  expect(page.status, `GET ${pageUrl}`).toBe(200);
  return agent
    .post(action)
    .type('form')
    .send({ ...fields, _csrf: csrfFrom(page.text) });
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
