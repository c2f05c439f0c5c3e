// The register of the public's representatives and the hired image supervisors: who they are,
// what body they come from, how to reach them, their term, and the units a supervisor watches.
// Contact details stay out of the audit log; that a record changed does not.
import * as accounts from '../accounts/repository.js';
import * as audit from '../audit/service.js';
import type { DB } from '../db/database.js';
import type { FieldErrors } from '../forms/validate.js';
import { invalid, notFound, ok, type Result } from '../shared/result.js';
import * as units from '../units/repository.js';
import * as repo from './repository.js';
import type { PersonForm } from './schemas.js';
import { writeTransaction } from '../db/transaction.js';

async function check(db: DB, form: PersonForm, personId: number | null): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  for (const u of form.units) if (!(await units.findUnit(db, u))) errors.units = { key: 'people.errors.unknownUnit' };
  if (form.user_id !== null) {
    const free = await repo.freeSupervisorAccounts(db, personId);
    if (!free.some((a) => a.id === form.user_id)) errors.user_id = { key: 'people.errors.badAccount' };
  }
  return errors;
}

const columns = (f: PersonForm) => ({
  name: f.name,
  affiliation: f.affiliation,
  email: f.email,
  phone: f.phone,
  locale: f.locale,
  term_starts_on: f.term_starts_on,
  term_ends_on: f.term_ends_on,
  user_id: f.user_id,
});

/**
 * An image supervisor who signs in sees, as a supervisor, the units the register says they
 * watch: the account's watched units follow the register (the one scope rule reads those).
 */
async function watchAsSupervisor(trx: DB, form: PersonForm): Promise<void> {
  if (form.user_id !== null) await accounts.replaceWatchedUnits(trx, form.user_id, form.units);
}

/** What the log keeps of a record: never its contact details. */
const logged = (f: PersonForm) => ({
  affiliation: f.affiliation,
  term: [f.term_starts_on, f.term_ends_on],
  units: f.units,
  account: f.user_id,
});

export async function addPerson(
  db: DB,
  actor: audit.Actor,
  now: Date,
  form: PersonForm,
): Promise<Result<{ id: number }>> {
  return writeTransaction(db, async (trx) => {
    const errors = await check(trx, form, null);
    if (Object.keys(errors).length > 0) return invalid(errors);
    const at = now.toISOString();
    const id = await repo.insertPerson(trx, { ...columns(form), created_at: at, updated_at: at });
    await repo.replaceUnits(trx, id, form.units);
    await watchAsSupervisor(trx, form);
    await audit.record(trx, actor, now, {
      action: 'person.added',
      entityType: 'person',
      entityId: id,
      data: logged(form),
    });
    return ok({ id });
  });
}

export async function editPerson(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  form: PersonForm,
): Promise<Result<{ id: number }>> {
  return writeTransaction(db, async (trx) => {
    if (!(await repo.findPerson(trx, id))) return notFound();
    const errors = await check(trx, form, id);
    if (Object.keys(errors).length > 0) return invalid(errors);
    await repo.updatePerson(trx, id, { ...columns(form), updated_at: now.toISOString() });
    await repo.replaceUnits(trx, id, form.units);
    await watchAsSupervisor(trx, form);
    await audit.record(trx, actor, now, {
      action: 'person.edited',
      entityType: 'person',
      entityId: id,
      data: logged(form),
    });
    return ok({ id });
  });
}

/** Off the register (a term ended) or back on it; never deleted, since past rounds name how codes were given. */
export async function setActive(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  active: boolean,
): Promise<Result<{ id: number }>> {
  return writeTransaction(db, async (trx) => {
    const person = await repo.findPerson(trx, id);
    if (!person) return notFound();
    // Already so: nothing to do, and nothing to record.
    if ((person.active === 1) === active) return ok({ id });
    await repo.updatePerson(trx, id, { active: active ? 1 : 0, updated_at: now.toISOString() });
    await audit.record(trx, actor, now, {
      action: active ? 'person.reinstated' : 'person.retired',
      entityType: 'person',
      entityId: id,
      from: person.active ? 'active' : 'inactive',
      to: active ? 'active' : 'inactive',
    });
    return ok({ id });
  });
}

// For the register's pages ------------------------------------------------------------------------

/** The register, with the units each supervisor watches. */
export async function register(db: DB) {
  const [people, watches] = await Promise.all([repo.listPeople(db), repo.watchedUnitNames(db)]);
  return { people, watches };
}

/** A record and the units it is for, for its form. */
export async function personForEdit(
  db: DB,
  id: number,
): Promise<Result<{ person: NonNullable<Awaited<ReturnType<typeof repo.findPerson>>>; units: number[] }>> {
  const person = await repo.findPerson(db, id);
  if (!person) return notFound();
  return ok({ person, units: await repo.unitsOf(db, id) });
}

/** The supervisor accounts a record may be linked to: those no other record has (and its own). */
export const freeSupervisorAccounts = (db: DB, personId: number | null) => repo.freeSupervisorAccounts(db, personId);
