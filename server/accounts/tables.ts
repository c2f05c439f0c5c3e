import type { Generated, Insertable, Selectable } from 'kysely';
import type { Locale } from '../config.js';

export const ROLES = ['administrator', 'coordinator', 'supervisor', 'unit_officer'] as const;
export type Role = (typeof ROLES)[number];

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  unit_id: number | null;
  locale: Locale;
  /** null until an invited person sets a password. */
  password_hash: string | null;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface UserUnitsTable {
  user_id: number;
  unit_id: number;
}

export interface InvitationsTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  account: string;
  at: string;
  /** The client's address (req.ip); null for failures recorded before addresses were kept. */
  address: string | null;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
