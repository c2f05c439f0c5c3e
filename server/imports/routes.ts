// Staff pages for importing opinions from a CSV file: the upload form with the sample files and
// recent imports, the preview (every row's problems named), the import itself and the result.
import { formErrors, refuse, valueOf } from '../web/refusals.js';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { opinionScope } from '../accounts/permissions.js';
import { currentCampaigns } from '../campaigns/service.js';
import { validateForm, type FieldErrors } from '../forms/validate.js';
import { CHANNELS, isChannel, type Channel } from '../opinions/channels.js';
import { recordableCampaigns } from '../opinions/service.js';
import { pageNumber } from '../opinions/staff-schemas.js';
import { notFound } from '../shared/result.js';
import { uploadedForm, UPLOAD_MAX_BYTES } from '../plugins/uploads.js';
import { idParam, staffUser } from '../web/requests.js';
import { unitOptions } from '../units/service.js';
import { CSV_CONTENT_TYPE, attachment } from '../exports/csv.js';
import { columnLabelKey, COMMON_COLUMNS, REQUIRED_COLUMNS } from './columns.js';
import type { RowCheck } from './rows.js';
import { sampleCsv } from './sample.js';
import { PreviewQuery, UPLOAD_FIELDS, UploadForm } from './schemas.js';
import {
  commitImport,
  discardImport,
  MAX_ROWS,
  previewImport,
  recentImports,
  uploadImport,
  type ImportPreview,
} from './service.js';

const PREVIEW_PAGE_SIZE = 100;
const EXCERPT_LENGTH = 120;

const excerpt = (body: string) => {
  const chars = Array.from(body.replace(/\s+/g, ' ').trim());
  return chars.length <= EXCERPT_LENGTH ? chars.join('') : `${chars.slice(0, EXCERPT_LENGTH - 1).join('')}…`;
};

type IdParams = { Params: { id: string } };

