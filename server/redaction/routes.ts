// Staff pages for redaction (under /staff): the redaction form (also on the opinion page; this
// page is where it comes back with its errors), the redaction itself, and the text before
// redaction for administrators. Each checks the opinion is in the reader's scope.
import { formErrors, valueOf } from '../web/refusals.js';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { opinionScope } from '../accounts/permissions.js';
import { echoValues, validateForm, type FieldErrors } from '../forms/validate.js';
import type { OpinionRow } from '../opinions/tables.js';
import { groupCode } from '../shared/codes.js';
import { idParam, staffUser } from '../web/requests.js';
import type { Detected } from './detect.js';
import { RedactionForm } from './schemas.js';
import { markerFor, originalOf, redactionForm, redactOpinion } from './service.js';

type Params = { Params: { id: string } };

const routes: FastifyPluginAsync = async (app) => {
  const formPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    o: {
      opinion: OpinionRow;
      detected: Detected[];
      values?: Record<string, unknown>;
      errors?: FieldErrors;
      status?: number;
    },
  ) => {
    const code = groupCode(o.opinion.tracking_code);
    return reply.page(
      'redaction/form',
      {
        title: req.t('redaction.page.title', { code }),
        opinion: o.opinion,
        code,
        detected: o.detected,
        marker: markerFor(o.opinion.locale),
        values: o.values ?? {},
        errors: o.errors ?? {},
        labels: { _form: '', detected: req.t('redaction.form.detected'), passages: req.t('redaction.form.passages') },
      },
      o.status ?? 200,
    );
  };

  app.get<Params>('/opinions/:id/redaction', { config: { permission: 'opinions.redact' } }, async (req, reply) => {
    const found = valueOf(await redactionForm(app.db, idParam(req.params.id), opinionScope(staffUser(req))));
    return formPage(req, reply, found);
  });

  app.post<Params>('/opinions/:id/redaction', { config: { permission: 'opinions.redact' } }, async (req, reply) => {
    const user = staffUser(req);
    const scope = opinionScope(user);
    const found = valueOf(await redactionForm(app.db, idParam(req.params.id), scope));
    const form = validateForm(RedactionForm, req.body);
    if (!form.ok) return formPage(req, reply, { ...found, values: form.values, errors: form.errors, status: 422 });
    const result = await redactOpinion(
      app.db,
      app.clock,
      { id: user.id, label: user.email },
      found.opinion.id,
      scope,
      form.data,
    );
    if (!result.ok) {
      // Shown against the text as it is now (someone may have redacted it meanwhile).
      const now = valueOf(await redactionForm(app.db, found.opinion.id, scope));
      return formPage(req, reply, { ...now, values: echoValues(req.body), errors: formErrors(result), status: 422 });
    }
    reply.flash('flash.redacted');
    return reply.redirect(`/staff/opinions/${found.opinion.id}`, 303);
  });

  app.get<Params>('/opinions/:id/original', { config: { permission: 'opinions.readOriginal' } }, async (req, reply) => {
    const { opinion, original } = valueOf(
      await originalOf(app.db, idParam(req.params.id), opinionScope(staffUser(req))),
    );
    const code = groupCode(opinion.tracking_code);
    return reply.page('redaction/original', {
      title: req.t('redaction.original.title', { code }),
      opinion,
      code,
      original,
    });
  });
};

export default routes;
