// Campaigns: the period an organisation collects opinions and judges rectifications in.
// Conduct rules: the organisation's code of conduct, which an opinion may say was broken.
import * as audit from '../audit/service.js';
import type { Locale } from '../config.js';
import type { DB } from '../db/database.js';
import { translator } from '../i18n/catalog.js';
import { localDay } from '../i18n/format.js';
import { invalid, notFound, ok, type Result } from '../shared/result.js';
import * as repo from './repository.js';
import { campaignRuleErrors, type CampaignForm, type ConductRuleForm } from './schemas.js';
import type { CampaignRow, ConductRuleRow } from './tables.js';
import { writeTransaction } from '../db/transaction.js';

/** Campaigns running today in the portal's time zone: the ones the public can send opinions to. */
export async function currentCampaigns(db: DB, now: Date, timeZone: string): Promise<CampaignRow[]> {
  return repo.campaignsOn(db, localDay(now, timeZone));
}

/**
 * The campaign a staff page is about, with every campaign for its picker: the one asked for (an id
 * that names no campaign is not_found), else the first running today, else the newest; null when
 * there is none yet.
 */
export async function campaignInView(
  db: DB,
  now: Date,
  timeZone: string,
  asked: number | undefined,
): Promise<Result<{ campaign: CampaignRow | null; campaigns: CampaignRow[] }>> {
  const campaigns = await repo.listCampaigns(db);
  if (asked !== undefined) {
    const campaign = campaigns.find((c) => c.id === asked);
    return campaign ? ok({ campaign, campaigns }) : notFound();
  }
  const campaign = (await currentCampaigns(db, now, timeZone))[0] ?? campaigns[0] ?? null;
  return ok({ campaign, campaigns });
}

/** Every campaign, newest first. */
export async function allCampaigns(db: DB): Promise<CampaignRow[]> {
  return repo.listCampaigns(db);
}

/** The campaign, or not_found. */
export async function campaignById(db: DB, id: number): Promise<Result<CampaignRow>> {
  const campaign = await repo.findCampaign(db, id);
  return campaign ? ok(campaign) : notFound();
}

/** Field by field, what an update changes: { field: { from, to } }. */
function changesBetween<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, v] of Object.entries(after)) if (before[k] !== v) out[k] = { from: before[k], to: v };
  return out;
}

const campaignColumns = (form: CampaignForm) => ({
  name: form.name,
  description: form.description ?? '',
  starts_on: form.starts_on,
  ends_on: form.ends_on,
  threshold: form.threshold,
  quorum_numerator: form.quorum_numerator,
  quorum_denominator: form.quorum_denominator,
});

export async function createCampaign(
  db: DB,
  actor: audit.Actor,
  now: Date,
  form: CampaignForm,
): Promise<Result<{ id: number }>> {
  const errors = campaignRuleErrors(form);
  if (Object.keys(errors).length > 0) return invalid(errors);
  return writeTransaction(db, async (trx) => {
    const at = now.toISOString();
    const columns = campaignColumns(form);
    const id = await repo.insertCampaign(trx, { ...columns, created_at: at, updated_at: at });
    await audit.record(trx, actor, now, {
      action: 'campaign.created',
      entityType: 'campaign',
      entityId: id,
      data: columns,
    });
    return ok({ id });
  });
}

/**
 * Changes a campaign. Rounds already open keep the pass line and quorum they froze when they
 * opened; only rounds opened later use the new values.
 */
export async function updateCampaign(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  form: CampaignForm,
): Promise<Result<{ id: number }>> {
  const errors = campaignRuleErrors(form);
  if (Object.keys(errors).length > 0) return invalid(errors);
  return writeTransaction(db, async (trx) => {
    const before = await repo.findCampaign(trx, id);
    if (!before) return notFound();
    const changes = changesBetween(before, campaignColumns(form));
    if (Object.keys(changes).length === 0) return ok({ id });
    await repo.updateCampaign(trx, id, { ...campaignColumns(form), updated_at: now.toISOString() });
    await audit.record(trx, actor, now, {
      action: 'campaign.updated',
      entityType: 'campaign',
      entityId: id,
      data: { changes },
    });
    return ok({ id });
  });
}