const routes: FastifyPluginAsync = async (app) => {
  const tz = app.config.timeZone;
  const importPermission = { permission: 'opinions.import' } as const;

  // The upload form -----------------------------------------------------------------------------

  async function uploadPage(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: FieldErrors,
    status: number,
  ) {
    const user = staffUser(req);
    const now = app.clock.now();
    const [campaigns, imports] = await Promise.all([recordableCampaigns(app.db, now, tz), recentImports(app.db, user)]);
    const ordered: FieldErrors = {};
    for (const name of UPLOAD_FIELDS) if (errors[name]) ordered[name] = errors[name];
    return reply.page(
      'imports/index',
      {
        title: req.t('imports.upload.title'),
        campaigns,
        channels: CHANNELS,
        values,
        errors: ordered,
        labels: {
          campaign_id: req.t('imports.upload.campaign'),
          channel: req.t('imports.upload.channel'),
          file: req.t('imports.upload.file'),
        },
        imports,
        columns: COMMON_COLUMNS.map((c) => ({
          key: c,
          label: req.t(`imports.columns.${c}`),
          hint: req.t(`imports.columnHints.${c}`),
          required: REQUIRED_COLUMNS.includes(c),
        })),
        maxRows: MAX_ROWS,
        maxMegabytes: Math.round(UPLOAD_MAX_BYTES / (1024 * 1024)),
      },
      status,
    );
  }

  app.get('/imports', { config: importPermission }, async (req, reply) => {
    const now = app.clock.now();
    const recordable = await recordableCampaigns(app.db, now, tz);
    const current = (await currentCampaigns(app.db, now, tz)).find((c) => recordable.some((r) => r.id === c.id));
    return uploadPage(req, reply, { campaign_id: current?.id ?? recordable[0]?.id ?? '', channel: 'hotline' }, {}, 200);
  });

  app.get<{ Params: { channel: string } }>(
    '/imports/sample/:channel.csv',
    { config: importPermission },
    async (req, reply) => {
      const { channel } = req.params;
      if (!isChannel(channel)) return refuse(notFound());
      const user = staffUser(req);
      // A unit the reader may name, so the example shows the column filled in and still imports.
      const scope = opinionScope(user);
      const unit = (await unitOptions(app.db)).find(
        (u) => scope.kind === 'all' || (scope.kind === 'watched' && scope.unitIds.includes(u.id)),
      );
      const csv = sampleCsv({ channel, t: req.t, now: app.clock.now(), timeZone: tz, unitName: unit?.name ?? null });
      return reply
        .type(CSV_CONTENT_TYPE)
        .header('Content-Disposition', attachment(`sample-${channel}-${req.locale}.csv`))
        .send(csv);
    },
  );

  app.post('/imports', { config: importPermission }, async (req, reply) => {
    const user = staffUser(req);
    // A form without a file (or not sent as an upload at all) is read for its fields only.
    const upload = req.isMultipart() ? await uploadedForm(req.body) : { fields: textFields(req.body), files: [] };
    const { fields } = upload;
    const form = validateForm(UploadForm, fields);
    const file = upload.files.find((f) => f.field === 'file');
    const values = { campaign_id: fields.campaign_id ?? '', channel: fields.channel ?? '' };
    if (!form.ok) {
      const errors: FieldErrors = { ...form.errors };
      if (errors.campaign_id) errors.campaign_id = { key: 'imports.errors.unknownCampaign' };
      if (errors.channel) errors.channel = { key: 'imports.errors.chooseChannel' };
      if (!file) errors.file = { key: 'imports.errors.noFile' };
      return uploadPage(req, reply, values, errors, 422);
    }
    const result = await uploadImport(app.db, app.clock, tz, user, form.data, file);
    if (!result.ok) return uploadPage(req, reply, values, formErrors(result), 422);
    return reply.redirect(`/staff/imports/${result.value.id}`, 303);
  });

  // The preview and the result -----------------------------------------------------------------

  function shownRow(req: FastifyRequest, channel: Channel, c: RowCheck) {
    return {
      row: c.row,
      ref: c.ref,
      status: c.status,
      repeatOf: c.repeatOf,
      received: c.shown.receivedAt ? req.fmt.dateTime(c.shown.receivedAt.toISOString()) : c.shown.receivedRaw,
      excerpt: excerpt(c.shown.body),
      unit: c.shown.unit,
      problems: c.problems.map((p) => ({
        column: req.t(columnLabelKey(p.column, channel)),
        message: req.t(p.key, p.params),
      })),
    };
  }

  function previewPage(
    req: FastifyRequest,
    reply: FastifyReply,
    preview: ImportPreview,
    status: number,
    notice: string | null = null,
  ) {
    const imp = preview.import;
    const query = PreviewQuery.safeParse(req.query);
    const onlyProblems = query.success && query.data.only === 'problems';
    const listed = onlyProblems ? preview.checks.filter((c) => c.status === 'invalid') : preview.checks;
    const pageCount = Math.max(1, Math.ceil(listed.length / PREVIEW_PAGE_SIZE));
    const page = Math.min(pageNumber(query.success ? query.data.page : undefined), pageCount);
    const rows = listed
      .slice((page - 1) * PREVIEW_PAGE_SIZE, page * PREVIEW_PAGE_SIZE)
      .map((c) => shownRow(req, imp.channel, c));
    return reply.page(
      'imports/show',
      {
        title: req.t('imports.show.title', { filename: imp.filename }),
        imp,
        campaignName: preview.campaignName,
        uploaderName: preview.uploaderName,
        counts: preview.counts,
        unused: preview.unused,
        rows,
        onlyProblems,
        page,
        pageCount,
        params: onlyProblems ? { only: 'problems' } : {},
        notice,
      },
      status,
    );
  }

  app.get<IdParams>('/imports/:id', { config: importPermission }, async (req, reply) => {
    const preview = valueOf(await previewImport(app.db, app.clock, tz, staffUser(req), idParam(req.params.id)));
    return previewPage(req, reply, preview, 200);
  });

  app.post<IdParams>('/imports/:id/commit', { config: importPermission }, async (req, reply) => {
    const user = staffUser(req);
    const id = idParam(req.params.id);
    const result = await commitImport(app.db, app.clock, tz, user, req.locale, id);
    if (result.ok) return reply.redirect(`/staff/imports/${id}`, 303);
    if (result.refusal !== 'conflict') return refuse(result);
    // Nothing was imported: the preview again, saying why.
    const preview = valueOf(await previewImport(app.db, app.clock, tz, user, id));
    if (result.reason === 'closed') return previewPage(req, reply, preview, 409, 'imports.show.closed');
    return previewPage(
      req,
      reply,
      preview,
      422,
      result.reason === 'campaign_closed' ? 'imports.show.campaignClosed' : 'imports.show.changed',
    );
  });

  app.post<IdParams>('/imports/:id/discard', { config: importPermission }, async (req, reply) => {
    const user = staffUser(req);
    const id = idParam(req.params.id);
    const result = await discardImport(app.db, app.clock, user, id);
    if (result.ok) return reply.redirect(`/staff/imports/${id}`, 303);
    if (result.refusal !== 'conflict') return refuse(result);
    return previewPage(
      req,
      reply,
      valueOf(await previewImport(app.db, app.clock, tz, user, id)),
      409,
      'imports.show.closed',
    );
  });
};

/** The text fields of a urlencoded body (a form sent without its file). */
function textFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object')
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

export default routes;
