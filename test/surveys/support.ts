// What the questionnaire tests share: a campaign and unit, a questionnaire built through the
// coordinator's pages, and answering it the way a browser does.
import type request from 'supertest';
import { expect } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { createCampaign, createUnit } from '../helpers/factories.js';
import { browserBody, csrfFrom, hiddenFields, submitForm } from '../helpers/forms.js';

export interface Built {
  id: number;
  campaignId: number;
  unitId: number;
  /** The question ids, in order. */
  questions: number[];
}

export const QUESTIONS = [
  { kind: 'single', prompt: 'How did you contact us?', required: '1', options: 'Hotline\nVisit\nLetter' },
  {
    kind: 'multiple',
    prompt: 'Which services did you use?',
    required: '',
    options: 'Permits\nHousing\nPensions\nOther',
  },
  { kind: 'rating', prompt: 'How satisfied are you?', required: '1', options: '' },
  { kind: 'text', prompt: 'What should change?', required: '', options: '' },
];

export async function questionIds(t: TestApp, surveyId: number): Promise<number[]> {
  return (
    await t.app.db
      .selectFrom('survey_questions')
      .select('id')
      .where('survey_id', '=', surveyId)
      .orderBy('position')
      .execute()
  ).map((r) => r.id);
}

/** Builds a questionnaire through the pages: details, the four kinds of question, published unless told not to. */
export async function buildOverHttp(
  t: TestApp,
  coordinator: request.Agent,
  o: {
    access?: 'anyone' | 'codes';
    opensOn?: string;
    closesOn?: string;
    publish?: boolean;
    template?: 'none' | 'three_degree';
    questions?: typeof QUESTIONS;
  } = {},
): Promise<Built> {
  const campaignId = await createCampaign(t.app.db);
  const unitId = await createUnit(t.app.db, { name: 'Service Hall' });
  const res = await submitForm(coordinator, '/staff/questionnaires/new', '/staff/questionnaires', {
    title: 'Service hall survey',
    introduction: 'Tell us how the service hall treated you.',
    campaign_id: String(campaignId),
    unit_id: String(unitId),
    opens_on: o.opensOn ?? '2026-11-01',
    closes_on: o.closesOn ?? '2026-11-30',
    access: o.access ?? 'anyone',
    template: o.template ?? 'none',
  });
  expect(res.status, res.text.slice(0, 1000)).toBe(303);
  const id = Number(/^\/staff\/questionnaires\/(\d+)$/.exec(String(res.headers.location))![1]);
  // The builder says it was made, in the coordinator's language, once.
  expect(flashOf((await coordinator.get(String(res.headers.location))).text)).toMatch(
    /^(The draft questionnaire was created\.|问卷草稿已创建。)$/,
  );
  if ((o.template ?? 'none') === 'none') {
    for (const q of o.questions ?? QUESTIONS) {
      const added = await submitForm(
        coordinator,
        `/staff/questionnaires/${id}`,
        `/staff/questionnaires/${id}/questions`,
        q,
      );
      expect(added.status, added.text.slice(0, 1000)).toBe(303);
    }
  }
  if (o.publish ?? true) {
    const published = await submitForm(
      coordinator,
      `/staff/questionnaires/${id}`,
      `/staff/questionnaires/${id}/publish`,
      {},
    );
    expect(published.status).toBe(303);
  }
  return { id, campaignId, unitId, questions: await questionIds(t, id) };
}

/** Opens the public form (with its code, if any) and sends these answers from the same client. */
export async function answerOverHttp(
  agent: request.Agent,
  surveyId: number,
  answers: Record<string, string | string[]>,
  code?: string,
): Promise<request.Response> {
  const page = await agent.get(`/questionnaires/${surveyId}${code ? `?code=${encodeURIComponent(code)}` : ''}`);
  // A used code's page has no form: the token comes from the questionnaire's own page, as from an old tab.
  const withForm = page.text.includes('name="_csrf"') ? page : await agent.get(`/questionnaires/${surveyId}`);
  const fields: Record<string, string> = withForm.text.includes('name="_csrf"')
    ? { _csrf: csrfFrom(withForm.text) }
    : {};
  return agent
    .post(`/questionnaires/${surveyId}`)
    .set('Content-Type', 'application/x-www-form-urlencoded')
    .send(browserBody({ ...fields, ...(code !== undefined ? { code } : {}), ...answers }));
}

/** Posts a form of the page at `pageUrl` with that page's hidden fields (CSRF token, issue key). */
/** The one-time confirmation the layout shows after a redirect (views/partials/flash.eta), or null. */
export function flashOf(html: string): string | null {
  return /<div class="notice notice-success" role="status"><p>([^<]*)<\/p><\/div>/.exec(html)?.[1] ?? null;
}

export async function postFrom(
  agent: request.Agent,
  pageUrl: string,
  action: string,
  fields: Record<string, string | string[]>,
): Promise<request.Response> {
  const page = await agent.get(pageUrl);
  expect(page.status, `GET ${pageUrl}`).toBe(200);
  const hidden = hiddenFields(page.text);
  return agent
    .post(action)
    .set('Content-Type', 'application/x-www-form-urlencoded')
    .send(
      browserBody({ _csrf: hidden._csrf!, ...(hidden.issue_key ? { issue_key: hidden.issue_key } : {}), ...fields }),
    );
}

/** The slips on the printable page: each grouped code and the address its QR code opens. */
export function slipsOn(html: string): Array<{ code: string; grouped: string; address: string }> {
  return [...html.matchAll(/<li class="slip" data-slip>([\s\S]*?)<\/li>/g)].map((m) => {
    const grouped = /<span data-code>([^<]+)<\/span>/.exec(m[1]!)![1]!;
    const address = /<p class="slip-address" data-address>([^<]+)<\/p>/.exec(m[1]!)![1]!;
    return { grouped, code: grouped.replace(/-/g, ''), address };
  });
}
