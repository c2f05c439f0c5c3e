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
export type OpinionScope = { kind: 'all' } | { kind: 'watched'; unitIds: readonly number[]; recordedBy: number } | { kind: 'none' };

export function opinionScope(user: Principal): OpinionScope {
  if (!can(user, 'opinions.read')) return { kind: 'none' };
  if (user.role === 'supervisor') return { kind: 'watched', unitIds: user.watchedUnitIds, recordedBy: user.id };
  return { kind: 'all' };
}
