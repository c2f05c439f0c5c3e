// Staff pages for rectifications: the list (each reader sees the units they may), one
// rectification with what can be done to it now, the unit's draft form, the coordinator's
// approval, progress reports and the report that it is done.
import { conflict, invalid } from '../shared/result.js';
import { formErrors, refuse, valueOf } from '../web/refusals.js';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { can, problemScope, scopeUnits } from '../accounts/permissions.js';
import { campaignInView } from '../campaigns/service.js';
import { openRoundOf } from '../evaluations/service.js';
import { echoValues, validateForm, type FieldErrors } from '../forms/validate.js';
import { localDay } from '../i18n/format.js';
import { sendCommitmentLetters } from '../notices/letters.js';
import { notFound } from '../plugins/errors.js';
import { idParam, staffActor, staffUser, bodyOf, type Body } from '../web/requests.js';
import { unitOptionsAmong } from '../units/service.js';
import {
  addedField,
  BLANK_ADDED_ROWS,
  BLANK_MEASURE_ROWS,
  DoneForm,
  DraftForm,
  MAX_MEASURE_ROWS,
  MEASURE_MAX,
  measureField,
  NOTE_MAX,
  OWNER_MAX,
  PERSON_MAX,
  ProgressForm,
  REASON_MAX,
  reopenField,
  ReturnForm,
  RevisionForm,
} from './schemas.js';
import { tellApprovers } from './approval-mail.js';
import {
  approveRevision,
  awaitingApproval,
  returnToUnit,
  submitDraft,
  submitRevision,
  commitRectification,
  frozenForReview,
  listForStaff,
  rectificationForStaff,
  rectificationInScope,
  reportDone,
  reportProgress,
  saveDraft,
  startRectification,
  type Change,
  type RectificationConflict,
} from './service.js';
import { RECTIFICATION_STATES, type RectificationState } from './state.js';

type Query = Record<string, unknown>;
const isId = (v: unknown): v is string => typeof v === 'string' && /^[1-9]\d{0,9}$/.test(v);
const isState = (v: unknown): v is RectificationState =>
  typeof v === 'string' && (RECTIFICATION_STATES as readonly string[]).includes(v);
const max = { measure: MEASURE_MAX, owner: OWNER_MAX, person: PERSON_MAX, note: NOTE_MAX, reason: REASON_MAX };

/** What the form says when a change refuses on account of state (422, the page again). */
const CONFLICT_MESSAGES: Record<RectificationConflict, string> = {
  problem_merged: 'rectifications.errors.problemMerged',
  not_draft: 'rectifications.errors.notDraft',
  frozen: 'evaluations.errors.frozenForReview',
  no_progress_now: 'rectifications.errors.noProgressNow',
  not_in_progress: 'rectifications.errors.notInProgress',
  revision_needed: 'rectifications.errors.revisionNeeded',
  revision_pending: 'rectifications.errors.revisionPending',
  no_revision_now: 'rectifications.errors.noRevisionNow',
  nothing_to_return: 'rectifications.errors.nothingToReturn',
  already_submitted: 'rectifications.errors.alreadySubmitted',
};

