// The staff dashboard (under /staff): the campaign at a glance, narrowed to the units the reader
// may see (a unit officer their own, a supervisor those they watch).
import type { FastifyPluginAsync } from 'fastify';
import { problemScope } from '../accounts/permissions.js';
import { findCampaign, listCampaigns } from '../campaigns/repository.js';
import { currentCampaigns } from '../campaigns/service.js';
import { localDay } from '../i18n/format.js';
import { notFound } from '../plugins/errors.js';
import { staffUser } from '../web/requests.js';
import { staffDashboard, TOP_PROBLEMS } from './service.js';

const isId = (v: unknown): v is string => typeof v === 'string' && /^[1-9]\d{0,9}$/.test(v);

const routes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: Record<string, unknown> }>('/dashboard', { config: { permission: 'dashboard.read' } }, async (req, reply) => {
    const user = staffUser(req);
    const campaigns = await listCampaigns(app.db);
    let campaign;
    if (req.query.campaign !== undefined && req.query.campaign !== '') {
      campaign = isId(req.query.campaign) ? await findCampaign(app.db, Number(req.query.campaign)) : undefined;
      if (!campaign) throw notFound();
    } else {
      campaign = (await currentCampaigns(app.db, app.clock.now(), app.config.timeZone))[0] ?? campaigns[0];
    }
    const today = localDay(app.clock.now(), app.config.timeZone);
    const scope = problemScope(user);
    const figures = campaign ? await staffDashboard(app.db, campaign, scope, today) : null;
    return reply.page('dashboard/show', {
      title: req.t('dashboard.title'),
      campaign: campaign ?? null,
      campaigns,
      figures,
      scoped: scope.kind !== 'all',
      top: TOP_PROBLEMS,
      today,
      values: { campaign: campaign?.id ?? '' },
      errors: {},
    });
  });
};

export default routes;
