// The administrator's pages for the unit tree and the units' contact addresses (under /staff).
import { formErrors, valueOf } from '../web/refusals.js';
import { idParam, staffActor } from '../web/requests.js';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { id as idField } from '../forms/fields.js';
import { echoValues, validateForm, type FieldErrors } from '../forms/validate.js';
import { submittedContactRows, unitFormValues, UnitForm } from './schemas.js';
import { createUnit, unitForest, unitOptions, unitWithContacts, updateUnit } from './service.js';
import { UNIT_KINDS, type UnitRow } from './tables.js';

const config = { permission: 'units.manage' } as const;

type Params = { Params: { id: string } };

const routes: FastifyPluginAsync = async (app) => {
  const formPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    o: { unit: UnitRow | null; values: Record<string, unknown>; errors?: FieldErrors; status?: number },
  ) => {
    const { unit } = o;
    return reply.page(
      'units/form',
      {
        title: unit ? req.t('units.form.editTitle', { name: unit.name }) : req.t('units.form.newTitle'),
        action: unit ? `/staff/units/${unit.id}` : '/staff/units',
        unit,
        values: o.values,
        errors: o.errors ?? {},
        rows: submittedContactRows(o.values),
        kinds: UNIT_KINDS,
        parents: await unitOptions(app.db),
      },
      o.status ?? 200,
    );
  };

  app.get('/units', { config }, async (req, reply) => {
    return reply.page('units/index', { title: req.t('units.list.title'), tree: await unitForest(app.db) });
  });

  app.get<{ Querystring: { parent?: string } }>('/units/new', { config }, async (req, reply) => {
    const parent = idField().safeParse(req.query.parent ?? '');
    return formPage(req, reply, {
      unit: null,
      values: unitFormValues(null, [], { parentId: parent.success ? parent.data : null }),
    });
  });

  app.post('/units', { config }, async (req, reply) => {
    const form = validateForm(UnitForm, req.body);
    if (!form.ok) return formPage(req, reply, { unit: null, values: form.values, errors: form.errors, status: 422 });
    const result = await createUnit(app.db, staffActor(req), app.clock.now(), form.data);
    if (!result.ok)
      return formPage(req, reply, {
        unit: null,
        values: echoValues(req.body),
        errors: formErrors(result),
        status: 422,
      });
    reply.flash('flash.saved');
    return reply.redirect('/staff/units', 303);
  });

  app.get<Params>('/units/:id/edit', { config }, async (req, reply) => {
    const { unit, contacts } = valueOf(await unitWithContacts(app.db, idParam(req.params.id)));
    return formPage(req, reply, { unit, values: unitFormValues(unit, contacts) });
  });

  app.post<Params>('/units/:id', { config }, async (req, reply) => {
    const { unit } = valueOf(await unitWithContacts(app.db, idParam(req.params.id)));
    const form = validateForm(UnitForm, req.body);
    if (!form.ok) return formPage(req, reply, { unit, values: form.values, errors: form.errors, status: 422 });
    const result = await updateUnit(app.db, staffActor(req), app.clock.now(), unit.id, form.data);
    if (!result.ok)
      return formPage(req, reply, { unit, values: echoValues(req.body), errors: formErrors(result), status: 422 });
    reply.flash('flash.saved');
    return reply.redirect('/staff/units', 303);
  });
};

export default routes;
