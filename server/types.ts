// What the portal adds to Fastify's request, reply and instance, in one place.
import type { KeyObject } from 'node:crypto';
import type { Permission, Principal } from './accounts/permissions.js';
import type { SessionUser } from './accounts/repository.js';
import type { Clock } from './clock.js';
import type { Config, Locale } from './config.js';
import type { DB } from './db/database.js';
import type { Translate } from './i18n/catalog.js';
import type { Formatters } from './i18n/format.js';
import type { Mailer } from './shared/mailer.js';
import type { StaffRoute } from './plugins/staff-guard.js';

export type CurrentUser = SessionUser & Principal;

declare module 'fastify' {
  interface FastifyInstance {
    db: DB;
    config: Config;
    clock: Clock;
    mailer: Mailer;
    /** Printed to the log at start while no administrator exists; asked for by /setup. */
    setupCode: string;
    /** Every staff route and the permission it needs (the permission walk test uses it). */
    staffRoutes: StaffRoute[];
    /** Every route, each method apart (HEAD left out), as registered. */
    allRoutes: Array<{ method: string; url: string }>;
    /** Signs the audit chain's daily checkpoints (audit/checkpoint.ts); never stored in the database. */
    auditKey: KeyObject;
  }
  interface FastifyRequest {
    locale: Locale;
    t: Translate;
    fmt: Formatters;
    user: CurrentUser | null;
  }
  interface FastifyReply {
    /** Renders views/<template>.eta with the page context; returns the HTML to send. */
    page(template: string, data?: Record<string, unknown>, status?: number): Promise<string>;
    /** A one-time notice (a catalogue key) shown on the next page. */
    flash(key: string): FastifyReply;
    startSession(userId: number): Promise<void>;
    endSession(): Promise<void>;
  }
  interface FastifyContextConfig {
    /** Every staff route names the permission it needs; see accounts/permissions.ts. */
    permission?: Permission;
  }
}
