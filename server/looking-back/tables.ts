// The looking-back check a pass schedules: months later, are the measures still in force?
import type { Generated } from 'kysely';

export interface LookingBackChecksTable {
  id: Generated<number>;
  rectification_id: number;
  due_on: string;
  finding: 'holding' | 'relapsed' | null;
  note: string | null;
  checked_by: number | null;
  checked_at: string | null;
  created_at: string;
}
