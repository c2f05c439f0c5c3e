// The public side of questionnaires: the open ones at /questionnaires, and each one's form at
// /questionnaires/:id, which works without JavaScript and comes back with an error next to each
// question, the answers kept. Anyone may answer once per browser (a signed cookie; rate-limited
// per address), or only holders of invitation codes: a code lets one answer sheet in, and a
// second use is refused with a page that says so. The code travels in the address a slip's QR
// code opens (which logs never show) and in the form; no answer page shows it again.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { echoValues, type FieldErrors } from '../forms/validate.js';
import { localDay } from '../i18n/format.js';
import { notFound } from '../shared/result.js';
import { refuse, valueOf } from '../web/refusals.js';
import { idParam } from '../web/requests.js';
import { fieldOf, readAnswers } from './answers.js';
import { SURVEY_CODE_LENGTH } from './codes.js';
import { ANSWER_TEXT_MAX } from './schemas.js';
import {
  answerOnline,
  checkCode,
  openSurveys,
  publishedSurvey,
  surveyView,
  type AnswerResult,
  type SurveyView,
} from './service.js';

/** Answering by anyone, per address: enough for a household or an office, too few for a flood. */
export const ANYONE_LIMIT = { max: 10, timeWindow: 10 * 60_000 };
/**
 * Answering by code, per address, for a meeting room answering at once from one network; the
 * codes (136 bits each) are what let one sheet in each, not this limit.
 */
export const CODES_LIMIT = { max: 300, timeWindow: 10 * 60_000 };

/** The signed cookie that says this browser answered a questionnaire (anyone may answer, once per browser). */
export const answeredCookie = (surveyId: number) => `questionnaire_${surveyId}`;
const COOKIE_DAYS = 400;

type Body = Record<string, unknown>;
type Refusal = 'not_open' | 'closed' | 'used' | 'answered';

function privatePage(reply: FastifyReply): void {
  reply.header('Cache-Control', 'no-store');
  reply.header('X-Robots-Tag', 'noindex, nofollow');
  reply.header('Referrer-Policy', 'no-referrer');
}