const routes: FastifyPluginAsync = async (app) => {
  const read = { config: { permission: 'rectifications.read' as const } };
  const work = { config: { permission: 'rectifications.work' as const } };
  const approve = { config: { permission: 'rectifications.approve' as const } };
  const today = () => localDay(app.clock.now(), app.config.timeZone);

  app.get<{ Querystring: Query }>('/rectifications', read, async (req, reply) => {
    const user = staffUser(req);
    const { campaign, campaigns } = valueOf(
      await campaignInView(
        app.db,
        app.clock.now(),
        app.config.timeZone,
        isId(req.query.campaign) ? Number(req.query.campaign) : undefined,
      ),
    );
    const state = isState(req.query.state) ? req.query.state : undefined;
    const unitId = isId(req.query.unit) ? Number(req.query.unit) : undefined;
    const overdueOnly = req.query.overdue === '1';
    const rows = campaign
      ? await listForStaff(
          app.db,
          { campaignId: campaign.id, state, unitId, overdueOn: overdueOnly ? today() : undefined },
          problemScope(user),
          today(),
        )
      : [];
    return reply.page('rectifications/list', {
      title: req.t('rectifications.list.title'),
      campaign: campaign ?? null,
      campaigns,
      // The filter offers only the units this reader may see.
      units: await unitOptionsAmong(app.db, scopeUnits(problemScope(user))),
      states: RECTIFICATION_STATES,
      rows,
      // Told in the portal: what waits for this reader's approval.
      awaiting: can(user, 'rectifications.approve') ? await awaitingApproval(app.db, problemScope(user)) : [],
      values: { campaign: campaign?.id ?? '', state: state ?? '', unit: unitId ?? '', overdue: overdueOnly ? '1' : '' },
      errors: {},
    });
  });

  /** A change's answer: on to the page with a notice, or the page again with the errors. */
  function settle(
    req: FastifyRequest,
    reply: FastifyReply,
    result: Change,
    flash: string,
    againWith: (errors: FieldErrors) => Promise<string>,
  ) {
    if (!result.ok) return againWith(formErrors(result, CONFLICT_MESSAGES));
    reply.flash(flash);
    return reply.redirect(`/staff/rectifications/${result.value.id}`, 303);
  }

  app.post('/rectifications', work, async (req, reply) => {
    const body = bodyOf(req);
    if (!isId(body.problem_id)) throw notFound();
    const problemId = Number(body.problem_id);
    const result = await startRectification(
      app.db,
      staffActor(req),
      app.clock.now(),
      problemId,
      problemScope(staffUser(req)),
    );
    if (!result.ok && !(result.refusal === 'conflict' && result.reason === 'problem_merged')) return refuse(result);
    if (!result.ok) {
      // A merged problem has no rectification of its own: back to it, with why.
      reply.flash('flash.rectificationRefused');
      return reply.redirect(`/staff/problems/${problemId}`, 303);
    }
    return reply.redirect(`/staff/rectifications/${result.value.id}/edit`, 303);
  });

  async function rectificationPage(
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Body,
    errors: FieldErrors,
    status: number,
  ) {
    const found = valueOf(await rectificationForStaff(app.db, id, problemScope(staffUser(req)), today()));
    const state = found.rectification.state;
    return reply.page(
      'rectifications/show',
      {
        title: found.problem.title,
        ...found,
        // While a round is open the measures and progress are frozen; coordinators go to it from here.
        openRound: (await openRoundOf(app.db, id)) ?? null,
        values,
        errors,
        labels: {
          note: req.t('rectifications.fields.note'),
          percent: req.t('rectifications.fields.percent'),
          done: req.t('rectifications.fields.measuresDone'),
          done_note: req.t('rectifications.fields.doneNote'),
          return_reason: req.t('rectifications.fields.returnReason'),
        },
        max,
        may: {
          edit: state === 'draft' && can(staffUser(req), 'rectifications.work'),
          approve: state === 'draft' && can(staffUser(req), 'rectifications.approve') && found.measures.length > 0,
          progress:
            ['committed', 'in_progress', 'failed', 'relapsed'].includes(state) &&
            can(staffUser(req), 'rectifications.work'),
          done: state === 'in_progress' && !found.needsRevision && can(staffUser(req), 'rectifications.work'),
          submitDraft:
            state === 'draft' &&
            !found.waiting &&
            found.measures.length > 0 &&
            can(staffUser(req), 'rectifications.work'),
          revise: found.needsRevision && !found.waiting && can(staffUser(req), 'rectifications.work'),
          approveRevision:
            found.waiting?.submission.kind === 'revision' && can(staffUser(req), 'rectifications.approve'),
          returnIt:
            (state === 'draft' || found.waiting?.submission.kind === 'revision') &&
            can(staffUser(req), 'rectifications.approve'),
        },
        publicPath: state === 'draft' ? null : `/notices/${id}`,
      },
      status,
    );
  }

  app.get<{ Params: { id: string } }>('/rectifications/:id', read, async (req, reply) =>
    rectificationPage(req, reply, idParam(req.params.id), {}, {}, 200),
  );

  async function draftPage(
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Body | null,
    errors: FieldErrors,
    status: number,
  ) {
    const found = valueOf(await rectificationForStaff(app.db, id, problemScope(staffUser(req)), today()));
    const r = found.rectification;
    if (r.state !== 'draft') {
      reply.flash('flash.notDraft');
      return reply.redirect(`/staff/rectifications/${id}`, 303);
    }
    let v: Body;
    if (values) v = values;
    else {
      v = { responsible_person: r.responsible_person, target_date: r.target_date ?? '' };
      found.measures.forEach((m, i) => {
        v[measureField(i, 'id')] = m.id;
        v[measureField(i, 'description')] = m.description;
        v[measureField(i, 'owner')] = m.owner;
        v[measureField(i, 'deadline')] = m.deadline;
      });
    }
    // Rows with an id or with something typed, then blank ones for new measures.
    let used = 0;
    for (let i = 0; i < MAX_MEASURE_ROWS; i++)
      if (
        ['id', 'description', 'owner', 'deadline'].some(
          (f) => v[measureField(i, f as 'id')] != null && v[measureField(i, f as 'id')] !== '',
        )
      )
        used = i + 1;
    const rows = Math.min(MAX_MEASURE_ROWS, used + BLANK_MEASURE_ROWS);
    const labels: Record<string, string> = {
      responsible_person: req.t('rectifications.fields.responsiblePerson'),
      target_date: req.t('rectifications.fields.targetDate'),
      _form: '',
    };
    for (let i = 0; i < rows; i++) {
      const n = req.t('rectifications.draft.measureN', { n: i + 1 });
      labels[measureField(i, 'description')] = `${n}, ${req.t('rectifications.fields.measure')}`;
      labels[measureField(i, 'owner')] = `${n}, ${req.t('rectifications.fields.owner')}`;
      labels[measureField(i, 'deadline')] = `${n}, ${req.t('rectifications.fields.deadline')}`;
    }
    return reply.page(
      'rectifications/draft',
      {
        title: req.t('rectifications.draft.title'),
        ...found,
        values: v,
        errors,
        labels,
        rows,
        max,
        existingIds: new Set(found.measures.map((m) => String(m.id))),
      },
      status,
    );
  }

  app.get<{ Params: { id: string } }>('/rectifications/:id/edit', work, async (req, reply) =>
    draftPage(req, reply, idParam(req.params.id), null, {}, 200),
  );

  app.post<{ Params: { id: string } }>('/rectifications/:id/draft', work, async (req, reply) => {
    const id = idParam(req.params.id);
    const body = bodyOf(req);
    const form = validateForm(DraftForm, body);
    const again = (errors: FieldErrors) => draftPage(req, reply, id, echoValues(body), errors, 422);
    if (!form.ok) {
      // Unknown or out-of-scope ids are a 404/403 before any 422.
      valueOf(await rectificationInScope(app.db, id, problemScope(staffUser(req))));
      return again(form.errors);
    }
    return settle(
      req,
      reply,
      await saveDraft(app.db, staffActor(req), app.clock.now(), id, problemScope(staffUser(req)), form.data),
      'flash.draftSaved',
      again,
    );
  });

  app.post<{ Params: { id: string } }>('/rectifications/:id/approve', approve, async (req, reply) => {
    const id = idParam(req.params.id);
    const result = await commitRectification(app.db, staffActor(req), app.clock.now(), id);
    if (result.ok) await sendCommitmentLetters(app, id, staffActor(req));
    return settle(req, reply, result, 'flash.committed', (errors) =>
      rectificationPage(req, reply, id, {}, errors, 422),
    );
  });

  app.post<{ Params: { id: string } }>('/rectifications/:id/progress', work, async (req, reply) => {
    const id = idParam(req.params.id);
    const body = bodyOf(req);
    const form = validateForm(ProgressForm, body);
    const again = (errors: FieldErrors) => rectificationPage(req, reply, id, echoValues(body), errors, 422);
    const result = form.ok
      ? await reportProgress(app.db, staffActor(req), app.clock.now(), id, problemScope(staffUser(req)), form.data)
      : await scopedInvalid(req, id, form.errors, true);
    return settle(req, reply, result, 'flash.progressReported', again);
  });

  app.post<{ Params: { id: string } }>('/rectifications/:id/done', work, async (req, reply) => {
    const id = idParam(req.params.id);
    const body = bodyOf(req);
    const form = validateForm(DoneForm, { note: body.done_note });
    const prefixed = (errors: FieldErrors) =>
      Object.fromEntries(Object.entries(errors).map(([k, e]) => [k === 'note' ? 'done_note' : k, e]));
    const again = (errors: FieldErrors) => rectificationPage(req, reply, id, echoValues(body), prefixed(errors), 422);
    const result = form.ok
      ? await reportDone(app.db, staffActor(req), app.clock.now(), id, problemScope(staffUser(req)), form.data.note)
      : await scopedInvalid(req, id, form.errors);
    return settle(req, reply, result, 'flash.reportedDone', again);
  });

  // Sent for approval, returned, revised ------------------------------------------------------

  app.post<{ Params: { id: string } }>('/rectifications/:id/submit', work, async (req, reply) => {
    const id = idParam(req.params.id);
    const result = await submitDraft(app.db, staffActor(req), app.clock.now(), id, problemScope(staffUser(req)));
    if (result.ok) await tellApprovers(app, id, result.value.kind);
    return settle(req, reply, result, 'flash.draftSubmitted', (errors) =>
      rectificationPage(req, reply, id, {}, errors, 422),
    );
  });

  app.post<{ Params: { id: string } }>('/rectifications/:id/return', approve, async (req, reply) => {
    const id = idParam(req.params.id);
    const body = bodyOf(req);
    const form = validateForm(ReturnForm, body);
    const again = (errors: FieldErrors) => rectificationPage(req, reply, id, echoValues(body), errors, 422);
    const result = form.ok
      ? await returnToUnit(app.db, staffActor(req), app.clock.now(), id, form.data)
      : await scopedInvalid(req, id, form.errors);
    return settle(req, reply, result, 'flash.returnedToUnit', again);
  });

  app.post<{ Params: { id: string } }>('/rectifications/:id/revision/approve', approve, async (req, reply) => {
    const id = idParam(req.params.id);
    const result = await approveRevision(app.db, staffActor(req), app.clock.now(), id);
    return settle(req, reply, result, 'flash.revisionApproved', (errors) =>
      rectificationPage(req, reply, id, {}, errors, 422),
    );
  });

  async function revisionPage(
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Body | null,
    errors: FieldErrors,
    status: number,
  ) {
    const found = valueOf(await rectificationForStaff(app.db, id, problemScope(staffUser(req)), today()));
    if (!found.needsRevision || found.waiting) {
      reply.flash('flash.noRevisionNow');
      return reply.redirect(`/staff/rectifications/${id}`, 303);
    }
    let v: Body;
    if (values) v = values;
    else {
      v = { target_date: found.rectification.target_date ?? '' };
      found.measures.forEach((m, i) => (v[reopenField(i, 'id')] = m.id));
    }
    let used = 0;
    for (let i = 0; i < MAX_MEASURE_ROWS; i++)
      if (
        (['description', 'owner', 'deadline'] as const).some(
          (f) => v[addedField(i, f)] != null && v[addedField(i, f)] !== '',
        )
      )
        used = i + 1;
    const rows = Math.min(MAX_MEASURE_ROWS, used + BLANK_ADDED_ROWS);
    const labels: Record<string, string> = {
      reason: req.t('rectifications.fields.revisionReason'),
      target_date: req.t('rectifications.fields.targetDate'),
      _form: '',
    };
    found.measures.forEach(
      (m, i) =>
        (labels[reopenField(i, 'deadline')] =
          `${req.t('rectifications.draft.measureN', { n: i + 1 })}, ${req.t('rectifications.fields.newDeadline')}`),
    );
    for (let i = 0; i < rows; i++) {
      const n = req.t('rectifications.revision.newN', { n: i + 1 });
      labels[addedField(i, 'description')] = `${n}, ${req.t('rectifications.fields.measure')}`;
      labels[addedField(i, 'owner')] = `${n}, ${req.t('rectifications.fields.owner')}`;
      labels[addedField(i, 'deadline')] = `${n}, ${req.t('rectifications.fields.deadline')}`;
    }
    return reply.page(
      'rectifications/revision',
      { title: req.t('rectifications.revision.title'), ...found, values: v, errors, labels, rows, max },
      status,
    );
  }

  app.get<{ Params: { id: string } }>('/rectifications/:id/revision', work, async (req, reply) =>
    revisionPage(req, reply, idParam(req.params.id), null, {}, 200),
  );

  app.post<{ Params: { id: string } }>('/rectifications/:id/revision', work, async (req, reply) => {
    const id = idParam(req.params.id);
    const body = bodyOf(req);
    const form = validateForm(RevisionForm, body);
    const again = (errors: FieldErrors) => revisionPage(req, reply, id, echoValues(body), errors, 422);
    if (!form.ok) {
      valueOf(await rectificationInScope(app.db, id, problemScope(staffUser(req))));
      return again(form.errors);
    }
    const result = await submitRevision(
      app.db,
      staffActor(req),
      app.clock.now(),
      today(),
      id,
      problemScope(staffUser(req)),
      form.data,
    );
    if (result.ok) await tellApprovers(app, id, result.value.kind);
    // A revision refused on account of state has no form to come back to: the rectification's page says why.
    if (!result.ok && result.refusal === 'conflict')
      return rectificationPage(req, reply, id, {}, formErrors(result, CONFLICT_MESSAGES), 409);
    return settle(req, reply, result, 'flash.revisionSubmitted', again);
  });

  /**
   * A form that did not read: 404 or 403 first if the rectification is unknown or not the
   * reader's; for progress while it is being judged, that it cannot change now (its form is not
   * on the page, so errors by its fields would point nowhere).
   */
  async function scopedInvalid(
    req: FastifyRequest,
    id: number,
    errors: FieldErrors,
    progress = false,
  ): Promise<Change> {
    const r = await rectificationInScope(app.db, id, problemScope(staffUser(req)));
    if (!r.ok) return r;
    if (progress && frozenForReview(r.value.state)) return conflict('frozen');
    return invalid(errors);
  }
};

export default routes;
