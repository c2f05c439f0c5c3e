// The campaign form and the conduct-rule form.
import { z } from 'zod';
import { day, integer, optionalText, text } from '../forms/fields.js';
import type { FieldErrors } from '../forms/validate.js';

export const CAMPAIGN_NAME_MAX = 200;
export const CAMPAIGN_DESCRIPTION_MAX = 5000;
/** A quorum is a small fraction ("2 of every 3"); a thousand is plenty for its terms. */
export const QUORUM_TERM_MAX = 1000;

export const DEFAULT_THRESHOLD = 80;
export const DEFAULT_QUORUM = { numerator: 2, denominator: 3 } as const;

const campaignFields = z.object({
  name: text(CAMPAIGN_NAME_MAX),
  description: optionalText(CAMPAIGN_DESCRIPTION_MAX),
  starts_on: day(),
  ends_on: day(),
  /** Pass line in whole percent. */
  threshold: integer(1, 100),
  quorum_numerator: integer(0, QUORUM_TERM_MAX),
  quorum_denominator: integer(1, QUORUM_TERM_MAX),
});
export type CampaignForm = z.infer<typeof campaignFields>;

const isDay = (v: unknown): v is string => typeof v === 'string' && day().safeParse(v).success;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** The rules between fields; the use-case applies them again before writing. */
export function campaignRuleErrors(form: Partial<Record<keyof CampaignForm, unknown>>): FieldErrors {
  const errors: FieldErrors = {};
  // Calendar days as YYYY-MM-DD sort as text.
  if (isDay(form.starts_on) && isDay(form.ends_on) && form.ends_on < form.starts_on) {
    errors.ends_on = { key: 'campaigns.errors.endsBeforeStarts' };
  }
  if (isCount(form.quorum_numerator) && isCount(form.quorum_denominator) && form.quorum_denominator >= 1) {
    if (form.quorum_numerator > form.quorum_denominator)
      errors.quorum_numerator = { key: 'campaigns.errors.quorumTooBig' };
  }
  return errors;
}

export const CampaignForm = campaignFields.superRefine(
  (v, ctx) => {
    for (const [field, e] of Object.entries(campaignRuleErrors(v)))
      ctx.addIssue({ code: 'custom', path: [field], message: e.key });
  },
  // Also when another field is wrong, so every message shows at once (the checks look at types).
  { when: () => true },
);

/** The form for a campaign as it is stored (or, for a new one, with the defaults). */
export function campaignFormValues(
  c: {
    name: string;
    description: string;
    starts_on: string;
    ends_on: string;
    threshold: number;
    quorum_numerator: number;
    quorum_denominator: number;
  } | null,
): Record<string, string> {
  if (!c) {
    return {
      name: '',
      description: '',
      starts_on: '',
      ends_on: '',
      threshold: String(DEFAULT_THRESHOLD),
      quorum_numerator: String(DEFAULT_QUORUM.numerator),
      quorum_denominator: String(DEFAULT_QUORUM.denominator),
    };
  }
  return {
    name: c.name,
    description: c.description,
    starts_on: c.starts_on,
    ends_on: c.ends_on,
    threshold: String(c.threshold),
    quorum_numerator: String(c.quorum_numerator),
    quorum_denominator: String(c.quorum_denominator),
  };
}

// Conduct rules ------------------------------------------------------------------------------

export const RULE_TITLE_MAX = 200;
export const RULE_DESCRIPTION_MAX = 2000;

/** A rule in both languages: a title in at least one (the page shows the reader's, else the other). */
export const ConductRuleForm = z
  .object({
    title_en: optionalText(RULE_TITLE_MAX),
    description_en: optionalText(RULE_DESCRIPTION_MAX),
    title_zh: optionalText(RULE_TITLE_MAX),
    description_zh: optionalText(RULE_DESCRIPTION_MAX),
  })
  .superRefine((v, ctx) => {
    if (!v.title_en && !v.title_zh) {
      for (const field of ['title_en', 'title_zh'])
        ctx.addIssue({ code: 'custom', path: [field], message: 'campaigns.conduct.errors.titleInOne' });
    }
  });
export type ConductRuleForm = z.infer<typeof ConductRuleForm>;
