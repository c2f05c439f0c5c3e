// The staff pages of questionnaires: the list, building one (details, questions moved up and
// down by buttons that post, the three-degree template), publishing, printing invitation slips
// (the answer to the POST itself, never stored or cached), typing in paper answers, the results
// with their charts, the CSV files, and turning written answers into opinions.
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { attachment, CSV_CONTENT_TYPE } from '../exports/csv.js';
import { echoValues, validateForm, type FieldErrors } from '../forms/validate.js';
import { optionalText } from '../forms/fields.js';
import { localDay } from '../i18n/format.js';
import { notFound } from '../plugins/errors.js';
import type { Refusal } from '../shared/result.js';
import { formErrors, valueOf } from '../web/refusals.js';
import { idParam, staffUser, bodyOf, type Body } from '../web/requests.js';
import { slipQr } from '../shared/slip-qr.js';
import { unitOptions } from '../units/service.js';
import { fieldOf, readAnswers } from './answers.js';
import { groupSurveyCode } from './codes.js';
import { figuresCsv, sheetsCsv } from './export.js';
import {
  ANSWER_TEXT_MAX,
  FORM_NUMBER_MAX,
  INTRODUCTION_MAX,
  ISSUE_KEY,
  MoveForm,
  NewSurveyForm,
  OPTIONS_TEXT_MAX,
  PROMPT_MAX,
  QuestionForm,
  SLIPS_MAX,
  SlipsForm,
  SurveyForm,
  TEMPLATES,
  TITLE_MAX,
  ToOpinionsForm,
} from './schemas.js';
import {
  addQuestion,
  answersToOpinions,
  campaignsToChoose,
  createSurvey,
  enterPaper,
  issueCodes,
  listSurveys,
  moveQuestion,
  publishSurvey,
  removeQuestion,
  resultsForStaff,
  surveyForStaff,
  updateQuestion,
  updateSurvey,
  type SurveyConflict,
  type SurveyView,
} from './service.js';
import { ACCESS_MODES, QUESTION_KINDS } from './tables.js';

/** What the form says when building refuses on account of state (422, the form again). */
const CONFLICT_MESSAGES: Record<SurveyConflict | 'closed', string> = {
  locked: 'surveys.errors.locked',
  already_published: 'surveys.errors.alreadyPublished',
  closed: 'surveys.errors.closed',
};

export const slipAddress = (baseUrl: string, surveyId: number, code: string) =>
  `${baseUrl}/questionnaires/${surveyId}?code=${code}`;

const max = {
  title: TITLE_MAX,
  introduction: INTRODUCTION_MAX,
  prompt: PROMPT_MAX,
  options: OPTIONS_TEXT_MAX,
  slips: SLIPS_MAX,
  answer: ANSWER_TEXT_MAX,
  formNumber: FORM_NUMBER_MAX,
};

const PaperForm = optionalText(FORM_NUMBER_MAX);

