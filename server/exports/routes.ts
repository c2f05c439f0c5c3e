// Staff download of a campaign's opinions as CSV (under /staff). Narrowed by the same scope as
// the inbox; personal details only for those allowed them, and every download is audited.
import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { can, opinionScope } from '../accounts/permissions.js';
import { campaignInView } from '../campaigns/service.js';
import { fromLocalInput, localDay, nextDay } from '../i18n/format.js';
import { HttpError } from '../plugins/errors.js';
import { forbidden, notFound } from '../shared/result.js';
import { refuse, valueOf } from '../web/refusals.js';
import { staffActor, staffUser } from '../web/requests.js';
import { attachment, CSV_CONTENT_TYPE } from './csv.js';
import type { InboxFilter } from '../opinions/service.js';
import { parseTextQuery } from '../search/query.js';
import { ExportQuery, FILTER_NAMES } from './schemas.js';
import { exportFilename, exportLines, recordExport } from './service.js';

const routes: FastifyPluginAsync = async (app) => {
  const tz = app.config.timeZone;

  app.get<{ Querystring: Record<string, unknown> }>(
    '/opinions/export.csv',
    { config: { permission: 'opinions.export' } },
    async (req, reply) => {
      const user = staffUser(req);
      const query = ExportQuery.safeParse(req.query);
      if (!query.success) throw new HttpError(400, 'unreadable export filter');
      const q = query.data;
      if (q.personal && !can(user, 'opinions.exportPersonal')) return refuse(forbidden());

      const now = app.clock.now();
      const { campaign } = valueOf(await campaignInView(app.db, now, tz, q.campaign));
      if (!campaign) return refuse(notFound());

      const filter: InboxFilter = {
        campaignId: campaign.id,
        channel: q.channel,
        unitId: q.unit,
        state: q.state,
        fromIso: q.from ? fromLocalInput(`${q.from}T00:00`, tz)?.toISOString() : undefined,
        toIso: q.to ? fromLocalInput(`${nextDay(q.to)}T00:00`, tz)?.toISOString() : undefined,
        text: parseTextQuery(q.q) ?? undefined,
      };
      const filters: Record<string, string> = {};
      for (const name of FILTER_NAMES) if (q[name] !== undefined) filters[name] = String(q[name]);
      const request = { filter, scope: opinionScope(user), personal: q.personal, filters };

      await recordExport(app.db, staffActor(req), now, request);
      return (
        reply
          .type(CSV_CONTENT_TYPE)
          .header('Content-Disposition', attachment(exportFilename(campaign.id, localDay(now, tz), q.personal)))
          // Personal data, and a snapshot: neither proxies nor the browser keep a copy.
          .header('Cache-Control', 'no-store')
          .send(Readable.from(exportLines(app.db, request, { t: req.t, timeZone: tz })))
      );
    },
  );
};

export default routes;
