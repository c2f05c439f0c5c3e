// The staff dashboard (under /staff): the campaign at a glance, narrowed to the units the reader
// may see (a unit officer their own, a supervisor those they watch).
import type { FastifyPluginAsync } from 'fastify';
import { problemScope } from '../accounts/permissions.js';
import { campaignInView } from '../campaigns/service.js';
import { localDay } from '../i18n/format.js';
import { valueOf } from '../web/refusals.js';
import { idParam, staffUser } from '../web/requests.js';
import { staffDashboard, TOP_PROBLEMS } from './service.js';

const routes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: Record<string, unknown> }>(
    '/dashboard',
    { config: { permission: 'dashboard.read' } },
    async (req, reply) => {
      const user = staffUser(req);
      // An empty choice is no choice; anything else must name a campaign (else 404).
      const asked =
        req.query.campaign === undefined || req.query.campaign === '' ? undefined : idParam(req.query.campaign);
      const { campaign, campaigns } = valueOf(
        await campaignInView(app.db, app.clock.now(), app.config.timeZone, asked),
      );
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
    },
  );
};

export default routes;
