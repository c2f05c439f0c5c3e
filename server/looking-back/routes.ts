// The looking-back checks (under /staff): those due, for coordinators and the supervisors who
// watch the unit, and the coordinator's record of what was found.
import { formErrors, valueOf } from '../web/refusals.js';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { problemScope } from '../accounts/permissions.js';
import { day, text } from '../forms/fields.js';
import { echoValues, validateForm, type FieldErrors } from '../forms/validate.js';
import { localDay } from '../i18n/format.js';
import { idParam, staffActor, staffUser } from '../web/requests.js';
import { moveDue, pending, pendingCheck, recordFinding, type CheckConflict } from './service.js';

const FindingForm = z.object({
  finding: z.enum(['holding', 'relapsed'], { error: 'lookingBack.errors.chooseFinding' }),
  note: text(2000),
});
const DueForm = z.object({ due_on: day() });

/** What the form says when a check refuses on account of state (422, the page again). */
const CONFLICT_MESSAGES: Record<CheckConflict, string> = {
  recorded: 'lookingBack.errors.recorded',
  not_passed: 'lookingBack.errors.notPassed',
};

const routes: FastifyPluginAsync = async (app) => {
  const read = { config: { permission: 'lookingBack.read' as const } };
  const record = { config: { permission: 'lookingBack.record' as const } };

  app.get('/looking-back', read, async (req, reply) => {
    const checks = await pending(app.db, problemScope(staffUser(req)));
    return reply.page('looking-back/list', {
      title: req.t('lookingBack.list.title'),
      checks,
      today: localDay(app.clock.now(), app.config.timeZone),
    });
  });

  async function checkPage(
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Record<string, unknown>,
    errors: FieldErrors,
    status: number,
  ) {
    const check = valueOf(await pendingCheck(app.db, id));
    return reply.page(
      'looking-back/check',
      {
        title: req.t('lookingBack.check.title'),
        check,
        values: { due_on: check.due_on, ...values },
        errors,
        labels: {
          finding: req.t('lookingBack.fields.finding'),
          note: req.t('lookingBack.fields.note'),
          due_on: req.t('lookingBack.fields.dueOn'),
        },
      },
      status,
    );
  }

  app.get<{ Params: { id: string } }>('/looking-back/:id', record, async (req, reply) =>
    checkPage(req, reply, idParam(req.params.id), {}, {}, 200),
  );

  app.post<{ Params: { id: string } }>('/looking-back/:id', record, async (req, reply) => {
    const id = idParam(req.params.id);
    const form = validateForm(FindingForm, req.body);
    const result = form.ok
      ? await recordFinding(app.db, staffActor(req), app.clock.now(), id, form.data.finding, form.data.note)
      : form;
    if (!result.ok) return checkPage(req, reply, id, echoValues(req.body), formErrors(result, CONFLICT_MESSAGES), 422);
    reply.flash('flash.lookedBack');
    return reply.redirect(`/staff/rectifications/${result.value.rectificationId}`, 303);
  });

  app.post<{ Params: { id: string } }>('/looking-back/:id/due', record, async (req, reply) => {
    const id = idParam(req.params.id);
    const form = validateForm(DueForm, req.body);
    const result = form.ok ? await moveDue(app.db, staffActor(req), app.clock.now(), id, form.data.due_on) : form;
    if (!result.ok) return checkPage(req, reply, id, echoValues(req.body), formErrors(result, CONFLICT_MESSAGES), 422);
    reply.flash('flash.saved');
    return reply.redirect(`/staff/looking-back/${id}`, 303);
  });
};

export default routes;
