// Staff pages for opinions: recording from any of the ten channels (built for a hotline
// operator taking one call after another), the inbox, and one opinion in full.
import { formErrors, refuse, valueOf } from '../web/refusals.js';
import { bodyOf, idParam, staffUser } from '../web/requests.js';
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { opinionScope } from '../accounts/permissions.js';
import { attachmentSection } from '../attachments/service.js';
import { redactionSection } from '../redaction/service.js';
import { campaignInView, conductRulesIn, currentCampaigns } from '../campaigns/service.js';
import { echoValues, validateForm, type FieldErrors } from '../forms/validate.js';
import { fromLocalInput, localDay, nextDay, toLocalInput } from '../i18n/format.js';
import { HttpError } from '../plugins/errors.js';
import { notFound } from '../shared/result.js';
import { groupCode, normaliseCode } from '../shared/codes.js';
import { parseTextQuery } from '../search/query.js';
import { unitOptions } from '../units/service.js';
import {
  CHANNEL_DETAILS,
  CHANNELS,
  contactParticulars,
  displayDetails,
  isAnonymous,
  isChannel,
  keptDetails,
  parseDetails,
  pickDetails,
  type Channel,
} from './channels.js';
import {
  inbox,
  opinionForStaff,
  recordableCampaigns,
  recordedBy,
  recordOpinion,
  TRACKING_CODE_LENGTH,
  type InboxFilter,
} from './service.js';
import {
  INBOX_FILTERS,
  isSubmissionKey,
  OPINION_BODY_MAX,
  pageNumber,
  recordForm,
  SUBMITTER_NAME_MAX,
  type InboxFilterName,
} from './staff-schemas.js';
import { OPINION_STATES } from './state.js';

type Query = Record<string, unknown>;

const EXCERPT_LENGTH = 140;

const newSubmissionKey = () => randomBytes(18).toString('base64url');

/** Staff keys are namespaced by person, so one person's key can never answer with another's opinion. */
const storedKey = (userId: number, key: string | null) => (key ? `staff:${userId}:${key}` : null);

function excerpt(body: string, length = EXCERPT_LENGTH): string {
  const chars = Array.from(body.replace(/\s+/g, ' ').trim());
  return chars.length <= length ? chars.join('') : `${chars.slice(0, length - 1).join('')}…`;
}

const isId = (v: unknown): v is string => typeof v === 'string' && /^[1-9]\d{0,9}$/.test(v);

/** The order fields appear on the recording form: errors are listed and focused in this order. */
function fieldOrder(channel: Channel): string[] {
  return [
    'campaign_id',
    'body',
    ...CHANNEL_DETAILS[channel].map((f) => f.name),
    'received_at',
    'unit_id',
    'conduct_rule_id',
    'anonymous',
    'submitter_name',
    'submitter_phone',
    'submitter_email',
  ];
}

function inFormOrder(channel: Channel, errors: FieldErrors): FieldErrors {
  const ordered: FieldErrors = {};
  for (const name of fieldOrder(channel)) if (errors[name]) ordered[name] = errors[name];
  for (const [name, e] of Object.entries(errors)) ordered[name] ??= e;
  return ordered;
}

/** A particular as shown: a choice by its label in the reader's language, anything else as stored. */
function shownValue(req: FastifyRequest, channel: Channel, name: string, value: string): string {
  const field = CHANNEL_DETAILS[channel].find((f) => f.name === name);
  return field?.kind === 'select' && field.options?.includes(value)
    ? req.t(`channels.options.${name}.${value}`)
    : value;
}

