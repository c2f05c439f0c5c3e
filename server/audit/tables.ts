import type { Generated, Selectable } from 'kysely';

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  /** Who, as a label that survives the account: an email, "public" or "system". */
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  from_state: string | null;
  to_state: string | null;
  reason: string | null;
  data: string | null;
  prev_hash: string;
  hash: string;
}

export type AuditRow = Selectable<AuditLogTable>;