const routes: FastifyPluginAsync = async (app) => {
  const today = () => localDay(app.clock.now(), app.config.timeZone);

  async function publicView(rawId: string): Promise<SurveyView> {
    // A draft does not exist for the public.
    return valueOf(await publishedSurvey(app.db, idParam(rawId), today()));
  }

  function answeredHere(req: FastifyRequest, surveyId: number): boolean {
    const raw = req.cookies[answeredCookie(surveyId)];
    if (!raw) return false;
    const unsigned = req.unsignCookie(raw);
    return unsigned.valid && unsigned.value === 'answered';
  }

  function refusedPage(req: FastifyRequest, reply: FastifyReply, view: SurveyView, reason: Refusal, status: number) {
    privatePage(reply);
    return reply.page(
      'surveys/refused',
      { title: req.t(`surveys.refused.${reason}.title`), survey: view.survey, unitName: view.unitName, reason },
      status,
    );
  }

  function answerPage(
    req: FastifyRequest,
    reply: FastifyReply,
    view: SurveyView,
    values: Body,
    errors: FieldErrors,
    status: number,
  ) {
    privatePage(reply);
    const labels: Record<string, string> = { code: req.t('surveys.answer.code') };
    for (const q of view.questions) labels[fieldOf(q)] = `${q.position}. ${q.prompt}`;
    return reply.page(
      'surveys/answer',
      {
        title: view.survey.title,
        ...view,
        values,
        errors,
        labels,
        codeLength: SURVEY_CODE_LENGTH,
        answerMax: ANSWER_TEXT_MAX,
      },
      status,
    );
  }

  app.get('/questionnaires', async (req, reply) => {
    const surveys = await openSurveys(app.db, today());
    return reply.page('surveys/public-list', { title: req.t('surveys.public.title'), surveys });
  });

  app.get<{ Params: { id: string }; Querystring: { code?: unknown } }>(
    '/questionnaires/:id',
    { config: { rateLimit: CODES_LIMIT } },
    async (req, reply) => {
      const view = await publicView(req.params.id);
      if (view.openness === 'not_open' || view.openness === 'closed')
        return refusedPage(req, reply, view, view.openness, 200);
      if (view.survey.access === 'anyone') {
        if (answeredHere(req, view.survey.id)) return refusedPage(req, reply, view, 'answered', 200);
        return answerPage(req, reply, view, {}, {}, 200);
      }
      const raw = req.query.code;
      if (raw === undefined || raw === '') return answerPage(req, reply, view, {}, {}, 200);
      const typed = typeof raw === 'string' ? raw.slice(0, 100) : '';
      const check = await checkCode(app.db, view.survey.id, typed);
      if (!check.ok && check.reason === 'used') return refusedPage(req, reply, view, 'used', 409);
      if (!check.ok)
        return answerPage(
          req,
          reply,
          view,
          { code: typed },
          { code: { key: `surveys.errors.code_${check.reason}` } },
          422,
        );
      return answerPage(req, reply, view, { code: check.value.code }, {}, 200);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/questionnaires/:id',
    {
      config: {
        rateLimit: {
          // The limit follows how the questionnaire is answered; an unknown one gets the tighter.
          max: async (req: FastifyRequest) => {
            const raw = (req.params as { id?: string }).id;
            const id = raw && /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : null;
            const view = id === null ? null : await surveyView(app.db, id, today());
            return view?.survey.access === 'codes' ? CODES_LIMIT.max : ANYONE_LIMIT.max;
          },
          timeWindow: ANYONE_LIMIT.timeWindow,
        },
      },
    },
    async (req, reply) => {
      const view = await publicView(req.params.id);
      const id = view.survey.id;
      if (view.openness === 'not_open' || view.openness === 'closed')
        return refusedPage(req, reply, view, view.openness, 409);
      const anyone = view.survey.access === 'anyone';
      if (anyone && answeredHere(req, id)) return refusedPage(req, reply, view, 'answered', 409);
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Body;
      const errors: FieldErrors = {};
      if (!anyone) {
        const check = await checkCode(app.db, id, body.code);
        if (!check.ok && check.reason === 'used') return refusedPage(req, reply, view, 'used', 409);
        if (!check.ok)
          errors.code = {
            key:
              typeof body.code === 'string' && body.code.trim() !== ''
                ? `surveys.errors.code_${check.reason}`
                : 'surveys.errors.codeNeeded',
          };
      }
      const read = readAnswers(view.questions, body);
      if (!read.ok) Object.assign(errors, read.errors);
      if (!read.ok || Object.keys(errors).length > 0) {
        const values = echoValues(body);
        if (typeof values.code === 'string') values.code = values.code.slice(0, 100);
        return answerPage(req, reply, view, values, errors, 422);
      }
      const result: AnswerResult = await answerOnline(
        app.db,
        app.clock,
        app.config.timeZone,
        id,
        read.answers,
        anyone ? undefined : body.code,
      );
      if (!result.ok) {
        if (result.refusal !== 'conflict') return refuse(result);
        if (result.reason === 'used') return refusedPage(req, reply, view, 'used', 409);
        if (result.reason === 'not_open' || result.reason === 'closed')
          return refusedPage(req, reply, view, result.reason, 409);
        if (result.reason === 'malformed' || result.reason === 'unknown')
          return answerPage(
            req,
            reply,
            view,
            echoValues(body),
            { code: { key: `surveys.errors.code_${result.reason}` } },
            422,
          );
        // The questions changed under the form (not possible once answered, but a draft may be reworked): show it again.
        if (result.reason === 'wrong_questions')
          return answerPage(
            req,
            reply,
            view,
            echoValues(body),
            { _form: { key: 'surveys.errors.questionsChanged' } },
            409,
          );
        // A draft: it does not exist for the public.
        return refuse(notFound());
      }
      if (anyone) {
        reply.setCookie(answeredCookie(id), 'answered', {
          path: '/questionnaires',
          httpOnly: true,
          sameSite: 'lax',
          signed: true,
          secure: app.config.baseUrl.startsWith('https://'),
          maxAge: COOKIE_DAYS * 86_400,
        });
      }
      return reply.redirect(`/questionnaires/${id}/thanks`, 303);
    },
  );

  app.get<{ Params: { id: string } }>('/questionnaires/:id/thanks', async (req, reply) => {
    const view = await publicView(req.params.id);
    privatePage(reply);
    return reply.page('surveys/thanks', { title: req.t('surveys.thanks.title'), survey: view.survey });
  });
};

export default routes;
