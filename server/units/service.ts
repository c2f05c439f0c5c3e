// Units form a tree: the city, its districts and counties, and the units under them.
import type { DB } from '../db/database.js';
import * as repo from './repository.js';
import type { UnitRow } from './tables.js';

export interface UnitOption {
  id: number;
  name: string;
  depth: number;
  kind: UnitRow['kind'];
}

/** Units in tree order (each followed by its children), with their depth: for lists and selects. */
export function unitTree(units: UnitRow[]): UnitOption[] {
  const children = new Map<number | null, UnitRow[]>();
  const ids = new Set(units.map((u) => u.id));
  for (const u of units) {
    const parent = u.parent_id !== null && ids.has(u.parent_id) ? u.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: UnitOption[] = [];
  const seen = new Set<number>();
  const walk = (parent: number | null, depth: number) => {
    for (const u of children.get(parent) ?? []) {
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      out.push({ id: u.id, name: u.name, depth, kind: u.kind });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export async function unitOptions(db: DB): Promise<UnitOption[]> {
  return unitTree(await repo.listUnits(db));
}
