// The register of representatives and image supervisors (under /staff), kept by coordinators.
import { formErrors, valueOf } from '../web/refusals.js';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { echoValues, validateForm, type FieldErrors } from '../forms/validate.js';
import { idParam, staffActor } from '../web/requests.js';
import { unitOptions } from '../units/service.js';
import { AFFILIATIONS, PERSON_NAME_MAX, PersonForm } from './schemas.js';
import { addPerson, editPerson, freeSupervisorAccounts, personForEdit, register, setActive } from './service.js';

const config = { permission: 'people.manage' } as const;
type Params = { Params: { id: string } };

const routes: FastifyPluginAsync = async (app) => {
  app.get('/people', { config }, async (req, reply) =>
    reply.page('people/list', { title: req.t('people.list.title'), ...(await register(app.db)) }),
  );

  async function formPage(
    req: FastifyRequest,
    reply: FastifyReply,
    personId: number | null,
    values: Record<string, unknown>,
    errors: FieldErrors,
    status: number,
  ) {
    const chosen = new Set([values.units ?? []].flat().map(String));
    return reply.page(
      'people/form',
      {
        title: req.t(personId ? 'people.form.editTitle' : 'people.form.newTitle'),
        action: personId ? `/staff/people/${personId}` : '/staff/people',
        personId,
        values,
        errors,
        chosen,
        affiliations: AFFILIATIONS,
        units: await unitOptions(app.db),
        accounts: await freeSupervisorAccounts(app.db, personId),
        nameMax: PERSON_NAME_MAX,
        labels: Object.fromEntries(
          ['name', 'affiliation', 'email', 'phone', 'locale', 'term_starts_on', 'term_ends_on', 'units', 'user_id'].map(
            (f) => [f, req.t(`people.fields.${f}`)],
          ),
        ),
      },
      status,
    );
  }

  app.get('/people/new', { config }, async (req, reply) =>
    formPage(req, reply, null, { affiliation: '', locale: 'zh-CN' }, {}, 200),
  );

  app.post('/people', { config }, async (req, reply) => {
    const form = validateForm(PersonForm, req.body);
    const result = form.ok ? await addPerson(app.db, staffActor(req), app.clock.now(), form.data) : form;
    if (!result.ok) return formPage(req, reply, null, echoValues(req.body), formErrors(result), 422);
    reply.flash('flash.saved');
    return reply.redirect('/staff/people', 303);
  });

  app.get<Params>('/people/:id/edit', { config }, async (req, reply) => {
    const id = idParam(req.params.id);
    const { person, units } = valueOf(await personForEdit(app.db, id));
    const values = {
      ...person,
      email: person.email ?? '',
      phone: person.phone ?? '',
      term_starts_on: person.term_starts_on ?? '',
      term_ends_on: person.term_ends_on ?? '',
      user_id: person.user_id ?? '',
      units: units.map(String),
    };
    return formPage(req, reply, id, values, {}, 200);
  });

  app.post<Params>('/people/:id', { config }, async (req, reply) => {
    const id = idParam(req.params.id);
    const form = validateForm(PersonForm, req.body);
    // An unknown record is a 404 before any 422.
    if (!form.ok) valueOf(await personForEdit(app.db, id));
    const result = form.ok ? await editPerson(app.db, staffActor(req), app.clock.now(), id, form.data) : form;
    if (!result.ok) return formPage(req, reply, id, echoValues(req.body), formErrors(result), 422);
    reply.flash('flash.saved');
    return reply.redirect('/staff/people', 303);
  });

  for (const [path, active] of [
    ['retire', false],
    ['reinstate', true],
  ] as const) {
    app.post<Params>(`/people/:id/${path}`, { config }, async (req, reply) => {
      valueOf(await setActive(app.db, staffActor(req), app.clock.now(), idParam(req.params.id), active));
      reply.flash('flash.saved');
      return reply.redirect('/staff/people', 303);
    });
  }
};

export default routes;
