// The public side of evaluation rounds: a representative enters (or scans) a ballot code, reads
// the rectification, casts one vote and gets a receipt; once a round is closed, anyone reads its
// result and can recount it from the published receipts. The code travels only in the address the
// slip's QR code opens (GET /vote?code=..., which logs never show) and in the ballot form's hidden
// field; no answer carries it on, and the receipt page never shows it.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { validateForm, type FieldErrors } from '../forms/validate.js';
import { localDay } from '../i18n/format.js';
import { valueOf } from '../web/refusals.js';
import { idParam } from '../web/requests.js';
import { BALLOT_CODE_LENGTH, readBallotCode } from './ballots.js';
import { COMMENT_MAX, VoteForm } from './schemas.js';
import { ballotOf, publishedResult, roundOfCode } from './service.js';
import { CHOICES } from './tally.js';
import { castVote, checkCode, type BallotRefusal } from './voting.js';

/**
 * Looking a code up, per address. A code has 136 bits, so no rate makes guessing one possible;
 * the limit only stops a flood. It is set for a symposium: a room of representatives scanning
 * their slips at once comes from one address (the venue's network), and must not be turned away.
 */
export const LOOKUP_LIMIT = { max: 120, timeWindow: 60_000 };
/**
 * Casting, per address, for the same room voting at once. The code, not this limit, is what
 * allows one vote: a second use is refused however many try at once (voting.castVote).
 */
export const VOTE_LIMIT = { max: 300, timeWindow: 60_000 };

type Body = Record<string, unknown>;
type Refusal = BallotRefusal;

/** What a refusal answers: a code we never issued is not found; a used or voided code, or a round not taking votes, is a conflict. */
const REFUSAL_STATUS: Record<Refusal, number> = {
  malformed: 404,
  unknown: 404,
  used: 409,
  void: 409,
  not_open: 409,
  closed: 409,
};

/**
 * Ballot pages: never cached on the way, never indexed, and no Referer from them (the ballot
 * page's address holds the code, and its links lead on to the public notice).
 */
function privatePage(reply: FastifyReply): void {
  reply.header('Cache-Control', 'no-store');
  reply.header('X-Robots-Tag', 'noindex, nofollow');
  reply.header('Referrer-Policy', 'no-referrer');
}

const routes: FastifyPluginAsync = async (app) => {
  const today = () => localDay(app.clock.now(), app.config.timeZone);

  function enterPage(req: FastifyRequest, reply: FastifyReply, values: Body, errors: FieldErrors, status: number) {
    privatePage(reply);
    return reply.page(
      'evaluations/enter',
      { title: req.t('evaluations.enter.title'), values, errors, codeLength: BALLOT_CODE_LENGTH },
      status,
    );
  }

  /** Why a code cannot vote now, in words, with what to do about it. */
  async function refusalPage(req: FastifyRequest, reply: FastifyReply, reason: Refusal, typed: unknown) {
    privatePage(reply);
    const round = reason === 'not_open' || reason === 'closed' ? await roundOfCode(app.db, typed) : undefined;
    return reply.page(
      'evaluations/refused',
      {
        title: req.t(`evaluations.refused.${reason}.title`),
        reason,
        round: round ?? null,
        // Closed and published, or voting over and the result still to come.
        resultsPath: round && round.state === 'closed' ? `/rounds/${round.id}/results` : null,
        values: {
          code:
            typeof typed === 'string' && (reason === 'malformed' || reason === 'unknown') ? typed.slice(0, 100) : '',
        },
        errors: {},
        codeLength: BALLOT_CODE_LENGTH,
      },
      REFUSAL_STATUS[reason],
    );
  }

  async function ballotPage(
    req: FastifyRequest,
    reply: FastifyReply,
    code: string,
    roundId: number,
    values: Body,
    errors: FieldErrors,
    status: number,
  ) {
    const ballot = valueOf(await ballotOf(app.db, roundId, today()));
    privatePage(reply);
    const labels: Record<string, string> = {
      choice: req.t('evaluations.ballot.choiceLegend'),
      comment: req.t('evaluations.ballot.comment'),
      confirm: req.t('evaluations.ballot.confirmLegend'),
    };
    return reply.page(
      'evaluations/ballot',
      {
        title: req.t('evaluations.ballot.title'),
        ...ballot,
        code,
        choices: CHOICES,
        commentMax: COMMENT_MAX,
        // The public notice exists for every rectification but an individual cadre's.
        noticePath: ballot.detail.problem.level === 'individual' ? null : `/notices/${ballot.detail.rectification.id}`,
        values,
        errors,
        labels,
      },
      status,
    );
  }

  app.get<{ Querystring: { code?: unknown } }>('/vote', { config: { rateLimit: LOOKUP_LIMIT } }, async (req, reply) => {
    const raw = req.query.code;
    if (raw === undefined) return enterPage(req, reply, {}, {}, 200);
    const typed = typeof raw === 'string' ? raw.slice(0, 100) : '';
    if (typed.trim() === '') return enterPage(req, reply, {}, { code: { key: 'evaluations.errors.codeNeeded' } }, 422);
    const check = await checkCode(app.db, app.clock, typed);
    if (!check.ok) return refusalPage(req, reply, check.reason, typed);
    return ballotPage(req, reply, readBallotCode(typed)!, check.value.roundId, {}, {}, 200);
  });

  app.post('/vote', { config: { rateLimit: VOTE_LIMIT } }, async (req, reply) => {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Body;
    const check = await checkCode(app.db, app.clock, body.code);
    if (!check.ok) return refusalPage(req, reply, check.reason, body.code);
    const code = readBallotCode(body.code)!;
    const form = validateForm(VoteForm, body);
    if (!form.ok) {
      const { code: _code, ...values } = form.values;
      return ballotPage(req, reply, code, check.value.roundId, values, form.errors, 422);
    }
    const cast = await castVote(app.db, app.clock, app.config.timeZone, {
      code,
      choice: form.data.choice,
      comment: form.data.comment,
    });
    if (!cast.ok) return refusalPage(req, reply, cast.reason, code);
    const found = await ballotOf(app.db, check.value.roundId, today());
    const ballot = found.ok ? found.value : null;
    privatePage(reply);
    return reply.page('evaluations/receipt', {
      title: req.t('evaluations.receipt.title'),
      receipt: cast.value.receipt,
      spoken: cast.value.receipt
        .split('-')
        .map((g) => g.split('').join(' '))
        .join(', '),
      round: ballot?.round ?? null,
      problemTitle: ballot?.detail.problem.title ?? '',
      resultsPath: `/rounds/${check.value.roundId}/results`,
    });
  });

  app.get<{ Params: { id: string } }>('/rounds/:id/results', async (req, reply) => {
    // While a round is open its result does not exist yet, for anyone (not found).
    const found = valueOf(await publishedResult(app.db, idParam(req.params.id), req.user !== null, today()));
    return reply.page('evaluations/results', {
      title: req.t('evaluations.results.title', { n: found.round.number, title: found.detail.problem.title }),
      ...found,
      choices: CHOICES,
      noticePath: found.detail.problem.level === 'individual' ? null : `/notices/${found.detail.rectification.id}`,
    });
  });
};

export default routes;
