// Chooses the reader's language (their choice in a cookie, else the browser's), and gives each
// request a translator and formatters for dates in the portal's time zone (and its name).
import fp from 'fastify-plugin';
import { catalogs, isLocale, negotiateLocale, translator } from '../i18n/catalog.js';
import { formatters } from '../i18n/format.js';

export const LANG_COOKIE = 'lang';

export default fp(
  async (app) => {
    catalogs(); // load (and validate) the catalogues at start, not on the first request
    app.decorateRequest('locale', 'en');
    app.decorateRequest('t', null as never);
    app.decorateRequest('fmt', null as never);
    app.addHook('onRequest', async (req) => {
      const chosen = req.cookies[LANG_COOKIE];
      req.locale = isLocale(chosen)
        ? chosen
        : negotiateLocale(req.headers['accept-language'], app.config.defaultLocale);
      req.t = translator(req.locale);
      req.fmt = formatters(req.locale, app.config.timeZone, () => app.clock.now());
    });
  },
  { name: 'i18n', dependencies: ['@fastify/cookie'] },
);
