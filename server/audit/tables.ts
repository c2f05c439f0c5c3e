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

/** An entry as pages read it: with the acting staff member's name, when a staff member acted. */
export type NamedAuditRow = AuditRow & { actor_name?: string | null };

/** One a day: the chain's newest entry then, signed (audit/checkpoint.ts). Append-only. */
export interface AuditCheckpointTable {
  id: Generated<number>;
  /** YYYY-MM-DD in the portal's time zone. */
  day: string;
  entry_id: number;
  entry_hash: string;
  entry_at: string;
  signed_at: string;
  key_id: string;
  signature: string;
}

export type AuditCheckpointRow = Selectable<AuditCheckpointTable>;
