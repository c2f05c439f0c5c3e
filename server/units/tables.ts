import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Locale } from '../config.js';

export const UNIT_KINDS = ['city', 'district', 'county', 'unit'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface UnitsTable {
  id: Generated<number>;
  parent_id: number | null;
  name: string;
  kind: UnitKind;
  created_at: string;
  updated_at: string;
}

export interface UnitContactsTable {
  id: Generated<number>;
  unit_id: number;
  email: string;
  name: string | null;
  locale: Locale;
}

export type UnitRow = Selectable<UnitsTable>;
export type NewUnitRow = Insertable<UnitsTable>;
export type UnitUpdate = Updateable<UnitsTable>;
export type UnitContactRow = Selectable<UnitContactsTable>;
