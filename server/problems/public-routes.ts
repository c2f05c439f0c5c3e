// The public list of problems under review: each problem's title, description, level, unit and
// how many opinions raised it (never the opinions), and a form to comment on one, which files
// the comment as a new opinion linked to the problem. Individual-level problems are never here.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldErrors } from '../forms/validate.js';
import { honeypotFilled, publicFormData, receiptPath } from '../opinions/receipt.js';
import { HONEYPOT_FIELD, validateSuggestion } from '../opinions/schemas.js';
import { createOpinion, fromPublicForm } from '../opinions/service.js';
import { notFound } from '../shared/result.js';
import { sendReceipt } from '../web/receipt.js';
import { refuse, valueOf } from '../web/refusals.js';
import { bodyOf, idParam } from '../web/requests.js';
import { linkComment } from '../triage/service.js';
import { publicLists, publicProblem } from './service.js';

/** Per address, as for the suggestion box. */
const COMMENT_LIMIT = { max: 10, timeWindow: 10 * 60_000 };
const isId = (v: unknown): v is string => typeof v === 'string' && /^[1-9]\d{0,9}$/.test(v);

const routes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: Record<string, unknown> }>('/problems', async (req, reply) => {
    const asked = req.query.campaign;
    if (asked !== undefined && !isId(asked)) return refuse(notFound());
    // The campaigns that have something on the public list, newest first.
    const lists = valueOf(await publicLists(app.db, asked === undefined ? undefined : Number(asked)));
    return reply.page('problems/public-list', { title: req.t('problems.public.title'), lists });
  });

  async function problemPage(
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Record<string, unknown>,
    errors: FieldErrors,
    status: number,
  ) {
    const detail = valueOf(await publicProblem(app.db, id));
    return reply.page(
      'problems/public-show',
      {
        title: detail.problem.title,
        ...detail,
        ...publicFormData(values),
        errors,
      },
      status,
    );
  }

  app.get<{ Params: { id: string } }>('/problems/:id', async (req, reply) =>
    problemPage(req, reply, idParam(req.params.id), {}, {}, 200),
  );

  app.post<{ Params: { id: string } }>(
    '/problems/:id/comments',
    { config: { rateLimit: COMMENT_LIMIT } },
    async (req, reply) => {
      const id = idParam(req.params.id);
      const detail = valueOf(await publicProblem(app.db, id));
      const body = bodyOf(req);
      if (honeypotFilled(body[HONEYPOT_FIELD])) return reply.redirect('/opinions/thanks', 303);

      // Only what a comment carries: the campaign and unit are the problem's.
      const { campaign_id: _c, unit_id: _u, conduct_rule_id: _r, ...comment } = body;
      const form = validateSuggestion(comment);
      if (!form.ok) return problemPage(req, reply, id, form.values, form.errors, 422);
      const d = form.data;
      const named = d.identity === 'named';
      const opinion = await createOpinion(
        app.db,
        app.clock,
        fromPublicForm(d, {
          campaignId: detail.problem.campaign_id,
          unitId: detail.problem.unit_id,
          conductRuleId: null,
          locale: req.locale,
        }),
        (trx, opinionId) => linkComment(trx, app.clock.now(), opinionId, id),
      );
      const mail = await sendReceipt(app, req, opinion, named ? d.email : null);
      return reply.redirect(receiptPath(opinion, mail), 303);
    },
  );
};

export default routes;
