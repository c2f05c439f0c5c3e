import { z } from 'zod';
import { email, text } from '../forms/fields.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password.js';

const password = () => z.string().min(PASSWORD_MIN_LENGTH, 'errors.tooShort').max(PASSWORD_MAX_LENGTH, 'errors.tooLong');

/** Setting a password, with the second copy that must match. */
export const NewPasswordForm = z
  .object({ password: password(), password_confirm: z.string().max(PASSWORD_MAX_LENGTH) })
  .refine((v) => v.password === v.password_confirm, { path: ['password_confirm'], message: 'errors.passwordMismatch' });

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
  email: z.string().trim().min(1).max(254).transform((s) => s.toLowerCase()),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  next: z.string().max(2000).optional(),
});
export type LoginForm = z.infer<typeof LoginForm>;
