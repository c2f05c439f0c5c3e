// Security headers with a strict CSP (no inline scripts or styles), signed cookies, form bodies,
// CSRF tokens checked on every state-changing request, and rate limits that routes opt into.
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { dialectOf } from '../db/dialect.js';
import { cleanRequestFields } from '../forms/control-characters.js';
import { databaseStore } from './rate-limit-store.js';

export interface SecurityOptions {
  cookieSecret: string;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The cookie holding the CSRF secret (signed), from which each page's token is made. */
export const CSRF_COOKIE = '_csrf';

/**
 * A new CSRF secret for this browser, sent with this answer: tokens made from the old one (a
 * sign-in page loaded before signing in, a form of the session just ended) are refused from now
 * on. Called by the session plugin at sign-in and sign-out.
 */
export function renewCsrfSecret(reply: FastifyReply): void {
  delete reply.request.cookies[CSRF_COOKIE];
  reply.generateCsrf();
}

export default fp<SecurityOptions>(
  async (app, opts) => {
    const https = app.config.baseUrl.startsWith('https://');
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: https ? { maxAge: 31536000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'same-origin' },
    });
    await app.register(cookie, { secret: opts.cookieSecret });
    await app.register(formbody, { bodyLimit: 256 * 1024 });
    await app.register(csrf, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: CSRF_COOKIE,
      cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', signed: true, secure: https },
      // From a urlencoded form the token is a string; from a multipart one (uploads) a field part.
      getToken: (req) => {
        const field = (req.body as Record<string, unknown> | undefined)?._csrf;
        if (typeof field === 'string') return field;
        if (field && typeof field === 'object' && 'value' in field && typeof field.value === 'string')
          return field.value;
        const header = req.headers['csrf-token'];
        return typeof header === 'string' ? header : undefined;
      },
    });
    // Limits are per route (config.rateLimit); none is global. On PostgreSQL several processes
    // may serve one portal, so the counts live in the database; SQLite's one process counts in memory.
    await app.register(rateLimit, {
      global: false,
      ...(dialectOf(app.db) === 'postgres' ? { store: databaseStore(app.db) } : {}),
    });

    // Nothing the portal sends is kept by a browser or a proxy unless its route says it may (the
    // open data, the feed, static files): staff pages hold submitters' names and contacts, and
    // public ones tracking codes, invitation links, ballot receipts and the reader's own words.
    // A default rather than a list, so a new page holding a code is covered without anyone
    // remembering it.
    app.addHook('onSend', async (_req, reply, payload) => {
      if (!reply.hasHeader('cache-control')) reply.header('Cache-Control', 'no-store');
      return payload;
    });

    // Control characters mean nothing in a form's field (forms/control-characters.ts): gone before a handler reads them.
    app.addHook('preValidation', (req, _reply, done) => {
      cleanRequestFields(req.body);
      done();
    });

    app.addHook('preHandler', (req, reply, done) => {
      if (UNSAFE_METHODS.has(req.method)) app.csrfProtection(req, reply, done);
      else done();
    });
  },
  { name: 'security' },
);