const routes: FastifyPluginAsync = async (app) => {
  const tz = app.config.timeZone;

  // Recording --------------------------------------------------------------------------------

  async function recordPage(
    req: FastifyRequest,
    reply: FastifyReply,
    channel: Channel,
    values: Record<string, unknown>,
    errors: FieldErrors,
    status: number,
    saved: string | null = null,
  ) {
    const now = app.clock.now();
    const [campaigns, units, rules] = await Promise.all([
      recordableCampaigns(app.db, now, tz),
      unitOptions(app.db),
      conductRulesIn(app.db, req.locale),
    ]);
    const ordered = inFormOrder(channel, errors);
    const labels: Record<string, string> = {
      _form: '',
      campaign_id: req.t('inbox.fields.campaign'),
      body: req.t('inbox.fields.body'),
      received_at: req.t('inbox.fields.receivedAt'),
      unit_id: req.t('inbox.fields.unit'),
      conduct_rule_id: req.t('inbox.fields.conductRule'),
      anonymous: req.t('inbox.fields.anonymous'),
      submitter_name: req.t('inbox.fields.submitterName'),
      submitter_phone: req.t('inbox.fields.submitterPhone'),
      submitter_email: req.t('inbox.fields.submitterEmail'),
    };
    for (const f of CHANNEL_DETAILS[channel]) labels[f.name] = req.t(`channels.fields.${f.name}`);
    const campaignId = String(values.campaign_id ?? '');
    return reply.page(
      'inbox/record',
      {
        title: req.t('inbox.record.title', { channel: req.t(`channels.names.${channel}`) }),
        channel,
        channels: CHANNELS,
        fields: CHANNEL_DETAILS[channel],
        campaigns,
        units,
        rules,
        values,
        errors: ordered,
        labels,
        focus: Object.keys(ordered).find((k) => k !== '_form') ?? 'body',
        saved,
        bodyMax: OPINION_BODY_MAX,
        nameMax: SUBMITTER_NAME_MAX,
        // The channel already asks for the person's number (a hotline caller's): no second phone field.
        asksForNumber: contactParticulars(channel).length > 0,
        campaignParam: isId(campaignId) ? `&campaign=${campaignId}` : '',
      },
      status,
    );
  }

  app.get<{ Querystring: Query }>(
    '/opinions/new',
    { config: { permission: 'opinions.record' } },
    async (req, reply) => {
      const user = staffUser(req);
      const { channel } = req.query;
      if (channel === undefined) return reply.redirect('/staff/opinions/new?channel=hotline');
      if (!isChannel(channel)) return refuse(notFound());

      const now = app.clock.now();
      const campaigns = await recordableCampaigns(app.db, now, tz);
      const recordable = new Set(campaigns.map((c) => c.id));

      // Just saved: say so, with the code to read to the caller, and stay in the same campaign.
      let saved: string | null = null;
      let savedCampaign: number | null = null;
      let kept: Record<string, string | number> = {};
      const code = normaliseCode(req.query.saved, TRACKING_CODE_LENGTH);
      if (code) {
        const opinion = await recordedBy(app.db, code, user.id);
        if (opinion) {
          saved = groupCode(opinion.tracking_code);
          savedCampaign = opinion.campaign_id;
          if (opinion.channel === channel) kept = keptDetails(channel, opinion.details);
        }
      }
      const asked = isId(req.query.campaign) ? Number(req.query.campaign) : null;
      const current = await currentCampaigns(app.db, now, tz);
      const campaignId =
        [asked, savedCampaign, current[0]?.id ?? null, campaigns[0]?.id ?? null].find(
          (id) => id !== null && recordable.has(id),
        ) ?? null;

      const values = {
        ...kept,
        channel,
        campaign_id: campaignId ?? '',
        received_at: toLocalInput(now, tz),
        submission_key: newSubmissionKey(),
      };
      return recordPage(req, reply, channel, values, {}, 200, saved);
    },
  );

  app.post('/opinions', { config: { permission: 'opinions.record' } }, async (req, reply) => {
    const user = staffUser(req);
    const body = bodyOf(req);
    const channel = body.channel;
    if (!isChannel(channel)) throw new HttpError(400, 'unknown channel');

    const form = validateForm(recordForm(channel, tz), body);
    const keepKey = (v: unknown) => (isSubmissionKey(v) ? v : newSubmissionKey());
    if (!form.ok) {
      return recordPage(
        req,
        reply,
        channel,
        { ...form.values, channel, submission_key: keepKey(body.submission_key) },
        form.errors,
        422,
      );
    }
    const d = form.data;
    const result = await recordOpinion(app.db, app.clock, tz, {
      campaignId: d.campaign_id,
      channel,
      body: d.body,
      unitId: d.unit_id,
      conductRuleId: d.conduct_rule_id,
      anonymous: isAnonymous(channel, d),
      submitterName: d.submitter_name,
      submitterPhone: d.submitter_phone,
      submitterEmail: d.submitter_email,
      locale: req.locale,
      // A caller who asked to stay anonymous leaves no number behind.
      details: pickDetails(channel, d, d.anonymous === true),
      receivedAt: d.received_at,
      recordedBy: { id: user.id, label: user.email },
      submissionKey: storedKey(user.id, d.submission_key),
    });
    if (!result.ok) {
      const values = { ...echoValues(body), channel, submission_key: keepKey(body.submission_key) };
      return recordPage(req, reply, channel, values, formErrors(result), 422);
    }
    return reply.redirect(`/staff/opinions/new?channel=${channel}&saved=${result.value.trackingCode}`, 303);
  });

  // The inbox --------------------------------------------------------------------------------

  app.get<{ Querystring: Query }>('/opinions', { config: { permission: 'opinions.read' } }, async (req, reply) => {
    const user = staffUser(req);
    const now = app.clock.now();
    const errors: FieldErrors = {};
    const chosen: Partial<Record<InboxFilterName, string | number>> = {};
    const typed: Record<string, string> = {};
    for (const name of Object.keys(INBOX_FILTERS) as InboxFilterName[]) {
      const raw = req.query[name];
      if (raw === undefined || raw === '') continue;
      if (typeof raw === 'string') typed[name] = raw;
      const parsed = INBOX_FILTERS[name].safeParse(raw);
      if (parsed.success) chosen[name] = parsed.data;
      else errors[name] = { key: name === 'from' || name === 'to' ? 'errors.date' : 'inbox.errors.filter' };
    }

    // A campaign that is not there is said next to the filter, and the inbox shows the current one.
    let inView = await campaignInView(
      app.db,
      now,
      tz,
      chosen.campaign !== undefined ? Number(chosen.campaign) : undefined,
    );
    if (!inView.ok) {
      errors.campaign = { key: 'inbox.errors.unknownCampaign' };
      inView = await campaignInView(app.db, now, tz, undefined);
    }
    const view = valueOf(inView);
    const { campaigns } = view;
    const campaign = view.campaign ?? undefined;

    const from = chosen.from as string | undefined;
    let to = chosen.to as string | undefined;
    if (from && to && to < from) {
      errors.to = { key: 'inbox.errors.toBeforeFrom' };
      to = undefined;
    }

    // The filters in force, as they go back into the form and the page links.
    const params: Record<string, string> = {};
    if (campaign) params.campaign = String(campaign.id);
    for (const name of ['channel', 'unit', 'state', 'from', 'q'] as const)
      if (chosen[name] !== undefined) params[name] = String(chosen[name]);
    if (to) params.to = to;

    const units = await unitOptions(app.db);
    let result = null;
    if (campaign) {
      const filter: InboxFilter = {
        campaignId: campaign.id,
        channel: chosen.channel as Channel | undefined,
        unitId: chosen.unit as number | undefined,
        state: chosen.state as InboxFilter['state'],
        fromIso: from ? fromLocalInput(`${from}T00:00`, tz)?.toISOString() : undefined,
        toIso: to ? fromLocalInput(`${nextDay(to)}T00:00`, tz)?.toISOString() : undefined,
        text: parseTextQuery(chosen.q) ?? undefined,
      };
      result = await inbox(app.db, filter, opinionScope(user), pageNumber(req.query.page));
    }
    const rows = (result?.rows ?? []).map((r) => ({
      id: r.id,
      receivedAt: r.received_at,
      channel: r.channel,
      excerpt: excerpt(r.body),
      unitName: r.unit_name,
      state: r.state,
      particulars: displayDetails(r.channel, parseDetails(r.details)).map((d) => ({
        name: d.name,
        value: shownValue(req, r.channel, d.name, d.value),
      })),
    }));

    return reply.page(
      'inbox/list',
      {
        title: req.t('inbox.list.title'),
        values: { ...typed, ...params },
        errors,
        labels: {
          campaign: req.t('inbox.filters.campaign'),
          channel: req.t('inbox.filters.channel'),
          unit: req.t('inbox.filters.unit'),
          state: req.t('inbox.filters.state'),
          from: req.t('inbox.filters.from'),
          to: req.t('inbox.filters.to'),
          q: req.t('inbox.filters.q'),
        },
        campaign,
        campaigns,
        units,
        channels: CHANNELS,
        states: OPINION_STATES,
        rows,
        total: result?.total ?? 0,
        page: result?.page ?? 1,
        pageCount: result?.pageCount ?? 1,
        channelCounts: result?.channelCounts ?? [],
        params,
        today: localDay(now, tz),
      },
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  });

  // One opinion ------------------------------------------------------------------------------

  app.get<{ Params: { id: string } }>(
    '/opinions/:id',
    { config: { permission: 'opinions.read' } },
    async (req, reply) => {
      const user = staffUser(req);
      const { opinion, events, audit } = valueOf(
        await opinionForStaff(app.db, idParam(req.params.id), opinionScope(user)),
      );
      const details = parseDetails(opinion.details);
      // In full here (the caller's number too): this page is the record, opened one at a time.
      const particulars = CHANNEL_DETAILS[opinion.channel]
        .filter((f) => details[f.name] != null && details[f.name] !== '')
        .map((f) => ({ name: f.name, value: shownValue(req, opinion.channel, f.name, String(details[f.name])) }));
      // The attachments and redaction sections (their partials are included by inbox/show).
      const [attachments, redaction] = await Promise.all([
        attachmentSection(app.db, opinion.id, req.locale),
        redactionSection(app.db, user, opinion),
      ]);
      return reply.page('inbox/show', {
        title: req.t('inbox.show.title', { code: groupCode(opinion.tracking_code) }),
        opinion,
        code: groupCode(opinion.tracking_code),
        particulars,
        events,
        audit,
        attachments,
        redaction,
      });
    },
  );
};

export default routes;