// Conduct rules ------------------------------------------------------------------------------

/** Every rule, active or not, in the order the administrator set. */
export async function allConductRules(db: DB): Promise<ConductRuleRow[]> {
  return repo.listConductRules(db);
}

/** The rule, or not_found. */
export async function conductRuleById(db: DB, id: number): Promise<Result<ConductRuleRow>> {
  const rule = await repo.findConductRule(db, id);
  return rule ? ok(rule) : notFound();
}

/** A rule's words in each language, as the form gives them (null where not given). */
export interface RuleWords {
  title_en: string | null;
  description_en: string | null;
  title_zh: string | null;
  description_zh: string | null;
}

type RuleColumns = Pick<
  ConductRuleRow,
  'title' | 'description' | 'title_en' | 'description_en' | 'title_zh' | 'description_zh'
>;

const inLanguage = (r: RuleColumns, locale: Locale) =>
  locale === 'en'
    ? { title: r.title_en, description: r.description_en }
    : { title: r.title_zh, description: r.description_zh };

/** A rule in the reader's language, else in the other, else as first written. */
export function ruleIn<R extends RuleColumns>(rule: R, locale: Locale): R {
  const own = inLanguage(rule, locale);
  const other = inLanguage(rule, locale === 'en' ? 'zh-CN' : 'en');
  if (own.title) return { ...rule, title: own.title, description: own.description ?? '' };
  if (other.title) return { ...rule, title: other.title, description: other.description ?? '' };
  return rule;
}

/** The rules in use, worded in the reader's language (falling back to the other): for the opinion forms. */
export async function conductRulesIn(db: DB, locale: Locale): Promise<ConductRuleRow[]> {
  return (await repo.activeConductRules(db)).map((r) => ruleIn(r, locale));
}

/** The columns of a rule from its words; `title`/`description` (the last fallback) in the writer's language when given. */
function ruleColumns(w: RuleWords, locale: Locale): RuleColumns {
  const first = ruleIn({ title: '', description: '', ...w }, locale);
  return { ...w, title: first.title, description: first.description };
}

async function insertRule(
  trx: DB,
  actor: audit.Actor,
  now: Date,
  columns: RuleColumns,
  why?: audit.SystemReason,
): Promise<number> {
  const at = now.toISOString();
  const position = (await repo.lastConductRulePosition(trx)) + 1;
  const id = await repo.insertConductRule(trx, { ...columns, position, active: 1, created_at: at, updated_at: at });
  await audit.record(trx, actor, now, {
    action: 'conduct_rule.created',
    entityType: 'conduct_rule',
    entityId: id,
    to: 'active',
    why,
    data: { ...columns, position },
  });
  return id;
}

export async function createConductRule(
  db: DB,
  actor: audit.Actor,
  now: Date,
  form: ConductRuleForm,
  locale: Locale,
): Promise<Result<{ id: number }>> {
  return writeTransaction(db, async (trx) => ok({ id: await insertRule(trx, actor, now, ruleColumns(form, locale)) }));
}

export async function updateConductRule(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  form: ConductRuleForm,
  locale: Locale,
): Promise<Result<{ id: number }>> {
  return writeTransaction(db, async (trx) => {
    const before = await repo.findConductRule(trx, id);
    if (!before) return notFound();
    const columns = ruleColumns(form, locale);
    const changes = changesBetween(before, columns);
    if (Object.keys(changes).length === 0) return ok({ id });
    await repo.updateConductRule(trx, id, { ...columns, updated_at: now.toISOString() });
    await audit.record(trx, actor, now, {
      action: 'conduct_rule.updated',
      entityType: 'conduct_rule',
      entityId: id,
      data: { changes },
    });
    return ok({ id });
  });
}

