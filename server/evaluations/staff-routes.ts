// The coordinator's pages for evaluation rounds: a rectification's rounds, opening one, and one
// round with what can be done to it now (issue paper slips, type in a symposium's tally, note an
// individual solicitation, close it). While a round is open its pages give numbers of ballots
// only, never the choices. The slips page is the one place codes are ever shown: it is the answer
// to the POST itself (never a redirect, never stored, never cached).
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { echoValues, validateForm, type FieldErrors } from '../forms/validate.js';
import { localDay, toLocalInput } from '../i18n/format.js';
import type { Refusal } from '../shared/result.js';
import { formErrors, valueOf } from '../web/refusals.js';
import { idParam, staffActor, bodyOf, type Body } from '../web/requests.js';
import { slipQr } from '../shared/slip-qr.js';
import { groupBallotCode } from './ballots.js';
import {
  COMMENT_MAX,
  InviteForm,
  ISSUE_KEY,
  MEETING_MAX,
  NOTE_MAX,
  NoteForm,
  openRoundForm,
  PaperTallyForm,
  PEOPLE_MAX,
  SLIPS_MAX,
  SlipsForm,
  VOID_CODE_MAX,
  VoidForm,
} from './schemas.js';
import { sendResult } from './closing.js';
import {
  addSolicitationNote,
  awaitingRound,
  closeRound,
  inviteMembers,
  issueSlips,
  listRounds,
  membersToInvite,
  openRound,
  recordPaperTally,
  roundForStaff,
  roundsOfRectification,
  voidSlip,
  type RoundConflict,
  type StaffRound,
} from './service.js';
import { CHOICES } from './tally.js';

/** What the form says when a round's use-case refuses on account of state (422, the form again). */
const CONFLICT_MESSAGES: Record<RoundConflict, string> = {
  not_reported_done: 'evaluations.errors.notReportedDone',
  round_open: 'evaluations.errors.roundOpen',
  closed: 'evaluations.errors.roundClosed',
  voting_ended: 'evaluations.errors.votingEnded',
};

/** The overview lists this many rounds, the open ones first (each rectification's page lists all of its own). */
const ROUNDS_LISTED = 200;

/** A new round lasts a week unless the coordinator says otherwise. */
const DEFAULT_ROUND_MS = 7 * 86_400_000;

/** The address a slip's QR code opens, and which the slip also prints. */
export const slipAddress = (baseUrl: string, code: string) => `${baseUrl}/vote?code=${code}`;

const newIssueKey = () => randomBytes(18).toString('base64url');

const max = {
  slips: SLIPS_MAX,
  people: PEOPLE_MAX,
  meeting: MEETING_MAX,
  note: NOTE_MAX,
  comment: COMMENT_MAX,
  code: VOID_CODE_MAX,
};

