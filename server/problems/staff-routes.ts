// Staff pages for problems: the list (each reader sees the units they may), one problem with
// the opinions that raised it, and the coordinator's edit, merge, split and publish.
import { formErrors, refuse, valueOf } from '../web/refusals.js';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { can, opinionScope, problemScope } from '../accounts/permissions.js';
import { campaignInView, currentCampaigns } from '../campaigns/service.js';
import { echoValues, validateForm, type FieldErrors } from '../forms/validate.js';
import { inScope } from '../opinions/service.js';
import { rectificationOfProblem } from '../rectifications/service.js';
import { notFound } from '../shared/result.js';
import { idParam, staffActor, staffUser, bodyOf, type Body } from '../web/requests.js';
import { unitOptions } from '../units/service.js';
import { CATEGORIES } from '../opinions/categories.js';
import { isLevel, LEVELS } from './levels.js';
import {
  CADRE_NAME_MAX,
  MergeForm,
  PROBLEM_DESCRIPTION_MAX,
  PROBLEM_TITLE_MAX,
  ProblemForm,
  Reason,
  REASON_MAX,
} from './schemas.js';
import {
  createProblem,
  isPublic,
  linkedOpinions,
  listProblems,
  mergeProblem,
  openProblems,
  problemExists,
  problemForEdit,
  problemForStaff,
  setPublished,
  splitProblem,
  updateProblem,
  type ProblemChange,
  type ProblemConflict,
} from './service.js';

type Query = Record<string, unknown>;
const isId = (v: unknown): v is string => typeof v === 'string' && /^[1-9]\d{0,9}$/.test(v);

const LINKED_SHOWN = 200;
/** What the problem page says when a change cannot happen in the problem's state. */
const CONFLICT_ERRORS: Record<ProblemConflict, string> = {
  already_merged: 'problems.errors.alreadyMerged',
  not_merged: 'problems.errors.notMerged',
  merged: 'problems.errors.mergedNotPublished',
};

const max = {
  title: PROBLEM_TITLE_MAX,
  description: PROBLEM_DESCRIPTION_MAX,
  cadre: CADRE_NAME_MAX,
  reason: REASON_MAX,
};

