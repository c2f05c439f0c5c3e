// Server-rendered pages: eta templates under views/, escaped by default (<%= %>).
// reply.page() gives every template the same context: translator, language, formatters,
// the signed-in person, a CSRF token and any one-time notice.
import path from 'node:path';
import view from '@fastify/view';
import { Eta } from 'eta';
import fp from 'fastify-plugin';
import { can, type Permission } from '../accounts/permissions.js';
import { LOCALES } from '../config.js';

export const VIEWS_DIR = path.resolve(import.meta.dirname, '../../views');
const FLASH_COOKIE = 'flash';

export default fp(
  async (app) => {
    const eta = new Eta({
      views: VIEWS_DIR,
      cache: app.config.env === 'production',
      autoEscape: true,
      autoTrim: [false, 'nl'],
    });
    await app.register(view, { engine: { eta }, root: VIEWS_DIR, production: app.config.env === 'production' });

    app.decorateReply('flash', function (key: string) {
      return this.setCookie(FLASH_COOKIE, key, { path: '/', httpOnly: true, sameSite: 'lax', signed: true });
    });

    app.decorateReply('page', async function (template: string, data: Record<string, unknown> = {}, status = 200) {
      const req = this.request;
      let flash: string | null = null;
      const raw = req.cookies[FLASH_COOKIE];
      if (raw) {
        const unsigned = req.unsignCookie(raw);
        if (unsigned.valid && unsigned.value?.startsWith('flash.')) flash = req.t(unsigned.value);
        this.clearCookie(FLASH_COOKIE, { path: '/' });
      }
      let csrfToken: string | undefined;
      const context = {
        errors: {},
        values: {},
        ...data,
        t: req.t,
        locale: req.locale,
        otherLocales: LOCALES.filter((l) => l !== req.locale),
        fmt: req.fmt,
        user: req.user,
        can: (permission: Permission) => can(req.user, permission),
        path: req.url,
        baseUrl: app.config.baseUrl,
        flash,
        // Generated on first use only, so pages without forms set no CSRF cookie.
        csrf: () => (csrfToken ??= this.generateCsrf()),
      };
      this.code(status).type('text/html; charset=utf-8');
      return this.viewAsync(template, context);
    });
  },
  { name: 'views', dependencies: ['i18n', 'security'] },
);
