// The public notices of commitments: the list (filterable, paged), one commitment with its
// measures and timeline and a comment form, its printable A4 wall notice, a unit's wall notice,
// and the printable commitment letter. Individual cadres' commitments are for signed-in staff
// only ("published within the system"); for anyone else they do not exist (404).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldErrors } from '../forms/validate.js';
import { localDay } from '../i18n/format.js';
import { honeypotFilled, publicFormData, receiptPath } from '../opinions/receipt.js';
import { sendReceipt } from '../web/receipt.js';
import { HONEYPOT_FIELD, validateSuggestion } from '../opinions/schemas.js';
import { createOpinion, fromPublicForm } from '../opinions/service.js';
import { closedRoundsOf } from '../evaluations/service.js';
import { notFound } from '../plugins/errors.js';
import { LEVELS, type Level } from '../problems/levels.js';
import { PUBLIC_STATES, type RectificationState } from '../rectifications/state.js';
import { valueOf } from '../web/refusals.js';
import { idParam } from '../web/requests.js';
import { linkComment } from '../triage/service.js';
import { unitOptions } from '../units/service.js';
import { noticeAddress, qrSvg } from './qr.js';
import { NOTICE_FILTER_NAMES, NOTICE_FILTERS, pageNumber, type NoticeFilterName } from './schemas.js';
import { notice, noticeList, unitExists, unitPoster, type NoticeFilter, type Reader } from './service.js';

/** Per address, as for the suggestion box and a problem's comments. */
const COMMENT_LIMIT = { max: 10, timeWindow: 10 * 60_000 };

type Query = Record<string, unknown>;

