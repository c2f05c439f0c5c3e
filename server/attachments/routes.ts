// Staff pages for attachments (under /staff): an opinion's attachments with the upload form,
// the upload itself, and the download. Every one checks the opinion is in the reader's scope,
// the same rule as the opinion page: outside it 403, an unknown one 404.
import { formErrors, valueOf } from '../web/refusals.js';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { opinionScope } from '../accounts/permissions.js';
import type { OpinionRow } from '../opinions/tables.js';
import { validateForm, type FieldErrors } from '../forms/validate.js';
import { uploadedForm, type UploadedForm } from '../plugins/uploads.js';
import { groupCode } from '../shared/codes.js';
import { idParam, staffUser } from '../web/requests.js';
import { contentDisposition } from './filenames.js';
import { AttachmentForm, attachmentFormInput, UPLOAD_MAX_MB } from './schemas.js';
import { addAttachment, attachmentFile, attachmentsOf, readableOpinion } from './service.js';
import { AttachmentStore } from './storage.js';

type Params = { Params: { id: string } };

/** What a stored file may do when opened: nothing but be shown. */
const FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

const routes: FastifyPluginAsync = async (app) => {
  const store = new AttachmentStore(app.config.dataDir);

  const page = async (
    req: FastifyRequest,
    reply: FastifyReply,
    opinion: OpinionRow,
    errors: FieldErrors = {},
    status = 200,
  ) =>
    reply.page(
      'attachments/index',
      {
        title: req.t('attachments.page.title', { code: groupCode(opinion.tracking_code) }),
        opinion,
        code: groupCode(opinion.tracking_code),
        attachments: await attachmentsOf(app.db, opinion.id, req.locale),
        maxMb: UPLOAD_MAX_MB,
        errors,
        labels: { _form: '', file: req.t('attachments.form.file') },
      },
      status,
    );

  app.get<Params>('/opinions/:id/attachments', { config: { permission: 'attachments.add' } }, async (req, reply) => {
    const opinion = valueOf(await readableOpinion(app.db, idParam(req.params.id), opinionScope(staffUser(req))));
    return page(req, reply, opinion);
  });

  app.post<Params>('/opinions/:id/attachments', { config: { permission: 'attachments.add' } }, async (req, reply) => {
    const user = staffUser(req);
    const opinion = valueOf(await readableOpinion(app.db, idParam(req.params.id), opinionScope(user)));
    // A form without enctype="multipart/form-data" sends no file: say so like an empty one.
    const upload: UploadedForm = req.isMultipart() ? await uploadedForm(req.body) : { fields: {}, files: [] };
    const form = validateForm(AttachmentForm, attachmentFormInput(upload));
    if (!form.ok) return page(req, reply, opinion, form.errors, 422);
    const { file } = form.data;
    const result = await addAttachment(
      app.db,
      store,
      app.clock,
      { id: user.id, label: user.email },
      {
        opinionId: opinion.id,
        filename: file.filename,
        data: file.data,
      },
    );
    if (!result.ok) return page(req, reply, opinion, formErrors(result), 422);
    reply.flash('flash.attachmentAdded');
    return reply.redirect(`/staff/opinions/${opinion.id}#attachments`, 303);
  });

  app.get<Params>('/attachments/:id', { config: { permission: 'opinions.read' } }, async (req, reply) => {
    const { attachment, data } = valueOf(
      await attachmentFile(app.db, store, idParam(req.params.id), opinionScope(staffUser(req))),
    );
    // Images open in the browser; a PDF is saved, never shown inside the portal's origin.
    const disposition = attachment.media_type === 'application/pdf' ? 'attachment' : 'inline';
    return reply
      .header('Content-Type', attachment.media_type)
      .header('Content-Length', String(data.length))
      .header('Content-Disposition', contentDisposition(disposition, attachment.filename))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'private, no-store')
      .header('Content-Security-Policy', FILE_CSP)
      .send(data);
  });
};

export default routes;
