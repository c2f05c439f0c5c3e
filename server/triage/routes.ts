// Triage pages for coordinators: one opinion at a time with the similar opinions and problems
// beside it, a queue that moves to the next unsorted opinion, and linking several at once.
import { formErrors, valueOf } from '../web/refusals.js';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { opinionScope } from '../accounts/permissions.js';
import { campaignInView, currentCampaigns } from '../campaigns/service.js';
import { echoValues, validateForm, type FieldErrors } from '../forms/validate.js';
import { allowedMoves } from '../opinions/state.js';
import { CATEGORIES } from '../opinions/categories.js';
import { LEVELS } from '../problems/levels.js';
import { CADRE_NAME_MAX, PROBLEM_DESCRIPTION_MAX, PROBLEM_TITLE_MAX, REASON_MAX } from '../problems/schemas.js';
import { groupCode } from '../shared/codes.js';
import type { Refusal } from '../shared/result.js';
import { idParam, staffActor, staffUser, bodyOf, type Body } from '../web/requests.js';
import { unitOptions } from '../units/service.js';
import { BulkLinkForm, OUTCOMES, readTarget, readTriageForm, ReopenForm, type OutcomeChoice } from './schemas.js';
import {
  chosenOpinions,
  linkOpinions,
  nextWaiting,
  opinionToTriage,
  reopenOpinion,
  triageOpinion,
  triageView,
} from './service.js';

type Query = Record<string, unknown>;

const SIMILAR_LIMIT = 8;

/** The labels of a new problem's fields on a triage form, where they carry the `problem_` prefix. */
const newProblemLabels = (req: FastifyRequest) => ({
  problem_title: req.t('problems.fields.title'),
  problem_description: req.t('problems.fields.description'),
  problem_level: req.t('problems.fields.level'),
  problem_unit_id: req.t('problems.fields.unit'),
  problem_category: req.t('problems.fields.category'),
  problem_cadre_name: req.t('problems.fields.cadreName'),
});

/** Which outcomes the form offers for an opinion in this state (the state table decides). */
function outcomesFor(state: Parameters<typeof allowedMoves>[0]): OutcomeChoice[] {
  const moves = allowedMoves(state);
  return OUTCOMES.filter((o) => {
    if (o === 'keep') return true;
    if (o === 'link' || o === 'new_problem') return state === 'linked' || moves.includes('linked');
    return moves.includes(o);
  });
}

/** The field errors of a refused triage, for the same form shown again: a move the opinion's state does not allow is said at `field`. */
function triageErrors(r: Refusal<'state'>, field: 'outcome' | '_form'): FieldErrors {
  return r.refusal === 'conflict' ? { [field]: { key: 'triage.errors.notNow' } } : formErrors(r);
}