/** The form's values for a rule: its words in each language (a rule from before both languages: as first written, in the reader's). */
export function ruleFormValues(rule: ConductRuleRow, locale: Locale): RuleWords {
  const values: RuleWords = {
    title_en: rule.title_en,
    description_en: rule.description_en,
    title_zh: rule.title_zh,
    description_zh: rule.description_zh,
  };
  if (!rule.title_en && !rule.title_zh) {
    if (locale === 'en') Object.assign(values, { title_en: rule.title, description_en: rule.description });
    else Object.assign(values, { title_zh: rule.title, description_zh: rule.description });
  }
  return values;
}

/** Takes a rule out of use, or back into use. Rules are never deleted: opinions may name them. */
export async function setConductRuleActive(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  active: boolean,
): Promise<Result<{ id: number }>> {
  return writeTransaction(db, async (trx) => {
    const rule = await repo.findConductRule(trx, id);
    if (!rule) return notFound();
    if ((rule.active === 1) === active) return ok({ id });
    await repo.updateConductRule(trx, id, { active: active ? 1 : 0, updated_at: now.toISOString() });
    await audit.record(trx, actor, now, {
      action: active ? 'conduct_rule.reactivated' : 'conduct_rule.deactivated',
      entityType: 'conduct_rule',
      entityId: id,
      from: active ? 'inactive' : 'active',
      to: active ? 'active' : 'inactive',
    });
    return ok({ id });
  });
}

/** Swaps a rule with its neighbour above or below; the list is renumbered 1, 2, 3, … */
export async function moveConductRule(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  direction: 'up' | 'down',
): Promise<Result<{ id: number }>> {
  return writeTransaction(db, async (trx) => {
    const rules = await repo.listConductRules(trx);
    const from = rules.findIndex((r) => r.id === id);
    if (from < 0) return notFound();
    const to = direction === 'up' ? from - 1 : from + 1;
    if (to < 0 || to >= rules.length) return ok({ id }); // already first or last
    const order = rules.slice();
    [order[from], order[to]] = [order[to]!, order[from]!];
    const at = now.toISOString();
    for (const [index, rule] of order.entries()) {
      if (rule.position !== index + 1)
        await repo.updateConductRule(trx, rule.id, { position: index + 1, updated_at: at });
    }
    await audit.record(trx, actor, now, {
      action: 'conduct_rule.moved',
      entityType: 'conduct_rule',
      entityId: id,
      from: String(from + 1),
      to: String(to + 1),
      data: { direction, swapped_with: order[from]!.id },
    });
    return ok({ id });
  });
}

/** The source practice's code of conduct, "the eight prohibitions" (八不准). */
export const EIGHT_PROHIBITIONS = 8;

/**
 * Adds the eight prohibitions, in both languages, when there are no rules yet. Returns how many
 * were added: 8, or 0 when the list was not empty (nothing is added twice). `locale` is the
 * language of the page they were added from (the audit entry says so).
 */
export async function addEightProhibitions(
  db: DB,
  actor: audit.Actor,
  now: Date,
  locale: Locale,
): Promise<Result<{ added: number }>> {
  const en = translator('en');
  const zh = translator('zh-CN');
  return writeTransaction(db, async (trx) => {
    if ((await repo.countConductRules(trx)) > 0) return ok({ added: 0 });
    for (let n = 1; n <= EIGHT_PROHIBITIONS; n++) {
      const words: RuleWords = {
        title_en: en(`campaigns.conduct.eight.${n}.title`),
        description_en: en(`campaigns.conduct.eight.${n}.description`),
        title_zh: zh(`campaigns.conduct.eight.${n}.title`),
        description_zh: zh(`campaigns.conduct.eight.${n}.description`),
      };
      await insertRule(trx, actor, now, ruleColumns(words, locale), { code: 'eight_prohibitions', language: locale });
    }
    return ok({ added: EIGHT_PROHIBITIONS });
  });
}