const routes: FastifyPluginAsync = async (app) => {
  const manage = { config: { permission: 'evaluations.manage' as const } };
  const tz = app.config.timeZone;
  const today = () => localDay(app.clock.now(), tz);

  // All rounds, and the rectifications waiting for one (the staff nav leads here) ------------------

  app.get('/rounds', manage, async (req, reply) => {
    const [rounds, awaiting] = await Promise.all([listRounds(app.db, ROUNDS_LISTED), awaitingRound(app.db)]);
    return reply.page('evaluations/overview', {
      title: req.t('evaluations.overview.title'),
      rounds,
      awaiting,
      now: app.clock.now().toISOString(),
    });
  });

  // A rectification's rounds ------------------------------------------------------------------

  app.get<{ Params: { id: string } }>('/rectifications/:id/rounds', manage, async (req, reply) => {
    const found = valueOf(await roundsOfRectification(app.db, idParam(req.params.id), today()));
    return reply.page('evaluations/rounds', {
      title: req.t('evaluations.rounds.title', { title: found.detail.problem.title }),
      ...found,
    });
  });

  async function newRoundPage(
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Body | null,
    errors: FieldErrors,
    status: number,
  ) {
    const found = valueOf(await roundsOfRectification(app.db, id, today()));
    if (found.openRound && status === 200) {
      reply.flash('flash.roundAlreadyOpen');
      return reply.redirect(`/staff/rounds/${found.openRound.id}`, 303);
    }
    const now = app.clock.now();
    return reply.page(
      'evaluations/new',
      {
        title: req.t('evaluations.new.title'),
        ...found,
        values: values ?? {
          opens_at: toLocalInput(now, tz),
          closes_at: toLocalInput(new Date(now.getTime() + DEFAULT_ROUND_MS), tz),
        },
        errors,
        labels: { opens_at: req.t('evaluations.fields.opensAt'), closes_at: req.t('evaluations.fields.closesAt') },
      },
      status,
    );
  }

  app.get<{ Params: { id: string } }>('/rectifications/:id/rounds/new', manage, async (req, reply) =>
    newRoundPage(req, reply, idParam(req.params.id), null, {}, 200),
  );

  app.post<{ Params: { id: string } }>('/rectifications/:id/rounds', manage, async (req, reply) => {
    const id = idParam(req.params.id);
    const body = bodyOf(req);
    const now = app.clock.now();
    const form = validateForm(openRoundForm(tz, now), body);
    if (!form.ok) return newRoundPage(req, reply, id, form.values, form.errors, 422);
    const result = await openRound(app.db, staffActor(req), now, id, {
      opensAt: form.data.opens_at,
      closesAt: form.data.closes_at,
    });
    if (!result.ok) return newRoundPage(req, reply, id, echoValues(body), formErrors(result, CONFLICT_MESSAGES), 422);
    reply.flash('flash.roundOpened');
    return reply.redirect(`/staff/rounds/${result.value.roundId}`, 303);
  });

  // One round -----------------------------------------------------------------------------------

  async function loadRound(id: number): Promise<StaffRound> {
    return valueOf(await roundForStaff(app.db, id, app.clock.now(), today()));
  }

  async function roundPage(
    req: FastifyRequest,
    reply: FastifyReply,
    found: StaffRound,
    values: Body,
    errors: FieldErrors,
    status: number,
  ) {
    const open = found.round.state === 'open';
    const labels: Record<string, string> = {
      count: req.t('evaluations.slips.count'),
      meeting: req.t('evaluations.paper.meeting'),
      present: req.t('evaluations.paper.present'),
      note: req.t('evaluations.notes.note'),
      people: req.t('evaluations.invite.people'),
      code: req.t('evaluations.void.code'),
    };
    const { members, invitedCount } = await membersToInvite(app.db, found.round.id, today());
    for (const c of CHOICES) labels[c] = req.t(`evaluations.choices.${c}`);
    const kept = values.issue_key;
    return reply.page(
      'evaluations/round',
      {
        title: req.t('evaluations.round.title', { n: found.round.number, title: found.detail.problem.title }),
        ...found,
        values,
        errors,
        labels,
        max,
        choices: CHOICES,
        members,
        // Members emailed a code for this round already: says why no one is left to choose.
        invitedCount,
        chosenMembers: new Set([values.people ?? []].flat().map(String)),
        issueKey: typeof kept === 'string' && ISSUE_KEY.test(kept) ? kept : newIssueKey(),
        may: {
          issue: open && (found.votingState === 'open' || found.votingState === 'not_open'),
          paper: open,
          note: open,
          void: open && found.issuedCodes > 0,
          close: open,
        },
      },
      status,
    );
  }

  app.get<{ Params: { id: string } }>('/rounds/:id', manage, async (req, reply) =>
    roundPage(req, reply, await loadRound(idParam(req.params.id)), {}, {}, 200),
  );

  app.post<{ Params: { id: string } }>('/rounds/:id/slips', manage, async (req, reply) => {
    const found = await loadRound(idParam(req.params.id));
    const body = bodyOf(req);
    const form = validateForm(SlipsForm, body);
    if (!form.ok) return roundPage(req, reply, found, form.values, form.errors, 422);
    const result = await issueSlips(
      app.db,
      staffActor(req),
      app.clock.now(),
      found.round.id,
      form.data.count,
      form.data.issue_key,
    );
    // The same form again (a reload, a second click): nothing more is issued, and the page says why.
    if (!result.ok && result.refusal === 'conflict' && result.reason === 'already_issued')
      return roundPage(req, reply, found, {}, { _form: { key: 'evaluations.errors.alreadyIssued' } }, 409);
    if (!result.ok)
      return roundPage(
        req,
        reply,
        found,
        echoValues(body),
        formErrors(result as Refusal<RoundConflict>, CONFLICT_MESSAGES),
        422,
      );
    const slips = await Promise.all(
      result.value.codes.map(async (code) => {
        const address = slipAddress(app.config.baseUrl, code);
        return { grouped: groupBallotCode(code), address, qr: await slipQr(address) };
      }),
    );
    reply.header('Cache-Control', 'no-store');
    reply.header('X-Robots-Tag', 'noindex, nofollow');
    return reply.page('evaluations/slips', {
      title: req.t('evaluations.slips.title', { count: slips.length }),
      round: found.round,
      problemTitle: found.detail.problem.title,
      voteAddress: `${app.config.baseUrl}/vote`,
      slips,
    });
  });

  app.post<{ Params: { id: string } }>('/rounds/:id/paper', manage, async (req, reply) => {
    const found = await loadRound(idParam(req.params.id));
    const body = bodyOf(req);
    const form = validateForm(PaperTallyForm, body);
    if (!form.ok) return roundPage(req, reply, found, form.values, form.errors, 422);
    const result = await recordPaperTally(app.db, staffActor(req), app.clock.now(), found.round.id, form.data);
    if (!result.ok) return roundPage(req, reply, found, echoValues(body), formErrors(result, CONFLICT_MESSAGES), 422);
    reply.flash('flash.paperTallyRecorded');
    return reply.redirect(`/staff/rounds/${found.round.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/rounds/:id/notes', manage, async (req, reply) => {
    const found = await loadRound(idParam(req.params.id));
    const body = bodyOf(req);
    const form = validateForm(NoteForm, body);
    if (!form.ok) return roundPage(req, reply, found, form.values, form.errors, 422);
    const result = await addSolicitationNote(app.db, staffActor(req), app.clock.now(), found.round.id, form.data.note);
    if (!result.ok) return roundPage(req, reply, found, echoValues(body), formErrors(result, CONFLICT_MESSAGES), 422);
    reply.flash('flash.noteAdded');
    return reply.redirect(`/staff/rounds/${found.round.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/rounds/:id/void', manage, async (req, reply) => {
    const found = await loadRound(idParam(req.params.id));
    const body = bodyOf(req);
    // What was typed may be a live code (of another round, say): the answer is kept by no cache.
    reply.header('Cache-Control', 'no-store');
    const form = validateForm(VoidForm, body);
    if (!form.ok) return roundPage(req, reply, found, form.values, form.errors, 422);
    const result = await voidSlip(app.db, staffActor(req), app.clock.now(), found.round.id, form.data.code);
    if (!result.ok) return roundPage(req, reply, found, echoValues(body), formErrors(result, CONFLICT_MESSAGES), 422);
    // The round page also counts it under "Codes voided" beside the form.
    reply.flash('flash.ballotVoided');
    return reply.redirect(`/staff/rounds/${found.round.id}#void-title`, 303);
  });

  app.post<{ Params: { id: string } }>('/rounds/:id/invite', manage, async (req, reply) => {
    const found = await loadRound(idParam(req.params.id));
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Body;
    const form = validateForm(InviteForm, body);
    if (!form.ok) return roundPage(req, reply, found, form.values, form.errors, 422);
    const result = await inviteMembers(
      app.db,
      app.mailer,
      app.config.baseUrl,
      staffActor(req),
      app.clock.now(),
      found.round.id,
      form.data.people,
      today(),
    );
    if (!result.ok) return roundPage(req, reply, found, echoValues(body), formErrors(result, CONFLICT_MESSAGES), 422);
    reply.flash(result.value.failed > 0 ? 'flash.invitationsPartly' : 'flash.invitationsSent');
    return reply.redirect(`/staff/rounds/${found.round.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/rounds/:id/close', manage, async (req, reply) => {
    const found = await loadRound(idParam(req.params.id));
    const result = await closeRound(app.db, staffActor(req), app.clock.now(), found.round.id, tz);
    if (!result.ok) return roundPage(req, reply, found, {}, formErrors(result, CONFLICT_MESSAGES), 422);
    await sendResult(
      {
        db: app.db,
        mailer: app.mailer,
        baseUrl: app.config.baseUrl,
        timeZone: tz,
        log: { warn: (m, d) => req.log.warn(d, m) },
      },
      app.clock.now(),
      found.round.id,
      result.value,
    );
    reply.flash('flash.roundClosed');
    return reply.redirect(`/staff/rounds/${found.round.id}`, 303);
  });
};

export default routes;