const routes: FastifyPluginAsync = async (app) => {
  const permission = { config: { permission: 'opinions.triage' as const } };

  async function triagePage(
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Body | null,
    errors: FieldErrors,
    status: number,
  ) {
    const view = valueOf(await triageView(app.db, id, opinionScope(staffUser(req)), SIMILAR_LIMIT));
    const { opinion, openProblems: open, similar, similarProblems, waiting } = view;
    const units = await unitOptions(app.db);
    const titles = new Map(open.map((p) => [p.id, p.title]));
    const outcomes = outcomesFor(opinion.state);
    const defaults = {
      unit_id: opinion.unit_id ?? '',
      category: opinion.category ?? '',
      outcome: opinion.state === 'linked' || outcomes.length === 1 ? 'keep' : 'link',
      problem_id: opinion.problem_id ?? similarProblems[0]?.id ?? '',
      problem_unit_id: opinion.unit_id ?? '',
      problem_level: 'unit',
    };
    return reply.page(
      'triage/opinion',
      {
        title: req.t('triage.page.title', { id }),
        opinion,
        code: groupCode(opinion.tracking_code),
        values: values ?? defaults,
        errors,
        labels: {
          unit_id: req.t('triage.fields.unit'),
          category: req.t('triage.fields.category'),
          outcome: req.t('triage.fields.outcome'),
          problem_id: req.t('triage.fields.problem'),
          duplicate_of: req.t('triage.fields.duplicateOf'),
          reason: req.t('triage.fields.reason'),
          ...newProblemLabels(req),
          ids: req.t('triage.fields.opinions'),
          reopen_reason: req.t('triage.fields.reopenReason'),
        },
        units,
        categories: CATEGORIES,
        levels: LEVELS,
        outcomes,
        openProblems: open,
        similar: similar.map((s) => ({
          ...s,
          problemTitle: s.problem_id !== null ? (titles.get(s.problem_id) ?? null) : null,
        })),
        similarProblems,
        currentProblemTitle: view.currentProblemTitle,
        waiting,
        max: {
          title: PROBLEM_TITLE_MAX,
          description: PROBLEM_DESCRIPTION_MAX,
          cadre: CADRE_NAME_MAX,
          reason: REASON_MAX,
        },
        canReopen: opinion.state !== 'received' && opinion.state !== 'triaged',
      },
      status,
    );
  }

  /** Where to go after an opinion is settled: the next one waiting, or the empty queue. */
  async function nextAfter(campaignId: number, id: number): Promise<string> {
    const next = await nextWaiting(app.db, campaignId, id);
    return next === null ? `/staff/triage?campaign=${campaignId}` : `/staff/triage/${next}`;
  }

  // The queue: the oldest unsorted opinion of the campaign, or a page saying there is none.
  app.get<{ Querystring: Query }>('/triage', permission, async (req, reply) => {
    const asked =
      typeof req.query.campaign === 'string' && /^[1-9]\d{0,9}$/.test(req.query.campaign)
        ? Number(req.query.campaign)
        : null;
    const now = app.clock.now();
    const campaign =
      asked !== null
        ? valueOf(await campaignInView(app.db, now, app.config.timeZone, asked)).campaign
        : (await currentCampaigns(app.db, now, app.config.timeZone))[0];
    const next = campaign ? await nextWaiting(app.db, campaign.id) : null;
    if (next !== null) return reply.redirect(`/staff/triage/${next}`);
    return reply.page('triage/done', { title: req.t('triage.done.title'), campaign: campaign ?? null });
  });

  app.get<{ Params: { id: string } }>('/triage/:id', permission, async (req, reply) =>
    triagePage(req, reply, idParam(req.params.id), null, {}, 200),
  );

  app.post<{ Params: { id: string } }>('/triage/:id', permission, async (req, reply) => {
    const id = idParam(req.params.id);
    const opinion = valueOf(await opinionToTriage(app.db, id));
    const body = bodyOf(req);
    const form = readTriageForm(body, opinion.campaign_id);
    if (!form.ok) return triagePage(req, reply, id, echoValues(body), form.errors, 422);
    const result = await triageOpinion(app.db, staffActor(req), app.clock.now(), id, form.data.sort, form.data.outcome);
    if (!result.ok) return triagePage(req, reply, id, echoValues(body), triageErrors(result, 'outcome'), 422);
    reply.flash('flash.triaged');
    return reply.redirect(await nextAfter(opinion.campaign_id, id), 303);
  });

  app.post<{ Params: { id: string } }>('/triage/:id/reopen', permission, async (req, reply) => {
    const id = idParam(req.params.id);
    valueOf(await opinionToTriage(app.db, id));
    const body = bodyOf(req);
    const form = validateForm(ReopenForm, body);
    if (!form.ok) return triagePage(req, reply, id, echoValues(body), form.errors, 422);
    const result = await reopenOpinion(app.db, staffActor(req), app.clock.now(), id, form.data.reopen_reason);
    if (!result.ok) return triagePage(req, reply, id, echoValues(body), triageErrors(result, '_form'), 422);
    reply.flash('flash.reopened');
    return reply.redirect(`/staff/triage/${id}`, 303);
  });

  // Several at once: the inbox's chosen opinions, confirmed on one page, linked to one problem.
  async function bulkPage(
    req: FastifyRequest,
    reply: FastifyReply,
    ids: number[],
    values: Body,
    errors: FieldErrors,
    status: number,
  ) {
    const { rows, campaignId, openProblems: open } = valueOf(await chosenOpinions(app.db, ids));
    const units = await unitOptions(app.db);
    return reply.page(
      'triage/bulk',
      {
        title: req.t('triage.bulk.title', { count: rows.length }),
        rows,
        campaignId,
        values,
        errors,
        labels: {
          ids: req.t('triage.fields.opinions'),
          target: req.t('triage.bulk.target'),
          problem_id: req.t('triage.fields.problem'),
          ...newProblemLabels(req),
        },
        units,
        categories: CATEGORIES,
        levels: LEVELS,
        openProblems: open,
        max: { title: PROBLEM_TITLE_MAX, description: PROBLEM_DESCRIPTION_MAX, cadre: CADRE_NAME_MAX },
      },
      status,
    );
  }

  app.get<{ Querystring: Query }>('/triage/bulk', permission, async (req, reply) => {
    const form = validateForm(BulkLinkForm, { ids: req.query.ids });
    if (!form.ok || form.data.ids.length === 0) {
      reply.flash('flash.chooseOpinions');
      return reply.redirect('/staff/opinions');
    }
    return bulkPage(req, reply, form.data.ids, { target: 'existing' }, {}, 200);
  });

  app.post('/triage/bulk', permission, async (req, reply) => {
    const body = bodyOf(req);
    const form = validateForm(BulkLinkForm, body);
    if (!form.ok || form.data.ids.length === 0) {
      reply.flash('flash.chooseOpinions');
      return reply.redirect('/staff/opinions', 303);
    }
    const { ids, problem_id: problemId, target: kind } = form.data;
    const { campaignId } = valueOf(await chosenOpinions(app.db, ids));
    if (kind === 'existing' && problemId === null)
      return bulkPage(req, reply, ids, echoValues(body), { problem_id: { key: 'triage.errors.chooseProblem' } }, 422);
    const target = readTarget(body, kind === 'new', problemId, campaignId);
    if (!target.ok) return bulkPage(req, reply, ids, echoValues(body), target.errors, 422);
    const result = await linkOpinions(app.db, staffActor(req), app.clock.now(), ids, target.data);
    if (!result.ok) return bulkPage(req, reply, ids, echoValues(body), formErrors(result), 422);
    reply.flash('flash.linked');
    return reply.redirect(`/staff/problems/${result.value.problemId}`, 303);
  });
};

export default routes;
