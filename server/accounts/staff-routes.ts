// The staff home page, and staff account administration (administrators only).
import { formErrors, refuse, valueOf } from '../web/refusals.js';
import { idParam } from '../web/requests.js';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { CurrentUser } from '../types.js';
import { validateForm, type FieldErrors } from '../forms/validate.js';
import { unitOptions } from '../units/service.js';
import { EditAccountForm, NewAccountForm } from './schemas.js';
import {
  accountForEdit,
  createAccount,
  listAccounts,
  reinvite,
  sendInvitation,
  updateAccount,
  type IssuedInvitation,
} from './service.js';

const MANAGE = { config: { permission: 'accounts.manage' } } as const;

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const accountId = (req: IdRequest) => idParam(req.params.id);

/** What a form may show again: everything typed except passwords. */
function withoutPasswords(values: Record<string, unknown>): Record<string, unknown> {
  const { password: _p, password_confirm: _c, ...rest } = values;
  return rest;
}

const routes: FastifyPluginAsync = async (app) => {
  app.get('/', { config: { permission: 'staff.home' } }, async (req, reply) => {
    return reply.page('accounts/staff-home', { title: req.t('accounts.home.title') });
  });

  const me = (req: FastifyRequest) => req.user as CurrentUser;

  /** Emails an invitation; a failed send is logged and reported on the account's page, the account stays. */
  async function mailInvitation(req: FastifyRequest, invitation: IssuedInvitation): Promise<boolean> {
    try {
      await sendInvitation(app.mailer, app.config.baseUrl, invitation, me(req).name);
      return true;
    } catch (err) {
      req.log.error({ err, userId: invitation.userId }, 'invitation email could not be sent');
      return false;
    }
  }

  const newPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: FieldErrors = {},
    status = 200,
  ) =>
    reply.page(
      'accounts/form',
      {
        title: req.t('accounts.form.newTitle'),
        mode: 'new',
        action: '/staff/accounts',
        values,
        errors,
        units: await unitOptions(app.db),
      },
      status,
    );

  const editPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    userId: number,
    values: Record<string, unknown> | null,
    errors: FieldErrors = {},
    status = 200,
  ) => {
    const { user, watched, invitation } = valueOf(await accountForEdit(app.db, userId));
    const stored = {
      name: user.name,
      email: user.email,
      role: user.role,
      unit_id: user.unit_id ?? '',
      watched: watched.map(String),
      locale: user.locale,
      status: user.active === 1 ? 'active' : 'inactive',
    };
    const query = req.query as { mail?: string } | undefined;
    return reply.page(
      'accounts/form',
      {
        title: req.t('accounts.form.editTitle', { name: user.name }),
        mode: 'edit',
        action: `/staff/accounts/${user.id}`,
        account: user,
        invitation,
        now: app.clock.now().toISOString(),
        mailFailed: query?.mail === 'failed',
        values: values ?? stored,
        errors,
        units: await unitOptions(app.db),
      },
      status,
    );
  };

  app.get('/accounts', MANAGE, async (req, reply) => {
    return reply.page('accounts/list', { title: req.t('accounts.list.title'), accounts: await listAccounts(app.db) });
  });

  app.get('/accounts/new', MANAGE, async (req, reply) => newPage(req, reply, { access: 'invite', locale: req.locale }));

  app.post('/accounts', MANAGE, async (req, reply) => {
    const form = validateForm(NewAccountForm, req.body);
    if (!form.ok) return newPage(req, reply, withoutPasswords(form.values), form.errors, 422);
    const result = await createAccount(app.db, app.clock, me(req), form.data);
    if (!result.ok) return newPage(req, reply, withoutPasswords(form.data), formErrors(result), 422);
    const { userId, invitation } = result.value;
    if (invitation && !(await mailInvitation(req, invitation)))
      return reply.redirect(`/staff/accounts/${userId}/edit?mail=failed`, 303);
    reply.flash('flash.saved');
    return reply.redirect('/staff/accounts', 303);
  });

  app.get('/accounts/:id/edit', MANAGE, async (req: IdRequest, reply) => editPage(req, reply, accountId(req), null));

  app.post('/accounts/:id', MANAGE, async (req: IdRequest, reply) => {
    const userId = accountId(req);
    const form = validateForm(EditAccountForm, req.body);
    if (!form.ok) return editPage(req, reply, userId, form.values, form.errors, 422);
    const result = await updateAccount(app.db, app.clock, me(req), userId, form.data);
    if (!result.ok) return editPage(req, reply, userId, form.data, formErrors(result), 422);
    reply.flash('flash.saved');
    return reply.redirect('/staff/accounts', 303);
  });

  app.post('/accounts/:id/invite', MANAGE, async (req: IdRequest, reply) => {
    const userId = accountId(req);
    const result = await reinvite(app.db, app.clock, me(req), userId);
    if (!result.ok) {
      if (result.refusal === 'conflict')
        return editPage(req, reply, userId, null, { _form: { key: 'accounts.errors.inviteInactive' } }, 422);
      return refuse(result);
    }
    if (!(await mailInvitation(req, result.value)))
      return reply.redirect(`/staff/accounts/${userId}/edit?mail=failed`, 303);
    reply.flash('flash.saved');
    return reply.redirect(`/staff/accounts/${userId}/edit`, 303);
  });
};

export default routes;
