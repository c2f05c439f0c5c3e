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
import { checkpointOfToday, publishedCheckpoints } from '../audit/service.js';
import { keyIdOf, publicKeyPem } from '../audit/checkpoint.js';
import { createPublicKey } from 'node:crypto';
import {
  CHECKPOINTS_PATH,
  checkpointEntries,
  CSV_COLUMNS,
  csvFile,
  FEED_CHECKPOINTS,
  feedEntries,
  feedTag,
  filesTag,
  jsonFile,
  withCheckpoint,
} from './service.js';

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
  return reply
    .header('Cache-Control', `public, max-age=${MAX_AGE}`)
    .header('ETag', tag)
    .header('Access-Control-Allow-Origin', '*');
}

const routes: FastifyPluginAsync = async (app) => {
  const { baseUrl, timeZone } = app.config;
  const today = () => localDay(app.clock.now(), timeZone);
  // The audit chain's checkpoint of the day, made by the first reader of the day if the job has not.
  const checkpoint = () => checkpointOfToday(app.db, app.auditKey, app.clock.now(), timeZone);

  app.get('/open-data', async (req, reply) =>
    reply.page('opendata/index', {
      title: req.t('opendata.page.title'),
      columns: CSV_COLUMNS,
      states: PUBLIC_STATES,
      levels: LEVELS.filter((l) => l !== 'individual'),
      feeds: LOCALES.map((l) => ({ locale: l, url: `${FEED_PATH}?lang=${l}` })),
      checkpointsUrl: CHECKPOINTS_PATH,
      keyId: keyIdOf(createPublicKey(app.auditKey)),
    }),
  );

  // Every checkpoint of the audit chain, and the public key that checks their signatures.
  app.get(CHECKPOINTS_PATH, { config: { rateLimit: FILE_LIMIT } }, async (req, reply) => {
    const latest = await checkpoint();
    const all = await publishedCheckpoints(app.db);
    const tag = withCheckpoint(`W/"checkpoints-${all.length}"`, latest);
    openHeaders(reply, tag);
    if (holds(req, tag)) return reply.code(304).send();
    const pub = createPublicKey(app.auditKey);
    return reply
      .type('application/json; charset=utf-8')
      .send(
        JSON.stringify(
          { key_id: keyIdOf(pub), public_key: publicKeyPem(pub), algorithm: 'Ed25519', checkpoints: all },
          null,
          1,
        ),
      );
  });

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
    const auditCheckpoint = await checkpoint();
    const tag = withCheckpoint(await filesTag(app.db, 'json', day), auditCheckpoint);
    openHeaders(reply, tag);
    if (holds(req, tag)) return reply.code(304).send();
    const heading = {
      generatedAt: app.clock.now().toISOString(),
      today: day,
      timeZone,
      termsUrl: `${baseUrl}/open-data`,
      auditCheckpoint,
    };
    return reply.type('application/json; charset=utf-8').send(Readable.from(jsonFile(app.db, heading, baseUrl)));
  });

  // The feed's language: ?lang= (the page's link carries it, so a subscription keeps its
  // language), else the reader's Accept-Language. Not the cookie: a feed reader has none.
  app.get<{ Querystring: { lang?: string } }>(FEED_PATH, { config: { rateLimit: FILE_LIMIT } }, async (req, reply) => {
    const asked = req.query.lang;
    const locale = isLocale(asked) ? asked : negotiateLocale(req.headers['accept-language'], app.config.defaultLocale);
    const latest = await checkpoint();
    const tag = withCheckpoint(await feedTag(app.db, locale), latest);
    openHeaders(reply, tag).header('Vary', 'Accept-Language');
    if (holds(req, tag)) return reply.code(304).send();
    const t = translator(locale);
    const entries = [
      ...(await feedEntries(app.db, { t, fmt: formatters(locale, timeZone, () => app.clock.now()), baseUrl })),
      ...checkpointEntries(await publishedCheckpoints(app.db, FEED_CHECKPOINTS), t, baseUrl),
    ].sort((a, b) => b.updated.localeCompare(a.updated));
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
