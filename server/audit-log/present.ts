// How the audit page words an entry in the reader's language. The entry itself stays exactly as
// it was written (the chain covers every byte of it); only what the page shows is translated.
// A value the portal does not know is shown as stored.
import { ROLES } from '../accounts/tables.js';
import { isLocale, type Translate } from '../i18n/catalog.js';
import { OPINION_STATES } from '../opinions/state.js';
import type { SystemReason } from '../audit/service.js';
import { RECTIFICATION_STATES } from '../rectifications/state.js';
import type { RectificationEventKind } from '../rectifications/tables.js';
import type { NamedAuditRow } from '../audit/tables.js';
import { actionKey, isAuditAction } from '../audit/actions.js';

/** The kinds of record entries are about, in the order the filter offers them. */
export const ENTITY_TYPES = [
  'opinion',
  'problem',
  'user',
  'unit',
  'campaign',
  'conduct_rule',
  'import',
  'attachment',
  'invitation',
  'setting',
  'rectification',
  'evaluation_round',
  'looking_back_check',
  'person',
  'survey',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

const isEntityType = (v: string): v is EntityType => (ENTITY_TYPES as readonly string[]).includes(v);

const keyed = (values: readonly string[], prefix: string): Record<string, string> =>
  Object.fromEntries(values.map((v) => [v, `${prefix}.${v}`]));

/** For each kind of record, the catalogue key of each state (or role) an entry moves it between. */
export const STATE_KEYS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  opinion: keyed(OPINION_STATES, 'states.opinion'),
  user: { ...keyed(ROLES, 'roles'), active: 'accounts.status.active', inactive: 'accounts.status.inactive' },
  conduct_rule: keyed(['active', 'inactive'], 'campaigns.conduct.list'),
  problem: keyed(['open', 'merged'], 'problems.states'),
  import: keyed(['previewed', 'imported', 'discarded'], 'imports.states'),
  rectification: keyed(RECTIFICATION_STATES, 'states.rectification'),
  person: keyed(['active', 'inactive'], 'people.states'),
  survey: keyed(['draft', 'published'], 'surveys.states'),
};

/** The portal's own actors; a staff member is named by their name (the entry keeps their email). */
export const ACTOR_KEYS: Readonly<Record<string, string>> = keyed(['public', 'system', 'setup'], 'audit.actors');

export const entityTypeKey = (type: EntityType) => `audit.entityTypes.${type}`;

/** The name of a kind of record in the reader's language, or the stored value. */
export function entityTypeName(t: Translate, type: string): string {
  return isEntityType(type) ? t(entityTypeKey(type)) : type;
}

function stateName(t: Translate, entityType: string, state: string | null): string | null {
  if (state === null) return null;
  const key = STATE_KEYS[entityType]?.[state];
  return key ? t(key) : state;
}

function parseData(data: string | null): Record<string, unknown> | null {
  if (!data) return null;
  try {
    const v: unknown = JSON.parse(data);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The portal's own reason, as record() stores it in `data.why`. */
function systemReason(data: Record<string, unknown> | null): SystemReason | null {
  const why = data?.why;
  if (!why || typeof why !== 'object') return null;
  const w = why as Record<string, unknown>;
  if (w.code === 'first_administrator') return { code: 'first_administrator' };
  if (w.code === 'eight_prohibitions' && isLocale(w.language))
    return { code: 'eight_prohibitions', language: w.language };
  return null;
}

/**
 * Entries written before the portal stored its reasons as codes carry them as English prose.
 * They are never rewritten (that would break the chain); the page recognises them instead.
 */
function legacyReason(reason: string): SystemReason | null {
  if (reason === 'first administrator, created on the first-run page') return { code: 'first_administrator' };
  const m = /^the eight prohibitions of the source practice \(([A-Za-z-]+)\)$/.exec(reason);
  if (m && isLocale(m[1])) return { code: 'eight_prohibitions', language: m[1] };
  return null;
}

export function reasonText(t: Translate, why: SystemReason): string {
  switch (why.code) {
    case 'first_administrator':
      return t('audit.reasons.first_administrator');
    case 'eight_prohibitions':
      return t('audit.reasons.eight_prohibitions', { language: t(`languages.${why.language}`) });
  }
}

/** One row of the audit page, every word in the reader's language. */
export interface AuditLine {
  id: number;
  at: string;
  actor: string;
  /** The action in words; `code` is as stored. */
  action: string;
  code: string;
  record: string;
  from: string | null;
  to: string | null;
  /** What a person typed, as typed; or the portal's own reason, translated. */
  reason: string;
}

/** Who acted, in words: a staff member by name, the portal's own actors translated, else as stored. */
export function actorText(t: Translate, e: Pick<NamedAuditRow, 'actor' | 'actor_id' | 'actor_name'>): string {
  if (e.actor_name) return e.actor_name;
  const key = e.actor_id === null ? ACTOR_KEYS[e.actor] : undefined;
  return key ? t(key) : e.actor;
}

/** What was done, in words (audit.actions.*); an action the portal does not know is shown as stored. */
export function actionText(t: Translate, action: string): string {
  return isAuditAction(action) ? t(actionKey(action)) : action;
}

export function presentEntry(t: Translate, e: NamedAuditRow): AuditLine {
  const type = entityTypeName(t, e.entity_type);
  const why = systemReason(parseData(e.data)) ?? (e.reason ? legacyReason(e.reason) : null);
  return {
    id: e.id,
    at: e.at,
    actor: actorText(t, e),
    action: actionText(t, e.action),
    code: e.action,
    record: e.entity_id ? t('audit.record', { type, id: e.entity_id }) : type,
    from: stateName(t, e.entity_type, e.from_state),
    to: stateName(t, e.entity_type, e.to_state),
    reason: why ? reasonText(t, why) : (e.reason ?? ''),
  };
}

/**
 * Every kind of entry on a rectification's timeline (public notice, ballot page): the type makes
 * adding a kind without listing it here fail to compile, and a test checks each has words.
 */
export const TIMELINE_KINDS = {
  committed: true,
  progress: true,
  reported_done: true,
  state: true,
  revised: true,
} as const satisfies Record<RectificationEventKind, true>;
