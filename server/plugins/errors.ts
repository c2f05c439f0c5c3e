// The one error handler. A 4xx gets a helpful page in the reader's language; a 5xx gets a
// generic page and a log line carrying the request id. No stack trace ever reaches a page.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { translator } from '../i18n/catalog.js';
import { ForbiddenMove } from '../shared/life-cycle.js';
import { failedReadingMultipart } from './uploads.js';

const KNOWN = new Set([400, 403, 404, 405, 409, 413, 415, 422, 429, 500]);

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message = 'http error',
  ) {
    super(message);
  }
}
export const notFound = () => new HttpError(404, 'not found');

/** Where an address that cannot be decoded is routed, to be answered with the site's 400 page. */
export const UNREADABLE_ADDRESS = '/-/unreadable-address';

/**
 * The address to route: itself, or UNREADABLE_ADDRESS when its path has bad percent-encoding
 * (/%ZZ, /notices/%E0%A4%A), which Fastify would answer with its own JSON before any hook ran.
 * (app.ts passes this as Fastify's rewriteUrl.)
 */
export function readableAddress(url: string): string {
  const q = url.indexOf('?');
  try {
    decodeURIComponent(q === -1 ? url : url.slice(0, q));
    return url;
  } catch {
    return UNREADABLE_ADDRESS;
  }
}
export const forbidden = () => new HttpError(403, 'forbidden');

export default fp(
  async (app) => {
    async function render(req: FastifyRequest, reply: FastifyReply, status: number) {
      const key = KNOWN.has(status) ? String(status) : status >= 500 ? '500' : '400';
      if (!req.t) req.t = translator(app.config.defaultLocale);
      try {
        return await reply.page('errors/error', { status, key, requestId: req.id }, status);
      } catch (renderError) {
        req.log.error({ err: renderError }, 'error page could not be rendered');
        return reply
          .code(status)
          .type('text/plain; charset=utf-8')
          .send(`${status} ${req.t(`errors.page.${key}.title`)}`);
      }
    }

    app.setErrorHandler(async (err: FastifyError, req, reply) => {
      const code = err.code ?? '';
      let status =
        typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
      if (code.startsWith('FST_CSRF')) status = 403;
      // A move the life-cycle table does not allow (two people acting on the same thing at once).
      if (err instanceof ForbiddenMove) status = 409;
      // A multipart body that cannot be read (no boundary, cut short) is a bad request.
      if (status >= 500 && failedReadingMultipart(req)) status = 400;
      if (status >= 500) req.log.error({ err, reqId: req.id }, 'request failed');
      else req.log.info({ code, status, reqId: req.id }, err.message);
      return render(req, reply, status);
    });

    app.setNotFoundHandler(async (req, reply) => render(req, reply, 404));
    app.all(UNREADABLE_ADDRESS, async () => {
      throw new HttpError(400, 'unreadable address');
    });
  },
  { name: 'errors', dependencies: ['views'] },
);
