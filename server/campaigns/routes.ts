// The administrator's pages for campaigns and for the conduct rules (under /staff).
import { formErrors, valueOf } from '../web/refusals.js';
import { idParam, staffActor } from '../web/requests.js';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { echoValues, validateForm, type FieldErrors } from '../forms/validate.js';
import { campaignFormValues, CampaignForm, ConductRuleForm } from './schemas.js';
import {
  addEightProhibitions,
  allCampaigns,
  allConductRules,
  campaignById,
  conductRuleById,
  ruleFormValues,
  ruleIn,
  createCampaign,
  createConductRule,
  moveConductRule,
  setConductRuleActive,
  updateCampaign,
  updateConductRule,
} from './service.js';
import type { CampaignRow, ConductRuleRow } from './tables.js';

const campaigns = { permission: 'campaigns.manage' } as const;
const conduct = { permission: 'conduct.manage' } as const;

type Params = { Params: { id: string } };

const routes: FastifyPluginAsync = async (app) => {
  // Campaigns ------------------------------------------------------------------------------

  const campaignPage = (
    req: FastifyRequest,
    reply: FastifyReply,
    o: { campaign: CampaignRow | null; values: Record<string, unknown>; errors?: FieldErrors; status?: number },
  ) =>
    reply.page(
      'campaigns/form',
      {
        title: o.campaign
          ? req.t('campaigns.form.editTitle', { name: o.campaign.name })
          : req.t('campaigns.form.newTitle'),
        action: o.campaign ? `/staff/campaigns/${o.campaign.id}` : '/staff/campaigns',
        values: o.values,
        errors: o.errors ?? {},
      },
      o.status ?? 200,
    );

  app.get('/campaigns', { config: campaigns }, async (req, reply) => {
    return reply.page('campaigns/index', {
      title: req.t('campaigns.list.title'),
      campaigns: await allCampaigns(app.db),
    });
  });

  app.get('/campaigns/new', { config: campaigns }, async (req, reply) => {
    return campaignPage(req, reply, { campaign: null, values: campaignFormValues(null) });
  });

  app.post('/campaigns', { config: campaigns }, async (req, reply) => {
    const form = validateForm(CampaignForm, req.body);
    if (!form.ok)
      return campaignPage(req, reply, { campaign: null, values: form.values, errors: form.errors, status: 422 });
    const result = await createCampaign(app.db, staffActor(req), app.clock.now(), form.data);
    if (!result.ok)
      return campaignPage(req, reply, {
        campaign: null,
        values: echoValues(req.body),
        errors: formErrors(result),
        status: 422,
      });
    reply.flash('flash.saved');
    return reply.redirect('/staff/campaigns', 303);
  });

  app.get<Params>('/campaigns/:id/edit', { config: campaigns }, async (req, reply) => {
    const campaign = valueOf(await campaignById(app.db, idParam(req.params.id)));
    return campaignPage(req, reply, { campaign, values: campaignFormValues(campaign) });
  });

  app.post<Params>('/campaigns/:id', { config: campaigns }, async (req, reply) => {
    const campaign = valueOf(await campaignById(app.db, idParam(req.params.id)));
    const form = validateForm(CampaignForm, req.body);
    if (!form.ok) return campaignPage(req, reply, { campaign, values: form.values, errors: form.errors, status: 422 });
    const result = await updateCampaign(app.db, staffActor(req), app.clock.now(), campaign.id, form.data);
    if (!result.ok)
      return campaignPage(req, reply, {
        campaign,
        values: echoValues(req.body),
        errors: formErrors(result),
        status: 422,
      });
    reply.flash('flash.saved');
    return reply.redirect('/staff/campaigns', 303);
  });

  // Conduct rules --------------------------------------------------------------------------

  const rulePage = (
    req: FastifyRequest,
    reply: FastifyReply,
    o: { rule: ConductRuleRow | null; values: Record<string, unknown>; errors?: FieldErrors; status?: number },
  ) =>
    reply.page(
      'conduct-rules/form',
      {
        title: o.rule ? req.t('campaigns.conduct.form.editTitle') : req.t('campaigns.conduct.form.newTitle'),
        action: o.rule ? `/staff/conduct-rules/${o.rule.id}` : '/staff/conduct-rules',
        values: o.values,
        errors: o.errors ?? {},
      },
      o.status ?? 200,
    );

  app.get('/conduct-rules', { config: conduct }, async (req, reply) => {
    return reply.page('conduct-rules/index', {
      title: req.t('campaigns.conduct.list.title'),
      rules: (await allConductRules(app.db)).map((r) => ({ ...ruleIn(r, req.locale), both: r })),
    });
  });

  app.get('/conduct-rules/new', { config: conduct }, async (req, reply) => {
    return rulePage(req, reply, {
      rule: null,
      values: { title_en: '', description_en: '', title_zh: '', description_zh: '' },
    });
  });

  app.post('/conduct-rules', { config: conduct }, async (req, reply) => {
    const form = validateForm(ConductRuleForm, req.body);
    if (!form.ok) return rulePage(req, reply, { rule: null, values: form.values, errors: form.errors, status: 422 });
    valueOf(await createConductRule(app.db, staffActor(req), app.clock.now(), form.data, req.locale));
    reply.flash('flash.saved');
    return reply.redirect('/staff/conduct-rules', 303);
  });

  // Offered while the list is empty; adds nothing once there are rules.
  app.post('/conduct-rules/eight-prohibitions', { config: conduct }, async (req, reply) => {
    const { added } = valueOf(await addEightProhibitions(app.db, staffActor(req), app.clock.now(), req.locale));
    if (added > 0) reply.flash('flash.saved');
    return reply.redirect('/staff/conduct-rules', 303);
  });

  app.get<Params>('/conduct-rules/:id/edit', { config: conduct }, async (req, reply) => {
    const rule = valueOf(await conductRuleById(app.db, idParam(req.params.id)));
    return rulePage(req, reply, { rule, values: { ...ruleFormValues(rule, req.locale) } });
  });

  app.post<Params>('/conduct-rules/:id', { config: conduct }, async (req, reply) => {
    const rule = valueOf(await conductRuleById(app.db, idParam(req.params.id)));
    const form = validateForm(ConductRuleForm, req.body);
    if (!form.ok) return rulePage(req, reply, { rule, values: form.values, errors: form.errors, status: 422 });
    valueOf(await updateConductRule(app.db, staffActor(req), app.clock.now(), rule.id, form.data, req.locale));
    reply.flash('flash.saved');
    return reply.redirect('/staff/conduct-rules', 303);
  });

  for (const [path, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    app.post<Params>(`/conduct-rules/:id/${path}`, { config: conduct }, async (req, reply) => {
      valueOf(await setConductRuleActive(app.db, staffActor(req), app.clock.now(), idParam(req.params.id), active));
      reply.flash('flash.saved');
      return reply.redirect('/staff/conduct-rules', 303);
    });
  }

  for (const direction of ['up', 'down'] as const) {
    app.post<Params>(`/conduct-rules/:id/move-${direction}`, { config: conduct }, async (req, reply) => {
      const ruleId = idParam(req.params.id);
      valueOf(await moveConductRule(app.db, staffActor(req), app.clock.now(), ruleId, direction));
      reply.flash('flash.saved');
      return reply.redirect(`/staff/conduct-rules#rule-${ruleId}`, 303);
    });
  }
};

export default routes;
