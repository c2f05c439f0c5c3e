// The public side of opinions: the online suggestion box, the receipt with its tracking code
// (also emailed when an address is given), and the tracking page. Nothing here ever shows who
// sent an opinion or what it says: the tracking page shows its state and public history only.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { conductRulesIn } from '../campaigns/service.js';
import type { Locale } from '../config.js';
import { currentCampaigns } from '../campaigns/service.js';
import type { CampaignRow } from '../campaigns/tables.js';
import { echoValues, type FieldErrors } from '../forms/validate.js';
import { groupCode, normaliseCode } from '../shared/codes.js';
import { publicProblemTitle } from '../problems/service.js';
import { unitOptions } from '../units/service.js';
import { valueOf } from '../web/refusals.js';
import { bodyOf } from '../web/requests.js';
import { HONEYPOT_FIELD, inFormOrder, validateSuggestion } from './schemas.js';
import { honeypotFilled, isMailOutcome, publicFormData, receiptPath } from './receipt.js';
import { sendReceipt } from '../web/receipt.js';
import {
  TRACKING_CODE_LENGTH,
  checkReferences,
  createOpinion,
  fromPublicForm,
  publicView,
  trackOpinion,
} from './service.js';

/** Per address: enough for a person, too few for a flood. */
const SUBMIT_LIMIT = { max: 10, timeWindow: 10 * 60_000 };
/** Per address, shared by every page that answers "does this code exist?", so codes cannot be guessed. */
const LOOKUP_LIMIT = { max: 30, timeWindow: 60_000 };

/** A code read out character by character, group by group, for screen readers. */
function spokenCode(grouped: string): string {
  return grouped
    .split('-')
    .map((g) => g.split('').join(' '))
    .join(', ');
}

/** An id as the form sent it, or null; the schema reports malformed ones. */
function idIn(v: unknown): number | null {
  return typeof v === 'string' && /^\s*[1-9]\d{0,9}\s*$/.test(v) ? Number(v.trim()) : null;
}

/** Tracking and receipt pages: never cached on the way, never indexed. */
function privatePage(reply: FastifyReply): void {
  reply.header('Cache-Control', 'no-store');
  reply.header('X-Robots-Tag', 'noindex, nofollow');
}

