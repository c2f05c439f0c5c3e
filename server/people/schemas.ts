// The register form: a representative or image supervisor, their affiliation, contact, term of
// appointment, the units an image supervisor watches, and (for one who signs in) their account.
import { z } from 'zod';
import { LOCALES } from '../config.js';
import { day, idList, optionalEmail, optionalId, optionalPhone, text } from '../forms/fields.js';

export const AFFILIATIONS = [
  'npc_deputy',
  'cppcc_member',
  'employee_representative',
  'non_party',
  'public_representative',
  'image_supervisor',
] as const;
export const PERSON_NAME_MAX = 100;

const optionalDay = () =>
  z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim())
    .pipe(z.union([z.literal('').transform(() => null), day()]));

export const PersonForm = z
  .object({
    name: text(PERSON_NAME_MAX),
    affiliation: z.string().min(1).pipe(z.enum(AFFILIATIONS)),
    email: optionalEmail(),
    phone: optionalPhone(),
    locale: z.enum(LOCALES).default('zh-CN'),
    term_starts_on: optionalDay(),
    term_ends_on: optionalDay(),
    units: idList(),
    user_id: optionalId(),
  })
  .superRefine((v, ctx) => {
    if (v.term_starts_on && v.term_ends_on && v.term_ends_on < v.term_starts_on)
      ctx.addIssue({ code: 'custom', path: ['term_ends_on'], message: 'people.errors.endsBeforeStarts' });
    if (v.user_id !== null && v.affiliation !== 'image_supervisor')
      ctx.addIssue({ code: 'custom', path: ['user_id'], message: 'people.errors.accountOnlyForSupervisors' });
  });
export type PersonForm = z.infer<typeof PersonForm>;

export const PERSON_FIELDS = [
  'name',
  'affiliation',
  'email',
  'phone',
  'locale',
  'term_starts_on',
  'term_ends_on',
  'units',
  'user_id',
] as const;