const routes: FastifyPluginAsync = async (app) => {
  const read = { config: { permission: 'problems.read' as const } };
  const manage = { config: { permission: 'problems.manage' as const } };

  app.get<{ Querystring: Query }>('/problems', read, async (req, reply) => {
    const user = staffUser(req);
    const { campaign, campaigns } = valueOf(
      await campaignInView(
        app.db,
        app.clock.now(),
        app.config.timeZone,
        isId(req.query.campaign) ? Number(req.query.campaign) : undefined,
      ),
    );
    const level = isLevel(req.query.level) ? req.query.level : undefined;
    const unitId = isId(req.query.unit) ? Number(req.query.unit) : undefined;
    const includeMerged = req.query.merged === '1';
    const rows = campaign
      ? await listProblems(app.db, { campaignId: campaign.id, level, unitId, includeMerged }, problemScope(user))
      : [];
    return reply.page('problems/list', {
      title: req.t('problems.list.title'),
      campaign: campaign ?? null,
      campaigns,
      units: await unitOptions(app.db),
      levels: LEVELS,
      rows,
      values: {
        campaign: campaign?.id ?? '',
        level: level ?? '',
        unit: unitId ?? '',
        merged: includeMerged ? '1' : '',
      },
      errors: {},
    });
  });

  async function formPage(
    req: FastifyRequest,
    reply: FastifyReply,
    action: string,
    values: Body,
    errors: FieldErrors,
    status: number,
    campaignName: string,
  ) {
    return reply.page(
      'problems/form',
      {
        title: req.t(action === '/staff/problems' ? 'problems.form.newTitle' : 'problems.form.editTitle'),
        action,
        campaignName,
        values,
        errors,
        labels: {
          title: req.t('problems.fields.title'),
          description: req.t('problems.fields.description'),
          level: req.t('problems.fields.level'),
          unit_id: req.t('problems.fields.unit'),
          category: req.t('problems.fields.category'),
          cadre_name: req.t('problems.fields.cadreName'),
          campaign_id: req.t('problems.fields.campaign'),
        },
        units: await unitOptions(app.db),
        categories: CATEGORIES,
        levels: LEVELS,
        max,
      },
      status,
    );
  }

  app.get<{ Querystring: Query }>('/problems/new', manage, async (req, reply) => {
    const now = app.clock.now();
    const campaign = isId(req.query.campaign)
      ? valueOf(await campaignInView(app.db, now, app.config.timeZone, Number(req.query.campaign))).campaign
      : (await currentCampaigns(app.db, now, app.config.timeZone))[0];
    if (!campaign) return refuse(notFound());
    return formPage(req, reply, '/staff/problems', { campaign_id: campaign.id, level: 'unit' }, {}, 200, campaign.name);
  });

  app.post('/problems', manage, async (req, reply) => {
    const body = bodyOf(req);
    if (!isId(body.campaign_id)) return refuse(notFound());
    const { campaign } = valueOf(
      await campaignInView(app.db, app.clock.now(), app.config.timeZone, Number(body.campaign_id)),
    );
    if (!campaign) return refuse(notFound());
    const form = validateForm(ProblemForm, body);
    const result = form.ok
      ? await createProblem(app.db, staffActor(req), app.clock.now(), campaign.id, form.data)
      : form;
    if (!result.ok)
      return formPage(req, reply, '/staff/problems', echoValues(body), formErrors(result), 422, campaign.name);
    reply.flash('flash.problemCreated');
    return reply.redirect(`/staff/problems/${result.value.id}`, 303);
  });

  async function problemPage(
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Body,
    errors: FieldErrors,
    status: number,
  ) {
    const user = staffUser(req);
    const found = valueOf(await problemForStaff(app.db, id, problemScope(user)));
    // The opinions themselves only for those who may read opinions, and only those in their scope.
    const scope = opinionScope(user);
    const linked = can(user, 'opinions.read')
      ? (await linkedOpinions(app.db, found.familyIds, LINKED_SHOWN)).filter((o) => inScope(scope, o))
      : null;
    const open = can(user, 'problems.manage')
      ? (await openProblems(app.db, found.problem.campaign_id)).filter((p) => p.id !== id)
      : [];
    const rectification = await rectificationOfProblem(app.db, id);
    return reply.page(
      'problems/show',
      {
        title: found.problem.title,
        ...found,
        rectification: rectification ?? null,
        linked,
        mergeTargets: open,
        values,
        errors,
        labels: {
          target_id: req.t('problems.merge.target'),
          reason: req.t('problems.fields.reason'),
          split_reason: req.t('problems.fields.reason'),
        },
        max,
        // Where the public can see it, if it is there.
        publicPath: isPublic(found.problem) ? `/problems/${id}` : null,
      },
      status,
    );
  }

  app.get<{ Params: { id: string } }>('/problems/:id', read, async (req, reply) =>
    problemPage(req, reply, idParam(req.params.id), {}, {}, 200),
  );

  app.get<{ Params: { id: string } }>('/problems/:id/edit', manage, async (req, reply) => {
    const { problem, campaignName } = valueOf(await problemForEdit(app.db, idParam(req.params.id)));
    const values = { ...problem, category: problem.category ?? '', cadre_name: problem.cadre_name ?? '' };
    return formPage(req, reply, `/staff/problems/${problem.id}`, values, {}, 200, campaignName);
  });

  app.post<{ Params: { id: string } }>('/problems/:id', manage, async (req, reply) => {
    const id = idParam(req.params.id);
    const { campaignName } = valueOf(await problemForEdit(app.db, id));
    const body = bodyOf(req);
    const form = validateForm(ProblemForm, body);
    const result = form.ok ? await updateProblem(app.db, staffActor(req), app.clock.now(), id, form.data) : form;
    if (!result.ok)
      return formPage(req, reply, `/staff/problems/${id}`, echoValues(body), formErrors(result), 422, campaignName);
    reply.flash('flash.problemSaved');
    return reply.redirect(`/staff/problems/${id}`, 303);
  });

  /** A change from the problem page: done (back to a page with a notice) or the page again with its errors. */
  async function settle(
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    result: ProblemChange | { ok: false; errors: FieldErrors },
    flash: string,
    errorPrefix = '',
  ) {
    if (!result.ok) {
      // A change the problem's state does not allow is said on the page, like a form error.
      const refused =
        'refusal' in result && result.refusal === 'conflict'
          ? { _form: { key: CONFLICT_ERRORS[result.reason] } }
          : formErrors(result);
      const errors = Object.fromEntries(
        Object.entries(refused).map(([k, e]) => [k === '_form' ? k : errorPrefix + k, e]),
      );
      return problemPage(req, reply, id, echoValues(bodyOf(req)), errors, 422);
    }
    reply.flash(flash);
    return reply.redirect(`/staff/problems/${result.value.id}`, 303);
  }

  /** A form refused before its use-case ran: shown again with its errors, if the problem exists at all. */
  async function refusedForm<F>(id: number, form: F): Promise<F> {
    valueOf(await problemExists(app.db, id));
    return form;
  }

  app.post<{ Params: { id: string } }>('/problems/:id/merge', manage, async (req, reply) => {
    const id = idParam(req.params.id);
    const form = validateForm(MergeForm, bodyOf(req));
    const result = form.ok
      ? await mergeProblem(app.db, staffActor(req), app.clock.now(), id, form.data)
      : await refusedForm(id, form);
    return settle(req, reply, id, result, 'flash.problemMerged');
  });

  app.post<{ Params: { id: string } }>('/problems/:id/split', manage, async (req, reply) => {
    const id = idParam(req.params.id);
    const body = bodyOf(req);
    const form = validateForm(Reason, { reason: body.split_reason });
    const result = form.ok
      ? await splitProblem(app.db, staffActor(req), app.clock.now(), id, form.data.reason)
      : await refusedForm(id, form);
    return settle(req, reply, id, result, 'flash.problemSplit', 'split_');
  });

  for (const [path, published] of [
    ['publish', true],
    ['unpublish', false],
  ] as const) {
    app.post<{ Params: { id: string } }>(`/problems/:id/${path}`, manage, async (req, reply) => {
      const id = idParam(req.params.id);
      const result = await setPublished(app.db, staffActor(req), app.clock.now(), id, published);
      return settle(req, reply, id, result, published ? 'flash.problemPublished' : 'flash.problemUnpublished');
    });
  }
};

export default routes;
