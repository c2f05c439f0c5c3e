import { z } from 'zod';
import { LOCALES } from '../config.js';
import { email, idList, optionalId, text } from '../forms/fields.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password.js';
import { ROLES } from './tables.js';

const password = () =>
  z.string().min(PASSWORD_MIN_LENGTH, 'errors.tooShort').max(PASSWORD_MAX_LENGTH, 'errors.tooLong');

/** Setting a password, with the second copy that must match. */
export const NewPasswordForm = z
  .object({ password: password(), password_confirm: z.string().max(PASSWORD_MAX_LENGTH) })
  .refine((v) => v.password === v.password_confirm, { path: ['password_confirm'], message: 'errors.passwordMismatch' });
export type NewPasswordForm = z.infer<typeof NewPasswordForm>;

export const SetupForm = z
  .object({
    setup_code: z.string().trim().min(1).max(40),
    name: text(100),
    email: email(),
    password: password(),
    password_confirm: z.string().max(PASSWORD_MAX_LENGTH),
    locale: z.enum(['en', 'zh-CN']).default('en'),
  })
  .refine((v) => v.password === v.password_confirm, { path: ['password_confirm'], message: 'errors.passwordMismatch' });
export type SetupForm = z.infer<typeof SetupForm>;

export const LoginForm = z.object({
  email: z
    .string()
    .trim()
    .min(1)
    .max(254)
    .transform((s) => s.toLowerCase()),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  next: z.string().max(2000).optional(),
});
export type LoginForm = z.infer<typeof LoginForm>;

// Staff accounts ---------------------------------------------------------------------------

/** How a new account gets in: a password the administrator types now, or an emailed invitation. */
export const ACCESS_METHODS = ['invite', 'password'] as const;
export const ACCOUNT_STATUSES = ['active', 'inactive'] as const;

const accountFields = {
  name: text(100),
  email: email(),
  /** Nothing chosen (the first option is "Choose a role…") and anything not offered get the same message. */
  role: z.enum(ROLES, 'accounts.errors.chooseRole'),
  /** Required for a unit officer (the service checks it, with its own message); ignored for the other roles. */
  unit_id: optionalId(),
  /** Units a supervisor watches; ignored for the other roles. An unticked group sends nothing at all. */
  watched: idList(),
  locale: z.enum(LOCALES),
};

/** True when none of `fields` has failed already, so a cross-field rule can run beside other errors. */
const fieldsValid =
  (...fields: string[]) =>
  (payload: { issues: ReadonlyArray<{ path?: ReadonlyArray<PropertyKey> }> }) =>
    !payload.issues.some((i) => fields.includes(String(i.path?.[0])));

export const NewAccountForm = z
  .object({
    ...accountFields,
    access: z.enum(ACCESS_METHODS),
    // Checked below, and only when a password is being set now.
    password: z.string().max(PASSWORD_MAX_LENGTH, 'errors.tooLong').optional(),
    password_confirm: z.string().max(PASSWORD_MAX_LENGTH, 'errors.tooLong').optional(),
  })
  .superRefine(
    (v, ctx) => {
      if (v.access !== 'password') return;
      const pw = v.password ?? '';
      if (pw.length < PASSWORD_MIN_LENGTH) {
        const issue = pw === '' ? { message: 'errors.required' } : { message: 'errors.tooShort' };
        ctx.addIssue({
          code: 'too_small',
          origin: 'string',
          minimum: PASSWORD_MIN_LENGTH,
          inclusive: true,
          input: pw,
          path: ['password'],
          ...issue,
        });
      } else if (pw !== (v.password_confirm ?? '')) {
        ctx.addIssue({ code: 'custom', path: ['password_confirm'], message: 'errors.passwordMismatch' });
      }
    },
    { when: fieldsValid('access', 'password', 'password_confirm') },
  );
export type NewAccountForm = z.infer<typeof NewAccountForm>;

export const EditAccountForm = z.object({ ...accountFields, status: z.enum(ACCOUNT_STATUSES) });
export type EditAccountForm = z.infer<typeof EditAccountForm>;

/** The account's fields as the service stores them, whichever form they came from. */
export type AccountFields = Pick<NewAccountForm, 'name' | 'email' | 'role' | 'unit_id' | 'watched' | 'locale'>;

/** An invitation token as it appears in a link: 32 random bytes, base64url. */
export const InvitationToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
