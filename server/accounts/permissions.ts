// The one place that decides what each role may do. Routes name the permission they need
// (route config `permission`); the staff route group checks it on the server for every request.
import type { Role } from './tables.js';

export const PERMISSIONS = {
  /** The staff home page and one's own account. */
  'staff.home': ['administrator', 'coordinator', 'supervisor', 'unit_officer'],
  'accounts.manage': ['administrator'],
  'units.manage': ['administrator'],
  'campaigns.manage': ['administrator'],
  'conduct.manage': ['administrator'],
  'audit.read': ['administrator'],
  /** Record opinions from any of the ten channels. */
  'opinions.record': ['administrator', 'coordinator', 'supervisor'],
  /** Read the inbox; which opinions are visible is narrowed by opinionScope(). */
  'opinions.read': ['administrator', 'coordinator', 'supervisor'],
  /** Sort opinions: unit, category, link to a problem, duplicate, not actionable. */
  'opinions.triage': ['administrator', 'coordinator'],
  /** Bring in a CSV of opinions from one channel. */
  'opinions.import': ['administrator', 'coordinator', 'supervisor'],
  /** Download opinions as CSV, without personal details (narrowed by opinionScope()). */
  'opinions.export': ['administrator', 'coordinator', 'supervisor'],
  /** The same download with submitters' names and contacts. */
  'opinions.exportPersonal': ['administrator', 'coordinator'],
  /** Attach a scan or photo to an opinion one may read. */
  'attachments.add': ['administrator', 'coordinator', 'supervisor'],
  /** Black out personal details in an opinion's text. */
  'opinions.redact': ['administrator', 'coordinator'],
  /** Read an opinion's text as it was before redaction. */
  'opinions.readOriginal': ['administrator'],
  /** Read problems; which ones is narrowed by problemScope(). */
  'problems.read': ['administrator', 'coordinator', 'supervisor', 'unit_officer'],
  /** Create, edit, merge, split and publish problems. */
  'problems.manage': ['administrator', 'coordinator'],
  /** Read rectifications; which ones is narrowed by problemScope() (the responsible unit). */
  'rectifications.read': ['administrator', 'coordinator', 'supervisor', 'unit_officer'],
  /** Start a problem's rectification, draft its measures, report progress and report it done: a unit officer for their own unit. */
  'rectifications.work': ['administrator', 'coordinator', 'unit_officer'],
  /** Approve a draft, which commits it in public and sends the commitment letter. */
  'rectifications.approve': ['administrator', 'coordinator'],
  /** Keep the register of representatives and image supervisors. */
  'people.manage': ['administrator', 'coordinator'],
  /** See the looking-back checks due (a supervisor: of the units they watch). */
  'lookingBack.read': ['administrator', 'coordinator', 'supervisor'],
  /** Record what a looking-back check found, or move its date. */
  'lookingBack.record': ['administrator', 'coordinator'],
  /** Open evaluation rounds, issue ballot slips, enter paper tallies and solicitation notes, close a round. */
  'evaluations.manage': ['administrator', 'coordinator'],
  /** Build and publish questionnaires, issue invitation codes, read the results and turn written answers into opinions. */
  'surveys.manage': ['administrator', 'coordinator'],
  /** Type in questionnaires answered on paper. */
  'surveys.enterPaper': ['administrator', 'coordinator', 'supervisor'],
  /** The dashboard: the campaign's figures, narrowed by problemScope() (a unit officer their unit's, a supervisor the units they watch). */
  'dashboard.read': ['administrator', 'coordinator', 'supervisor', 'unit_officer'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export interface Principal {
  id: number;
  role: Role;
  unitId: number | null;
  watchedUnitIds: readonly number[];
}

export function can(user: Principal | null, permission: Permission): boolean {
  if (!user) return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(user.role);
}

/**
 * Which opinions a person may read. Coordinators and administrators see the whole campaign;
 * a supervisor sees the units they watch and what they recorded themselves.
 */
export type OpinionScope =
  { kind: 'all' } | { kind: 'watched'; unitIds: readonly number[]; recordedBy: number } | { kind: 'none' };

export function opinionScope(user: Principal): OpinionScope {
  if (!can(user, 'opinions.read')) return { kind: 'none' };
  if (user.role === 'supervisor') return { kind: 'watched', unitIds: user.watchedUnitIds, recordedBy: user.id };
  return { kind: 'all' };
}

/**
 * Which problems a person may read: coordinators and administrators all of them, a unit officer
 * their own unit's, a supervisor those of the units they watch.
 */
export type ProblemScope = { kind: 'all' } | { kind: 'units'; unitIds: readonly number[] } | { kind: 'none' };

/** The units a scope reaches: every unit, or these (none for a scope that reads nothing). */
export function scopeUnits(scope: ProblemScope): readonly number[] | 'all' {
  return scope.kind === 'all' ? 'all' : scope.kind === 'units' ? scope.unitIds : [];
}

export function problemScope(user: Principal): ProblemScope {
  if (!can(user, 'problems.read')) return { kind: 'none' };
  if (user.role === 'unit_officer') return { kind: 'units', unitIds: user.unitId === null ? [] : [user.unitId] };
  if (user.role === 'supervisor') return { kind: 'units', unitIds: user.watchedUnitIds };
  return { kind: 'all' };
}