const routes: FastifyPluginAsync = async (app) => {
  const lookupLimit = app.rateLimit(LOOKUP_LIMIT);
  const now = () => app.clock.now();

  async function formLookups(locale: Locale) {
    const [campaigns, units, rules] = await Promise.all([
      currentCampaigns(app.db, now(), app.config.timeZone),
      unitOptions(app.db),
      conductRulesIn(app.db, locale),
    ]);
    return {
      campaigns: campaigns.map((c) => ({ value: String(c.id), label: c.name })),
      // Indented by depth with no-break spaces, so the tree reads in a plain <select>.
      units: units.map((u) => ({ value: String(u.id), label: `${'\u00a0\u00a0\u00a0'.repeat(u.depth)}${u.name}` })),
      rules: rules.map((r) => ({ value: String(r.id), label: r.title })),
    };
  }

  async function suggestionPage(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: FieldErrors = {},
    status = 200,
  ) {
    const lookups = await formLookups(req.locale);
    return reply.page(
      'opinions/new',
      {
        title: req.t('opinions.form.title'),
        ...publicFormData(values),
        errors,
        ...lookups,
      },
      status,
    );
  }

  /** The campaign, unit and rule the form names must exist (and the campaign be collecting now). */
  async function checkSuggestionReferences(body: Record<string, unknown>, campaigns: CampaignRow[]) {
    const errors: FieldErrors = await checkReferences(app.db, {
      unitId: idIn(body.unit_id),
      conductRuleId: idIn(body.conduct_rule_id),
    });
    let campaignId: number | null = null;
    if (campaigns.length === 1) {
      campaignId = campaigns[0]!.id;
    } else {
      const chosen = idIn(body.campaign_id);
      if (chosen !== null && campaigns.some((c) => c.id === chosen)) campaignId = chosen;
      else errors.campaign_id = { key: 'opinions.errors.chooseCampaign' };
    }
    return { errors, campaignId };
  }

  app.get('/opinions/new', async (req, reply) => suggestionPage(req, reply, {}));

  app.post('/opinions', { config: { rateLimit: SUBMIT_LIMIT } }, async (req, reply) => {
    const body = bodyOf(req);

    // A robot filled the field people cannot see: store nothing, answer as if it worked.
    if (honeypotFilled(body[HONEYPOT_FIELD])) {
      req.log.info('suggestion box: honeypot filled; nothing stored');
      return reply.redirect('/opinions/thanks', 303);
    }

    const campaigns = await currentCampaigns(app.db, now(), app.config.timeZone);
    if (campaigns.length === 0) {
      // The campaign closed while the form was open: nothing is stored, but the page gives the
      // person back what they wrote.
      return reply.page(
        'opinions/new',
        { title: req.t('opinions.form.title'), values: echoValues(body), closedWhileWriting: true, campaigns: [] },
        409,
      );
    }

    const form = validateSuggestion(body);
    const refs = await checkSuggestionReferences(body, campaigns);
    if (!form.ok || refs.campaignId === null || Object.keys(refs.errors).length > 0) {
      const errors = inFormOrder({ ...refs.errors, ...(form.ok ? {} : form.errors) });
      return suggestionPage(req, reply, form.ok ? echoValues(body) : form.values, errors, 422);
    }

    const d = form.data;
    const named = d.identity === 'named';
    const opinion = await createOpinion(
      app.db,
      app.clock,
      fromPublicForm(d, {
        campaignId: refs.campaignId,
        unitId: d.unit_id,
        conductRuleId: d.conduct_rule_id,
        locale: req.locale,
      }),
    );

    const mail = await sendReceipt(app, req, opinion, named ? d.email : null);
    return reply.redirect(receiptPath(opinion, mail), 303);
  });

  app.get<{ Params: { code: string }; Querystring: { email?: unknown } }>(
    '/opinions/receipt/:code',
    { preHandler: lookupLimit },
    async (req, reply) => {
      const tracked = valueOf(await trackOpinion(app.db, req.params.code));
      const code = groupCode(tracked.opinion.tracking_code);
      privatePage(reply);
      return reply.page('opinions/receipt', {
        title: req.t('opinions.receipt.title'),
        code,
        spoken: spokenCode(code),
        email: isMailOutcome(req.query.email) ? req.query.email : null,
      });
    },
  );

  // Where a filled honeypot lands: the same words a person would read, without a code.
  app.get('/opinions/thanks', async (req, reply) =>
    reply.page('opinions/thanks', { title: req.t('opinions.thanks.title') }),
  );

  const trackPage = (
    req: FastifyRequest,
    reply: FastifyReply,
    o: { values?: Record<string, unknown>; errors?: FieldErrors; notFoundCode?: string },
    status: number,
  ) => {
    privatePage(reply);
    return reply.page(
      'opinions/track',
      {
        title: req.t('opinions.track.title'),
        values: o.values ?? {},
        errors: o.errors ?? {},
        notFoundCode: o.notFoundCode ?? null,
      },
      status,
    );
  };

  app.get<{ Querystring: { code?: unknown } }>('/track', { preHandler: lookupLimit }, async (req, reply) => {
    const raw = req.query.code;
    if (raw === undefined) return trackPage(req, reply, {}, 200);
    const typed = typeof raw === 'string' ? raw.slice(0, 100) : '';
    if (typed.trim() === '')
      return trackPage(req, reply, { errors: { code: { key: 'opinions.errors.codeNeeded' } } }, 422);
    const code = normaliseCode(typed, TRACKING_CODE_LENGTH);
    if (!code)
      return trackPage(
        req,
        reply,
        { values: { code: typed }, errors: { code: { key: 'opinions.errors.codeMalformed' } } },
        422,
      );
    if (!(await trackOpinion(app.db, code)).ok)
      return trackPage(req, reply, { values: { code: typed }, notFoundCode: groupCode(code) }, 404);
    return reply.redirect(`/track/${groupCode(code)}`, 303);
  });

  app.get<{ Params: { code: string } }>('/track/:code', { preHandler: lookupLimit }, async (req, reply) => {
    const typed = req.params.code.slice(0, 100);
    const code = normaliseCode(typed, TRACKING_CODE_LENGTH);
    if (!code)
      return trackPage(
        req,
        reply,
        { values: { code: typed }, errors: { code: { key: 'opinions.errors.codeMalformed' } } },
        404,
      );
    const grouped = groupCode(code);
    if (req.params.code !== grouped) return reply.redirect(`/track/${grouped}`, 303);
    const tracked = await trackOpinion(app.db, code);
    if (!tracked.ok) return trackPage(req, reply, { values: { code: grouped }, notFoundCode: grouped }, 404);
    privatePage(reply);
    return reply.page('opinions/tracked', {
      title: req.t('opinions.tracked.title', { code: grouped }),
      code: grouped,
      spoken: spokenCode(grouped),
      opinion: await publicView(app.db, tracked.value, publicProblemTitle),
    });
  });
};

export default routes;
