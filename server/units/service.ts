// Units form a tree: the city, its districts and counties, and the units under them.
// Units are never deleted (opinions and problems point at them); they are renamed or moved.
import * as audit from '../audit/service.js';
import type { DB } from '../db/database.js';
import type { FieldErrors } from '../forms/validate.js';
import { invalid, notFound, ok, type Result } from '../shared/result.js';
import * as repo from './repository.js';
import { contactField, type ContactInput, type UnitForm } from './schemas.js';
import type { UnitContactRow, UnitRow } from './tables.js';
import { writeTransaction } from '../db/transaction.js';

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

/** The units a reader may choose among: all of them, or only those in `unitIds` (a unit officer's own, a supervisor's watched). */
export async function unitOptionsAmong(db: DB, unitIds: readonly number[] | 'all'): Promise<UnitOption[]> {
  const options = await unitOptions(db);
  return unitIds === 'all' ? options : options.filter((u) => unitIds.includes(u.id));
}

export interface UnitNode extends UnitOption {
  contacts: UnitContactRow[];
  children: UnitNode[];
}

/** The tree as nested nodes with their contact addresses, for the units page. */
export async function unitForest(db: DB): Promise<UnitNode[]> {
  const [units, contacts] = await Promise.all([repo.listUnits(db), repo.listContacts(db)]);
  const byUnit = new Map<number, UnitContactRow[]>();
  for (const c of contacts) byUnit.set(c.unit_id, [...(byUnit.get(c.unit_id) ?? []), c]);
  const roots: UnitNode[] = [];
  const stack: UnitNode[] = [];
  for (const o of unitTree(units)) {
    const node: UnitNode = { ...o, contacts: byUnit.get(o.id) ?? [], children: [] };
    stack.length = o.depth;
    const parent = stack[o.depth - 1];
    (parent ? parent.children : roots).push(node);
    stack.push(node);
  }
  return roots;
}

/** The unit and its contact addresses, or not_found. */
export async function unitWithContacts(
  db: DB,
  id: number,
): Promise<Result<{ unit: UnitRow; contacts: UnitContactRow[] }>> {
  const unit = await repo.findUnit(db, id);
  if (!unit) return notFound();
  return ok({ unit, contacts: await repo.contactsOf(db, id) });
}

// Writing -------------------------------------------------------------------------------------

/** Would putting `unitId` under `parentId` make it its own ancestor? */
function makesCycle(units: UnitRow[], unitId: number, parentId: number): boolean {
  const parentOf = new Map(units.map((u) => [u.id, u.parent_id]));
  const visited = new Set<number>();
  for (let at: number | null | undefined = parentId; at != null; at = parentOf.get(at)) {
    if (at === unitId) return true;
    if (visited.has(at)) return false; // an older loop elsewhere; not this unit's
    visited.add(at);
  }
  return false;
}

interface ContactPlan {
  insert: ContactInput[];
  update: { row: ContactInput; before: UnitContactRow }[];
  remove: UnitContactRow[];
}

/** Matches the form's rows to the unit's addresses; an address is listed once per unit. */
function planContacts(existing: UnitContactRow[], rows: ContactInput[], errors: FieldErrors): ContactPlan {
  const byId = new Map(existing.map((c) => [c.id, c]));
  const plan: ContactPlan = { insert: [], update: [], remove: [] };
  const mentioned = new Set<number>();
  for (const row of rows) {
    if (row.id === null) {
      plan.insert.push(row);
      continue;
    }
    const before = byId.get(row.id);
    if (!before || mentioned.has(row.id)) {
      errors[contactField(row.row, 'email')] = { key: 'units.errors.unknownContact' };
      continue;
    }
    mentioned.add(row.id);
    if (row.remove) plan.remove.push(before);
    else if (before.email !== row.email || before.name !== row.name || before.locale !== row.locale)
      plan.update.push({ row, before });
  }
  // Addresses the form did not carry stay as they are, and count against duplicates.
  const taken = new Set(existing.filter((c) => !mentioned.has(c.id)).map((c) => c.email));
  for (const row of rows) {
    if (row.remove || errors[contactField(row.row, 'email')]) continue;
    if (taken.has(row.email)) errors[contactField(row.row, 'email')] = { key: 'units.errors.duplicateEmail' };
    taken.add(row.email);
  }
  return plan;
}