const routes: FastifyPluginAsync = async (app) => {
  const today = () => localDay(app.clock.now(), app.config.timeZone);
  const readerOf = (req: FastifyRequest): Reader => ({ staff: req.user !== null });
  const address = (id: number) => noticeAddress(app.config.baseUrl, id);

  // The list -----------------------------------------------------------------------------------

  app.get<{ Querystring: Query }>('/notices', async (req, reply) => {
    const reader = readerOf(req);
    const errors: FieldErrors = {};
    const chosen: Partial<Record<NoticeFilterName, string | number>> = {};
    const typed: Record<string, string> = {};
    for (const name of NOTICE_FILTER_NAMES) {
      const raw = req.query[name];
      if (raw === undefined || raw === '') continue;
      if (typeof raw === 'string') typed[name] = raw;
      const parsed = NOTICE_FILTERS[name].safeParse(raw);
      if (parsed.success) chosen[name] = parsed.data;
      else errors[name] = { key: 'notices.errors.filter' };
    }
    // Individual cadres' commitments are not public: for the public that level is no filter.
    if (chosen.level === 'individual' && !reader.staff) {
      delete chosen.level;
      errors.level = { key: 'notices.errors.filter' };
    }
    if (chosen.unit !== undefined && !(await unitExists(app.db, Number(chosen.unit)))) {
      delete chosen.unit;
      errors.unit = { key: 'notices.errors.unknownUnit' };
    }

    // The filters in force, as they go back into the form and the page links.
    const params: Record<string, string> = {};
    for (const name of NOTICE_FILTER_NAMES) if (chosen[name] !== undefined) params[name] = String(chosen[name]);
    const filter: NoticeFilter = {
      unitId: chosen.unit as number | undefined,
      state: chosen.state as RectificationState | undefined,
      level: chosen.level as Level | undefined,
      overdue: chosen.overdue === '1',
    };
    const result = await noticeList(app.db, filter, reader, pageNumber(req.query.page), today());
    const unitId = filter.unitId;
    return reply.page(
      'notices/list',
      {
        title: req.t('notices.list.title'),
        values: { ...typed, ...params },
        errors,
        labels: {
          unit: req.t('notices.filters.unit'),
          state: req.t('notices.filters.state'),
          level: req.t('notices.filters.level'),
          overdue: req.t('notices.filters.overdue'),
        },
        units: await unitOptions(app.db),
        states: PUBLIC_STATES,
        levels: reader.staff ? LEVELS : LEVELS.filter((l) => l !== 'individual'),
        filtered: Object.keys(params).length > 0,
        params,
        ...result,
        unitPosterPath: unitId !== undefined ? `/notices/unit/${unitId}/poster` : null,
      },
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  });

  // One commitment -----------------------------------------------------------------------------

  async function found(req: FastifyRequest, id: number) {
    return valueOf(await notice(app.db, id, readerOf(req), today()));
  }

  async function noticePage(
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Record<string, unknown>,
    errors: FieldErrors,
    status: number,
  ) {
    const n = await found(req, id);
    return reply.page(
      'notices/show',
      {
        title: n.problem.title,
        ...n,
        // Closed rounds only: nothing of a round is public while it is open.
        results: await closedRoundsOf(app.db, id),
        ...publicFormData(values),
        errors,
      },
      status,
    );
  }

  app.get<{ Params: { id: string } }>('/notices/:id', async (req, reply) =>
    noticePage(req, reply, idParam(req.params.id), {}, {}, 200),
  );

  app.post<{ Params: { id: string } }>(
    '/notices/:id/comments',
    { config: { rateLimit: COMMENT_LIMIT } },
    async (req, reply) => {
      const id = idParam(req.params.id);
      const n = await found(req, id);
      if (!n.commentsOpen) throw notFound();
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
      if (honeypotFilled(body[HONEYPOT_FIELD])) return reply.redirect('/opinions/thanks', 303);

      // Only what a comment carries: the campaign and unit are the problem's.
      const { campaign_id: _c, unit_id: _u, conduct_rule_id: _r, ...comment } = body;
      const form = validateSuggestion(comment);
      if (!form.ok) return noticePage(req, reply, id, form.values, form.errors, 422);
      const d = form.data;
      const problem = n.problem;
      const opinion = await createOpinion(
        app.db,
        app.clock,
        fromPublicForm(d, {
          campaignId: problem.campaign_id,
          unitId: problem.unit_id,
          conductRuleId: null,
          locale: req.locale,
        }),
        (trx, opinionId) => linkComment(trx, app.clock.now(), opinionId, problem.id),
      );
      const mail = await sendReceipt(app, req, opinion, d.identity === 'named' ? d.email : null);
      return reply.redirect(receiptPath(opinion, mail), 303);
    },
  );

  // Printable: the wall notice and the letter --------------------------------------------------

  app.get<{ Params: { id: string } }>('/notices/:id/poster', async (req, reply) => {
    const n = await found(req, idParam(req.params.id));
    const where = address(n.rectification.id);
    return reply.page('notices/poster', {
      title: req.t('notices.poster.title', { title: n.problem.title }),
      ...n,
      address: where,
      qr: await qrSvg(where),
      asAt: today(),
    });
  });

  app.get<{ Params: { unitId: string } }>('/notices/unit/:unitId/poster', async (req, reply) => {
    const poster = valueOf(await unitPoster(app.db, idParam(req.params.unitId), readerOf(req), today()));
    const commitments = await Promise.all(
      poster.commitments.map(async (c) => ({
        ...c,
        address: address(c.rectification.id),
        qr: await qrSvg(address(c.rectification.id)),
      })),
    );
    return reply.page('notices/unit-poster', {
      title: req.t('notices.poster.unitTitle', { unit: poster.unit.name }),
      unit: poster.unit,
      commitments,
      listAddress: `${app.config.baseUrl}/notices?unit=${poster.unit.id}`,
      asAt: today(),
    });
  });

  app.get<{ Params: { id: string } }>('/notices/:id/letter', async (req, reply) => {
    const n = await found(req, idParam(req.params.id));
    const where = address(n.rectification.id);
    return reply.page('notices/letter', {
      title: req.t('notices.letter.title', { title: n.problem.title }),
      ...n,
      address: where,
      qr: await qrSvg(where),
    });
  });
};

export default routes;
