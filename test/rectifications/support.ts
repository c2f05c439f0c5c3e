// What the rectification tests share: a problem to rectify, and the draft form filled in the
// way a browser sends it.
import type request from 'supertest';
import { expect } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { submitForm } from '../helpers/forms.js';
import { createProblem } from '../problems/support.js';

export { createProblem };

export interface MeasureFields {
  description: string;
  owner: string;
  deadline: string;
  id?: number;
  remove?: boolean;
}

/** The draft form's fields: the person, the target date and measure rows 0, 1, … */
export function draftFields(o: {
  person?: string;
  target?: string;
  measures: MeasureFields[];
}): Record<string, string> {
  const fields: Record<string, string> = {
    responsible_person: o.person ?? 'Wang Fang, deputy director',
    target_date: o.target ?? '2026-12-31',
  };
  o.measures.forEach((m, i) => {
    if (m.id !== undefined) fields[`measures_${i}_id`] = String(m.id);
    fields[`measures_${i}_description`] = m.description;
    fields[`measures_${i}_owner`] = m.owner;
    fields[`measures_${i}_deadline`] = m.deadline;
    if (m.remove) fields[`measures_${i}_remove`] = '1';
  });
  return fields;
}

/** Starts the rectification of a problem from its page; returns the rectification's id. */
export async function startFromProblem(agent: request.Agent, problemId: number): Promise<number> {
  const res = await submitForm(agent, `/staff/problems/${problemId}`, '/staff/rectifications', {
    problem_id: String(problemId),
  });
  expect(res.status, res.text.slice(0, 300)).toBe(303);
  const m = /^\/staff\/rectifications\/(\d+)\/edit$/.exec(String(res.headers.location));
  expect(m, String(res.headers.location)).not.toBeNull();
  return Number(m![1]);
}

export function saveDraft(agent: request.Agent, id: number, fields: Record<string, string>) {
  return submitForm(agent, `/staff/rectifications/${id}/edit`, `/staff/rectifications/${id}/draft`, fields);
}

export function onPage(
  agent: request.Agent,
  id: number,
  action: 'approve' | 'progress' | 'done',
  fields: Record<string, string | string[]> = {},
) {
  return submitForm(agent, `/staff/rectifications/${id}`, `/staff/rectifications/${id}/${action}`, fields);
}

export async function rectificationRow(t: TestApp, id: number) {
  return t.app.db.selectFrom('rectifications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function measureIds(t: TestApp, id: number): Promise<number[]> {
  return (
    await t.app.db.selectFrom('measures').select('id').where('rectification_id', '=', id).orderBy('position').execute()
  ).map((m) => m.id);
}