const contactValues = (c: ContactInput) => ({ email: c.email, name: c.name, locale: c.locale });
const describe = (c: { email: string; name: string | null; locale: string }) => ({
  email: c.email,
  name: c.name,
  locale: c.locale,
});

export async function createUnit(
  db: DB,
  actor: audit.Actor,
  now: Date,
  form: UnitForm,
): Promise<Result<{ id: number }>> {
  return writeTransaction(db, async (trx) => {
    const errors: FieldErrors = {};
    if (form.parent_id !== null && !(await repo.findUnit(trx, form.parent_id)))
      errors.parent_id = { key: 'units.errors.parentMissing' };
    const plan = planContacts([], form.contacts, errors);
    if (Object.keys(errors).length > 0) return invalid(errors);

    const at = now.toISOString();
    const id = await repo.insertUnit(trx, {
      name: form.name,
      kind: form.kind,
      parent_id: form.parent_id,
      created_at: at,
      updated_at: at,
    });
    for (const c of plan.insert) await repo.insertContact(trx, id, contactValues(c));
    await audit.record(trx, actor, now, {
      action: 'unit.created',
      entityType: 'unit',
      entityId: id,
      data: { name: form.name, kind: form.kind, parent_id: form.parent_id, contacts: plan.insert.map(describe) },
    });
    return ok({ id });
  });
}

export async function updateUnit(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  form: UnitForm,
): Promise<Result<{ id: number }>> {
  return writeTransaction(db, async (trx) => {
    const unit = await repo.findUnit(trx, id);
    if (!unit) return notFound();
    const errors: FieldErrors = {};
    if (form.parent_id !== null) {
      const units = await repo.listUnits(trx);
      if (!units.some((u) => u.id === form.parent_id)) errors.parent_id = { key: 'units.errors.parentMissing' };
      else if (makesCycle(units, id, form.parent_id)) errors.parent_id = { key: 'units.errors.cycle' };
    }
    const plan = planContacts(await repo.contactsOf(trx, id), form.contacts, errors);
    if (Object.keys(errors).length > 0) return invalid(errors);

    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (unit.name !== form.name) changes.name = { from: unit.name, to: form.name };
    if (unit.kind !== form.kind) changes.kind = { from: unit.kind, to: form.kind };
    if (unit.parent_id !== form.parent_id) changes.parent_id = { from: unit.parent_id, to: form.parent_id };
    const contactsChanged = plan.insert.length + plan.update.length + plan.remove.length > 0;
    if (Object.keys(changes).length === 0 && !contactsChanged) return ok({ id }); // nothing to record

    await repo.updateUnit(trx, id, {
      name: form.name,
      kind: form.kind,
      parent_id: form.parent_id,
      updated_at: now.toISOString(),
    });
    await repo.deleteContacts(
      trx,
      id,
      plan.remove.map((c) => c.id),
    );
    for (const { row, before } of plan.update) await repo.updateContact(trx, id, before.id, contactValues(row));
    for (const c of plan.insert) await repo.insertContact(trx, id, contactValues(c));
    await audit.record(trx, actor, now, {
      action: 'unit.updated',
      entityType: 'unit',
      entityId: id,
      data: {
        changes,
        contacts: {
          added: plan.insert.map(describe),
          changed: plan.update.map(({ row, before }) => ({ from: describe(before), to: describe(row) })),
          removed: plan.remove.map(describe),
        },
      },
    });
    return ok({ id });
  });
}
