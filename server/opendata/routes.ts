// The public open data: a page describing the files, the files themselves (CSV, JSON) and the
// Atom feed. The files are the same for every reader (column names and codes, not words), so
// shared caches may keep them for a few minutes; the ETag changes with the data and the day.
import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { LOCALES } from '../config.js';
import { attachment, CSV_CONTENT_TYPE } from '../exports/csv.js';
import { isLocale, negotiateLocale, translator } from '../i18n/catalog.js';
import { formatters, localDay } from '../i18n/format.js';
import { LEVELS } from '../problems/levels.js';
import { PUBLIC_STATES } from '../rectifications/state.js';
import { ATOM_CONTENT_TYPE, atomXml } from './atom.js';
import { CSV_COLUMNS, csvFile, feedEntries, feedTag, filesTag, jsonFile } from './service.js';

/** Seconds a copy may be used without asking again. */
const MAX_AGE = 300;
/** Per address: building a file reads every public rectification. */
const FILE_LIMIT = { max: 60, timeWindow: 60_000 };

export const FEED_PATH = '/feeds/rectifications.atom';

/** True when the reader already holds this version (If-None-Match, weak comparison). */
function holds(req: FastifyRequest, tag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  const bare = (v: string) => v.trim().replace(/^W\//, '');
  return header.split(',').some((v) => v.trim() === '*' || bare(v) === bare(tag));
}

/** Cacheable by anyone for a few minutes, and readable by web pages elsewhere (public data, no cookies). */
function openHeaders(reply: FastifyReply, tag: string): FastifyReply {
  return reply.header('Cache-Control', `public, max-age=${MAX_AGE}`).header('ETag', tag).header('Access-Control-Allow-Origin', '*');
}

const routes: FastifyPluginAsync = async (app) => {
  const { baseUrl, timeZone } = app.config;
  const today = () => localDay(app.clock.now(), timeZone);

  app.get('/open-data', async (req, reply) =>
    reply.page('opendata/index', {
      title: req.t('opendata.page.title'),
      columns: CSV_COLUMNS,
      states: PUBLIC_STATES,
      levels: LEVELS.filter((l) => l !== 'individual'),
      feeds: LOCALES.map((l) => ({ locale: l, url: `${FEED_PATH}?lang=${l}` })),
    }),
  );

  app.get('/open-data/rectifications.csv', { config: { rateLimit: FILE_LIMIT } }, async (req, reply) => {
    const day = today();
    const tag = await filesTag(app.db, 'csv', day);
    openHeaders(reply, tag);
    if (holds(req, tag)) return reply.code(304).send();
    return reply
      .type(CSV_CONTENT_TYPE)
      .header('Content-Disposition', attachment('rectifications.csv'))
      .send(Readable.from(csvFile(app.db, day, baseUrl)));
  });

  app.get('/open-data/rectifications.json', { config: { rateLimit: FILE_LIMIT } }, async (req, reply) => {
    const day = today();
    const tag = await filesTag(app.db, 'json', day);
    openHeaders(reply, tag);
    if (holds(req, tag)) return reply.code(304).send();
    const heading = { generatedAt: app.clock.now().toISOString(), today: day, timeZone, termsUrl: `${baseUrl}/open-data` };
    return reply.type('application/json; charset=utf-8').send(Readable.from(jsonFile(app.db, heading, baseUrl)));
  });

  // The feed's language: ?lang= (the page's link carries it, so a subscription keeps its
  // language), else the reader's Accept-Language. Not the cookie: a feed reader has none.
  app.get<{ Querystring: { lang?: string } }>(FEED_PATH, { config: { rateLimit: FILE_LIMIT } }, async (req, reply) => {
    const asked = req.query.lang;
    const locale = isLocale(asked) ? asked : negotiateLocale(req.headers['accept-language'], app.config.defaultLocale);
    const tag = await feedTag(app.db, locale);
    openHeaders(reply, tag).header('Vary', 'Accept-Language');
    if (holds(req, tag)) return reply.code(304).send();
    const t = translator(locale);
    const entries = await feedEntries(app.db, { t, fmt: formatters(locale, timeZone, () => app.clock.now()), baseUrl });
    const self = `${baseUrl}${FEED_PATH}?lang=${locale}`;
    return reply.type(ATOM_CONTENT_TYPE).send(
      atomXml({
        id: self,
        title: t('opendata.feed.title'),
        subtitle: t('opendata.feed.subtitle'),
        updated: entries[0]?.updated ?? app.clock.now().toISOString(),
        selfUrl: self,
        alternateUrl: `${baseUrl}/notices`,
        author: t('site.name'),
        lang: locale,
        entries,
      }),
    );
  });
};

export default routes;
