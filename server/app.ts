// buildApp(config) -> a Fastify instance: ecosystem plugins, then the portal's own, then the
// domains' routes. It never listens; server.ts does.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import accountsPublicRoutes from './accounts/public-routes.js';
import accountsStaffRoutes from './accounts/staff-routes.js';
import attachmentsRoutes from './attachments/routes.js';
import auditRoutes from './audit-log/routes.js';
import { loadSigningKey } from './audit/checkpoint.js';
import auditCheckpointPlugin from './audit/plugin.js';
import campaignsRoutes from './campaigns/routes.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { createDb, migrateToLatest, type DB } from './db/database.js';
import dashboardTalliesPlugin from './dashboard/plugin.js';
import dashboardRoutes from './dashboard/routes.js';
import closingRoundsPlugin from './evaluations/closing-plugin.js';
import evaluationsPublicRoutes from './evaluations/public-routes.js';
import evaluationsStaffRoutes from './evaluations/staff-routes.js';
import exportsRoutes from './exports/routes.js';
import importsRoutes from './imports/routes.js';
import noticesRoutes from './notices/routes.js';
import opendataRoutes from './opendata/routes.js';
import opinionsPublicRoutes from './opinions/public-routes.js';
import opinionsStaffRoutes from './opinions/staff-routes.js';
import lookingBackRoutes from './looking-back/routes.js';
import peopleRoutes from './people/routes.js';
import problemsPublicRoutes from './problems/public-routes.js';
import problemsStaffRoutes from './problems/staff-routes.js';
import rectificationsStaffRoutes from './rectifications/staff-routes.js';
import triageRoutes from './triage/routes.js';
import errorsPlugin, { readableAddress } from './plugins/errors.js';
import i18nPlugin from './plugins/i18n.js';
import mailPlugin from './plugins/mail.js';
import securityPlugin from './plugins/security.js';
import sessionPlugin from './plugins/session.js';
import uploadsPlugin from './plugins/uploads.js';
import { installStaffGuard } from './plugins/staff-guard.js';
import viewsPlugin from './plugins/views.js';
import redactionRoutes from './redaction/routes.js';
import remindersPlugin from './reminders/plugin.js';
import { getOrInitSetting } from './settings/repository.js';
import siteRoutes from './site/routes.js';
import surveysPublicRoutes from './surveys/public-routes.js';
import surveysStaffRoutes from './surveys/staff-routes.js';
import { generateCode } from './shared/codes.js';
import { redactUrl } from './shared/redact.js';
import './types.js';
import unitsRoutes from './units/routes.js';

export interface AppOptions {
  config: Config;
  /** An open database; when absent one is opened from config.databaseUrl (and closed with the app). */
  db?: DB;
  clock?: Clock;
}

export async function buildApp({ config, db: givenDb, clock = systemClock }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            serializers: {
              req: (req) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }),
            },
          },
    trustProxy: config.trustProxy,
    bodyLimit: 256 * 1024,
    // What Fastify would refuse before any route, with its own JSON: an address with bad
    // percent-encoding is routed to the site's 400 page instead, and no parameter is too long for
    // the router (the routes' own checks refuse it, with a page).
    rewriteUrl: (req) => readableAddress(req.url ?? '/'),
    routerOptions: { maxParamLength: 16 * 1024 },
  });

  const db = givenDb ?? createDb(config.databaseUrl);
  if (!givenDb) app.addHook('onClose', async () => db.destroy());
  await migrateToLatest(db);
  const cookieSecret =
    config.cookieSecret ?? (await getOrInitSetting(db, 'cookie_secret', () => randomBytes(32).toString('hex')));

  app.decorate('config', config);
  app.decorate('db', db);
  app.decorate('clock', clock);
  app.decorate('setupCode', generateCode(10));
  app.decorate('staffRoutes', []);
  // Every route as it registers, plugins' included (the hostile-requests walk test uses it).
  app.decorate('allRoutes', []);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') app.allRoutes.push({ method, url: route.url });
  });
  app.decorate('auditKey', loadSigningKey(config, { create: true })!);

  await app.register(uploadsPlugin);
  await app.register(securityPlugin, { cookieSecret });
  await app.register(i18nPlugin);
  await app.register(viewsPlugin);
  await app.register(errorsPlugin);
  await app.register(mailPlugin);
  await app.register(remindersPlugin);
  await app.register(closingRoundsPlugin);
  await app.register(dashboardTalliesPlugin);
  await app.register(auditCheckpointPlugin);
  await app.register(sessionPlugin);
  await app.register(fastifyStatic, {
    root: path.resolve(import.meta.dirname, '../static'),
    prefix: '/static/',
    maxAge: config.env === 'production' ? '1d' : 0,
  });

  // Public pages.
  await app.register(siteRoutes);
  await app.register(accountsPublicRoutes);
  await app.register(opinionsPublicRoutes);
  await app.register(problemsPublicRoutes);
  await app.register(evaluationsPublicRoutes);
  await app.register(opendataRoutes);
  await app.register(noticesRoutes);
  await app.register(surveysPublicRoutes);

  // Staff pages: one guard for the whole group.
  await app.register(
    async (staff) => {
      installStaffGuard(staff, app.staffRoutes);
      await staff.register(accountsStaffRoutes);
      await staff.register(unitsRoutes);
      await staff.register(campaignsRoutes);
      await staff.register(opinionsStaffRoutes);
      await staff.register(triageRoutes);
      await staff.register(problemsStaffRoutes);
      await staff.register(rectificationsStaffRoutes);
      await staff.register(evaluationsStaffRoutes);
      await staff.register(peopleRoutes);
      await staff.register(surveysStaffRoutes);
      await staff.register(lookingBackRoutes);
      await staff.register(importsRoutes);
      await staff.register(exportsRoutes);
      await staff.register(attachmentsRoutes);
      await staff.register(redactionRoutes);
      await staff.register(auditRoutes);
      await staff.register(dashboardRoutes);
    },
    { prefix: '/staff' },
  );

  return app;
}
