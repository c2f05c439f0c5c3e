// First-run set-up, sign-in and sign-out, and accepting an emailed invitation.
import { formErrors, refuse } from '../web/refusals.js';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { validateForm, type FieldErrors } from '../forms/validate.js';
import { safeLocalPath } from '../shared/paths.js';
import { InvitationToken, LoginForm, NewPasswordForm, SetupForm } from './schemas.js';
import type { Refusal } from '../shared/result.js';
import {
  acceptInvitation,
  administratorExists,
  authenticate,
  LOGIN_SLOWDOWN_MAX_MS,
  checkInvitation,
  createFirstAdministrator,
  isWrongSetupCode,
  type InvitationSpent,
} from './service.js';

const FIFTEEN_MINUTES = 15 * 60_000;

const routes: FastifyPluginAsync = async (app) => {
  const setupPage = (
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown> = {},
    errors: FieldErrors = {},
    status = 200,
  ) => reply.page('accounts/setup', { title: req.t('accounts.setup.title'), values, errors }, status);

  // Gone (404) once an administrator exists.
  app.get('/setup', async (req, reply) => {
    if (await administratorExists(app.db)) return reply.callNotFound();
    return setupPage(req, reply, { locale: req.locale });
  });

  app.post('/setup', { config: { rateLimit: { max: 10, timeWindow: FIFTEEN_MINUTES } } }, async (req, reply) => {
    if (await administratorExists(app.db)) return reply.callNotFound();
    const form = validateForm(SetupForm, req.body);
    if (!form.ok) {
      // A wrong code is said together with everything else, not in a second round.
      const wrongCode = isWrongSetupCode(form.values.setup_code, app.setupCode);
      const errors: FieldErrors = wrongCode
        ? { setup_code: { key: 'accounts.setup.wrongCode' }, ...form.errors }
        : form.errors;
      return setupPage(req, reply, form.values, errors, 422);
    }
    const result = await createFirstAdministrator(app.db, app.clock, app.setupCode, form.data);
    if (!result.ok) {
      // Someone finished the set-up in the meantime: said on the same form.
      const errors =
        result.refusal === 'conflict' ? { _form: { key: 'accounts.setup.alreadyDone' } } : formErrors(result);
      return setupPage(req, reply, { ...form.data, password: '', password_confirm: '' }, errors, 422);
    }
    await reply.startSession(result.value.userId);
    reply.flash('flash.setupDone');
    return reply.redirect('/staff', 303);
  });

  const loginPage = (
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: FieldErrors = {},
    status = 200,
  ) => reply.page('accounts/login', { title: req.t('accounts.login.title'), values, errors }, status);

  app.get<{ Querystring: { next?: string } }>('/login', async (req, reply) => {
    if (!(await administratorExists(app.db))) return reply.redirect('/setup');
    if (req.user) return reply.redirect(safeLocalPath(req.query.next) ?? '/staff');
    return loginPage(req, reply, { next: safeLocalPath(req.query.next) ?? '' });
  });

  // Per address here; per account and address, and per account, in authenticate().
  app.post('/login', { config: { rateLimit: { max: 20, timeWindow: FIFTEEN_MINUTES } } }, async (req, reply) => {
    const form = validateForm(LoginForm, req.body);
    if (!form.ok) return loginPage(req, reply, form.values, form.errors, 422);
    const outcome = await authenticate(app.db, app.clock, form.data.email, form.data.password, req.ip);
    const values = { email: form.data.email, next: form.data.next ?? '' };
    if (!outcome.ok) {
      if (outcome.refusal === 'conflict') {
        const key = outcome.reason === 'slowed' ? 'accounts.login.slowed' : 'accounts.login.locked';
        if (outcome.reason === 'slowed') reply.header('Retry-After', String(LOGIN_SLOWDOWN_MAX_MS / 1000));
        return loginPage(req, reply, values, { _form: { key } }, 429);
      }
      return loginPage(req, reply, values, formErrors(outcome), 401);
    }
    await reply.startSession(outcome.value.id);
    return reply.redirect(safeLocalPath(form.data.next) ?? '/staff', 303);
  });

  app.post('/logout', async (_req, reply) => {
    await reply.endSession();
    reply.flash('flash.signedOut');
    return reply.redirect('/login', 303);
  });

  // Invitations: a single-use link from an email, to set one's password.
  type InvitationRequest = FastifyRequest<{ Params: { token: string } }>;

  /** A clear page for a link that does not work: 404 when unknown, 410 when used or expired. */
  const invalidInvitation = (req: FastifyRequest, reply: FastifyReply, reason: 'unknown' | InvitationSpent) =>
    reply.page(
      'accounts/invitation-invalid',
      { title: req.t('accounts.invitation.invalid.title'), reason },
      reason === 'unknown' ? 404 : 410,
    );

  /** The invitation's own page for a link that does not work (any other refusal is its usual page). */
  const refusedInvitation = (req: FastifyRequest, reply: FastifyReply, r: Refusal<InvitationSpent>) => {
    if (r.refusal === 'not_found') return invalidInvitation(req, reply, 'unknown');
    if (r.refusal === 'conflict') return invalidInvitation(req, reply, r.reason);
    return refuse(r);
  };

  const invitationPage = (
    req: InvitationRequest,
    reply: FastifyReply,
    person: { name: string; email: string },
    errors: FieldErrors = {},
    status = 200,
  ) =>
    reply.page(
      'accounts/invitation',
      {
        title: req.t('accounts.invitation.title'),
        person,
        action: `/invitations/${req.params.token}`,
        values: {},
        errors,
      },
      status,
    );

  app.get('/invitations/:token', async (req: InvitationRequest, reply) => {
    if (!InvitationToken.safeParse(req.params.token).success) return invalidInvitation(req, reply, 'unknown');
    const check = await checkInvitation(app.db, app.clock, req.params.token);
    if (!check.ok) return refusedInvitation(req, reply, check);
    return invitationPage(req, reply, check.value);
  });

  app.post(
    '/invitations/:token',
    { config: { rateLimit: { max: 10, timeWindow: FIFTEEN_MINUTES } } },
    async (req: InvitationRequest, reply) => {
      const { token } = req.params;
      if (!InvitationToken.safeParse(token).success) return invalidInvitation(req, reply, 'unknown');
      const form = validateForm(NewPasswordForm, req.body);
      if (!form.ok) {
        const check = await checkInvitation(app.db, app.clock, token);
        if (!check.ok) return refusedInvitation(req, reply, check);
        return invitationPage(req, reply, check.value, form.errors, 422);
      }
      const outcome = await acceptInvitation(app.db, app.clock, token, form.data.password);
      if (!outcome.ok) return refusedInvitation(req, reply, outcome);
      await reply.startSession(outcome.value.userId);
      reply.flash('flash.saved');
      return reply.redirect('/staff', 303);
    },
  );
};

export default routes;
