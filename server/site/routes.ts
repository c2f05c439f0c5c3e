// The home page, the language switch and the favicon.
import type { FastifyPluginAsync } from 'fastify';
import { isLocale } from '../i18n/catalog.js';
import { LANG_COOKIE } from '../plugins/i18n.js';
import { safeLocalPath } from '../shared/paths.js';
import { currentCampaigns } from '../campaigns/service.js';
import { keyFigures } from '../dashboard/service.js';
import { localDay } from '../i18n/format.js';

const siteRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', async (req, reply) => {
    const campaigns = await currentCampaigns(app.db, app.clock.now(), app.config.timeZone);
    // Each current campaign's key figures: counts only, from the running tallies.
    const today = localDay(app.clock.now(), app.config.timeZone);
    const figures = await Promise.all(campaigns.map((c) => keyFigures(app.db, c.id, today)));
    return reply.page('site/home', { title: req.t('site.home.title'), campaigns, figures });
  });

  // A plain link, so the switch works without JavaScript; the choice is kept in a cookie.
  app.get<{ Params: { locale: string }; Querystring: { next?: string } }>('/lang/:locale', async (req, reply) => {
    const { locale } = req.params;
    if (!isLocale(locale)) return reply.callNotFound();
    reply.setCookie(LANG_COOKIE, locale, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600, httpOnly: true });
    return reply.redirect(safeLocalPath(req.query.next) ?? '/');
  });

  app.get('/favicon.ico', async (_req, reply) => reply.redirect('/static/favicon.svg', 301));
};

export default siteRoutes;