const routes: FastifyPluginAsync = async (app) => {
  const manage = { config: { permission: 'surveys.manage' as const } };
  const paper = { config: { permission: 'surveys.enterPaper' as const } };
  const tz = app.config.timeZone;
  const today = () => localDay(app.clock.now(), tz);
  const actorOf = (req: FastifyRequest) => {
    const u = staffUser(req);
    return { id: u.id, label: u.email };
  };

  async function load(id: number): Promise<SurveyView> {
    return valueOf(await surveyForStaff(app.db, id, today()));
  }

  async function lookups() {
    const [campaigns, units] = await Promise.all([campaignsToChoose(app.db), unitOptions(app.db)]);
    return {
      campaigns: campaigns.map((c) => ({ value: String(c.id), label: c.name })),
      units: units.map((u) => ({ value: String(u.id), label: `${'\u00a0\u00a0\u00a0'.repeat(u.depth)}${u.name}` })),
    };
  }

  const detailLabels = (req: FastifyRequest): Record<string, string> => ({
    title: req.t('surveys.fields.title'),
    introduction: req.t('surveys.fields.introduction'),
    campaign_id: req.t('surveys.fields.campaign'),
    unit_id: req.t('surveys.fields.unit'),
    opens_on: req.t('surveys.fields.opensOn'),
    closes_on: req.t('surveys.fields.closesOn'),
    access: req.t('surveys.fields.access'),
    template: req.t('surveys.fields.template'),
  });
  const questionLabels = (req: FastifyRequest): Record<string, string> => ({
    kind: req.t('surveys.fields.kind'),
    prompt: req.t('surveys.fields.prompt'),
    required: req.t('surveys.fields.required'),
    options: req.t('surveys.fields.options'),
  });

  // The list ----------------------------------------------------------------------------------------

  app.get('/questionnaires', paper, async (req, reply) => {
    const surveys = await listSurveys(app.db);
    return reply.page('surveys/list', { title: req.t('surveys.list.title'), surveys, today: today() });
  });

  // A new one -----------------------------------------------------------------------------------------

  async function newPage(req: FastifyRequest, reply: FastifyReply, values: Body, errors: FieldErrors, status: number) {
    return reply.page(
      'surveys/new',
      {
        title: req.t('surveys.new.title'),
        values,
        errors,
        labels: detailLabels(req),
        ...(await lookups()),
        accessModes: ACCESS_MODES,
        templates: TEMPLATES,
        max,
      },
      status,
    );
  }

  app.get<{ Querystring: { template?: string } }>('/questionnaires/new', manage, async (req, reply) => {
    const t = today();
    const template = req.query.template === 'three_degree' ? 'three_degree' : 'none';
    const values: Body = { opens_on: t, closes_on: t, access: 'anyone', template };
    if (template === 'three_degree') values.title = req.t('surveys.template.title');
    const campaigns = await campaignsToChoose(app.db);
    if (campaigns.length === 1) values.campaign_id = String(campaigns[0]!.id);
    return newPage(req, reply, values, {}, 200);
  });

  app.post('/questionnaires', manage, async (req, reply) => {
    const body = bodyOf(req);
    const form = validateForm(NewSurveyForm, body);
    if (!form.ok) return newPage(req, reply, form.values, form.errors, 422);
    const result = await createSurvey(app.db, actorOf(req), app.clock.now(), form.data, req.locale);
    if (!result.ok) return newPage(req, reply, echoValues(body), formErrors(result), 422);
    reply.flash('flash.questionnaireCreated');
    return reply.redirect(`/staff/questionnaires/${result.value.id}`, 303);
  });

  // The builder -------------------------------------------------------------------------------------

  interface Forms {
    details?: { values: Body; errors: FieldErrors };
    question?: { values: Body; errors: FieldErrors };
    slips?: { values: Body; errors: FieldErrors };
    /** Errors of an action with no fields of its own (publish, move, remove). */
    action?: FieldErrors;
  }

  async function showPage(req: FastifyRequest, reply: FastifyReply, view: SurveyView, forms: Forms, status: number) {
    const s = view.survey;
    const detailValues = forms.details?.values ?? {
      title: s.title,
      introduction: s.introduction,
      campaign_id: String(s.campaign_id),
      unit_id: s.unit_id === null ? '' : String(s.unit_id),
      opens_on: s.opens_on,
      closes_on: s.closes_on,
      access: s.access,
    };
    const kept = forms.slips?.values.issue_key;
    return reply.page(
      'surveys/show',
      {
        title: req.t('surveys.show.title', { title: s.title }),
        ...view,
        details: { values: detailValues, errors: forms.details?.errors ?? {}, labels: detailLabels(req) },
        question: {
          values: forms.question?.values ?? { kind: 'single' },
          errors: forms.question?.errors ?? {},
          labels: questionLabels(req),
        },
        slips: {
          values: forms.slips?.values ?? {},
          errors: forms.slips?.errors ?? {},
          labels: { count: req.t('surveys.slips.count') },
        },
        actionErrors: forms.action ?? {},
        issueKey: typeof kept === 'string' && ISSUE_KEY.test(kept) ? kept : randomBytes(18).toString('base64url'),
        ...(await lookups()),
        accessModes: ACCESS_MODES,
        kinds: QUESTION_KINDS,
        max,
      },
      status,
    );
  }

  app.get<{ Params: { id: string } }>('/questionnaires/:id', manage, async (req, reply) =>
    showPage(req, reply, await load(idParam(req.params.id)), {}, 200),
  );

  app.post<{ Params: { id: string } }>('/questionnaires/:id', manage, async (req, reply) => {
    const view = await load(idParam(req.params.id));
    const body = bodyOf(req);
    const form = validateForm(SurveyForm, body);
    if (!form.ok) return showPage(req, reply, view, { details: form }, 422);
    const result = await updateSurvey(app.db, actorOf(req), app.clock.now(), view.survey.id, form.data);
    if (!result.ok)
      return showPage(req, reply, view, { details: { values: echoValues(body), errors: formErrors(result) } }, 422);
    reply.flash('flash.questionnaireSaved');
    return reply.redirect(`/staff/questionnaires/${view.survey.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/questionnaires/:id/questions', manage, async (req, reply) => {
    const view = await load(idParam(req.params.id));
    const body = bodyOf(req);
    const form = validateForm(QuestionForm, body);
    if (!form.ok) return showPage(req, reply, view, { question: form }, 422);
    const result = await addQuestion(app.db, actorOf(req), app.clock.now(), view.survey.id, form.data);
    if (!result.ok)
      return showPage(
        req,
        reply,
        view,
        { question: { values: echoValues(body), errors: formErrors(result, CONFLICT_MESSAGES) } },
        422,
      );
    reply.flash('flash.questionAdded');
    return reply.redirect(`/staff/questionnaires/${view.survey.id}#questions`, 303);
  });

  // One question ---------------------------------------------------------------------------------------

  async function questionPage(
    req: FastifyRequest,
    reply: FastifyReply,
    view: SurveyView,
    questionId: number,
    values: Body | null,
    errors: FieldErrors,
    status: number,
  ) {
    const q = view.questions.find((x) => x.id === questionId);
    if (!q) throw notFound();
    return reply.page(
      'surveys/question',
      {
        title: req.t('surveys.question.title', { n: q.position }),
        survey: view.survey,
        locked: view.locked,
        q,
        values: values ?? {
          kind: q.kind,
          prompt: q.prompt,
          required: q.required ? '1' : '',
          options: q.options.join('\n'),
        },
        errors,
        labels: questionLabels(req),
        kinds: QUESTION_KINDS,
        max,
      },
      status,
    );
  }

  app.get<{ Params: { id: string; qid: string } }>(
    '/questionnaires/:id/questions/:qid/edit',
    manage,
    async (req, reply) =>
      questionPage(req, reply, await load(idParam(req.params.id)), idParam(req.params.qid), null, {}, 200),
  );

  app.post<{ Params: { id: string; qid: string } }>(
    '/questionnaires/:id/questions/:qid',
    manage,
    async (req, reply) => {
      const view = await load(idParam(req.params.id));
      const qid = idParam(req.params.qid);
      const body = bodyOf(req);
      const form = validateForm(QuestionForm, body);
      if (!form.ok) return questionPage(req, reply, view, qid, form.values, form.errors, 422);
      const result = await updateQuestion(app.db, actorOf(req), app.clock.now(), view.survey.id, qid, form.data);
      if (!result.ok)
        return questionPage(req, reply, view, qid, echoValues(body), formErrors(result, CONFLICT_MESSAGES), 422);
      reply.flash('flash.questionChanged');
      return reply.redirect(`/staff/questionnaires/${view.survey.id}#questions`, 303);
    },
  );

  app.post<{ Params: { id: string; qid: string } }>(
    '/questionnaires/:id/questions/:qid/move',
    manage,
    async (req, reply) => {
      const view = await load(idParam(req.params.id));
      const form = validateForm(MoveForm, bodyOf(req));
      if (!form.ok) return showPage(req, reply, view, { action: { _form: { key: 'surveys.errors.moveWhere' } } }, 422);
      const result = await moveQuestion(
        app.db,
        actorOf(req),
        app.clock.now(),
        view.survey.id,
        idParam(req.params.qid),
        form.data.direction,
      );
      if (!result.ok) return showPage(req, reply, view, { action: formErrors(result, CONFLICT_MESSAGES) }, 422);
      reply.flash('flash.questionMoved');
      return reply.redirect(`/staff/questionnaires/${view.survey.id}#question-${result.value.id}`, 303);
    },
  );

  app.post<{ Params: { id: string; qid: string } }>(
    '/questionnaires/:id/questions/:qid/remove',
    manage,
    async (req, reply) => {
      const view = await load(idParam(req.params.id));
      const result = await removeQuestion(
        app.db,
        actorOf(req),
        app.clock.now(),
        view.survey.id,
        idParam(req.params.qid),
      );
      if (!result.ok) return showPage(req, reply, view, { action: formErrors(result, CONFLICT_MESSAGES) }, 422);
      reply.flash('flash.questionRemoved');
      return reply.redirect(`/staff/questionnaires/${view.survey.id}#questions`, 303);
    },
  );

  app.post<{ Params: { id: string } }>('/questionnaires/:id/publish', manage, async (req, reply) => {
    const view = await load(idParam(req.params.id));
    const result = await publishSurvey(app.db, actorOf(req), app.clock.now(), view.survey.id);
    if (!result.ok) return showPage(req, reply, view, { action: formErrors(result, CONFLICT_MESSAGES) }, 422);
    reply.flash('flash.questionnairePublished');
    return reply.redirect(`/staff/questionnaires/${view.survey.id}`, 303);
  });

  // Invitation slips ------------------------------------------------------------------------------------

  app.post<{ Params: { id: string } }>('/questionnaires/:id/codes', manage, async (req, reply) => {
    const view = await load(idParam(req.params.id));
    const body = bodyOf(req);
    const form = validateForm(SlipsForm, body);
    if (!form.ok) return showPage(req, reply, view, { slips: form }, 422);
    const result = await issueCodes(
      app.db,
      actorOf(req),
      app.clock.now(),
      tz,
      view.survey.id,
      form.data.count,
      form.data.issue_key,
    );
    if (!result.ok && result.refusal === 'conflict' && result.reason === 'already_issued')
      return showPage(
        req,
        reply,
        view,
        { slips: { values: {}, errors: { _form: { key: 'surveys.errors.alreadyIssued' } } } },
        409,
      );
    if (!result.ok)
      return showPage(
        req,
        reply,
        view,
        { slips: { values: echoValues(body), errors: formErrors(result as Refusal<'closed'>, CONFLICT_MESSAGES) } },
        422,
      );
    const slips = await Promise.all(
      result.value.codes.map(async (code) => {
        const address = slipAddress(app.config.baseUrl, view.survey.id, code);
        return { grouped: groupSurveyCode(code), address, qr: await slipQr(address) };
      }),
    );
    reply.header('Cache-Control', 'no-store');
    reply.header('X-Robots-Tag', 'noindex, nofollow');
    return reply.page('surveys/slips', {
      title: req.t('surveys.slips.title', { count: slips.length }),
      survey: view.survey,
      slips,
      answerAddress: `${app.config.baseUrl}/questionnaires/${view.survey.id}`,
    });
  });

  // Paper answers -------------------------------------------------------------------------------------

  async function paperPage(
    req: FastifyRequest,
    reply: FastifyReply,
    view: SurveyView,
    values: Body,
    errors: FieldErrors,
    status: number,
  ) {
    const labels: Record<string, string> = { form_number: req.t('surveys.paper.formNumber') };
    for (const q of view.questions) labels[fieldOf(q)] = `${q.position}. ${q.prompt}`;
    return reply.page(
      'surveys/paper',
      { title: req.t('surveys.paper.title', { title: view.survey.title }), ...view, values, errors, labels, max },
      status,
    );
  }

  app.get<{ Params: { id: string } }>('/questionnaires/:id/paper', paper, async (req, reply) => {
    const view = await load(idParam(req.params.id));
    if (view.survey.state !== 'published') throw notFound();
    return paperPage(req, reply, view, {}, {}, 200);
  });

  app.post<{ Params: { id: string } }>('/questionnaires/:id/paper', paper, async (req, reply) => {
    const view = await load(idParam(req.params.id));
    if (view.survey.state !== 'published') throw notFound();
    const body = bodyOf(req);
    const read = readAnswers(view.questions, body);
    const number = PaperForm.safeParse(typeof body.form_number === 'string' ? body.form_number : undefined);
    const errors: FieldErrors = read.ok ? {} : { ...read.errors };
    if (!number.success) errors.form_number = { key: 'errors.tooLong', params: { max: FORM_NUMBER_MAX } };
    if (!read.ok || !number.success) return paperPage(req, reply, view, echoValues(body), errors, 422);
    const result = await enterPaper(
      app.db,
      actorOf(req),
      app.clock.now(),
      tz,
      view.survey.id,
      read.answers,
      number.data,
    );
    if (!result.ok) return paperPage(req, reply, view, echoValues(body), formErrors(result), 422);
    reply.flash('flash.paperEntered');
    return reply.redirect(`/staff/questionnaires/${view.survey.id}/paper`, 303);
  });

  // Results ---------------------------------------------------------------------------------------------

  async function resultsPage(
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Body,
    errors: FieldErrors,
    status: number,
  ) {
    const results = valueOf(await resultsForStaff(app.db, id, today()));
    return reply.page(
      'surveys/results',
      {
        title: req.t('surveys.results.title', { title: results.view.survey.title }),
        ...results,
        values,
        errors,
        chosen: new Set([values.answers ?? []].flat().map(String)),
      },
      status,
    );
  }

  app.get<{ Params: { id: string } }>('/questionnaires/:id/results', manage, async (req, reply) =>
    resultsPage(req, reply, idParam(req.params.id), {}, {}, 200),
  );

  app.get<{ Params: { id: string } }>('/questionnaires/:id/results.csv', manage, async (req, reply) => {
    const results = valueOf(await resultsForStaff(app.db, idParam(req.params.id), today()));
    return reply
      .type(CSV_CONTENT_TYPE)
      .header('Content-Disposition', attachment(`questionnaire-${results.view.survey.id}-results.csv`))
      .header('Cache-Control', 'no-store')
      .send(figuresCsv(results, req.t));
  });

  app.get<{ Params: { id: string } }>('/questionnaires/:id/answers.csv', manage, async (req, reply) => {
    const view = await load(idParam(req.params.id));
    return reply
      .type(CSV_CONTENT_TYPE)
      .header('Content-Disposition', attachment(`questionnaire-${view.survey.id}-answers.csv`))
      .header('Cache-Control', 'no-store')
      .send(await sheetsCsv(app.db, view.survey.id, req.t));
  });

  app.post<{ Params: { id: string } }>('/questionnaires/:id/opinions', manage, async (req, reply) => {
    const id = idParam(req.params.id);
    const body = bodyOf(req);
    const form = validateForm(ToOpinionsForm, body);
    if (!form.ok) return resultsPage(req, reply, id, form.values, form.errors, 422);
    const result = await answersToOpinions(app.db, app.clock, actorOf(req), tz, id, form.data.answers);
    if (!result.ok) return resultsPage(req, reply, id, echoValues(body), formErrors(result), 422);
    reply.flash('flash.answersToOpinions');
    return reply.redirect(`/staff/questionnaires/${id}/results#texts`, 303);
  });
};

export default routes;
