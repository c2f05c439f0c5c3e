// Importing a CSV of opinions from one channel: upload (kept as a preview), then import all or
// nothing in one transaction, or discard. Each imported opinion is acknowledged exactly as a
// recorded one is (the rows built by opinions/service.ts): its own tracking code, first event and
// audit entry.
import { opinionScope, type Principal } from '../accounts/permissions.js';
import * as audit from '../audit/service.js';
import { activeConductRules, findCampaign } from '../campaigns/repository.js';
import type { Clock } from '../clock.js';
import type { Locale } from '../config.js';
import type { DB } from '../db/database.js';
import type { FieldErrors } from '../forms/validate.js';
import { toLocalInput } from '../i18n/format.js';
import type { Channel } from '../opinions/channels.js';
import {
  acknowledgedRow,
  newTrackingCode,
  receivedAudit,
  receivedEvent,
  recordableCampaigns,
  type NewOpinion,
} from '../opinions/service.js';
import type { UploadedFile } from '../shared/upload.js';
import { UPLOAD_MAX_BYTES } from '../shared/upload.js';
import { conflict, forbidden, invalid, notFound, ok, type Result } from '../shared/result.js';
import { listUnits } from '../units/repository.js';
import { normaliseRef, readHeader } from './columns.js';
import { readCsv } from './csv.js';
import { decodeUpload } from './decode.js';
import * as opinionsRepo from '../opinions/repository.js';
import * as repo from './repository.js';
import {
  checkRows,
  countRows,
  receivedInstants,
  type CheckContext,
  type ImportPayload,
  type RawRow,
  type RowCheck,
  type RowCounts,
} from './rows.js';
import type { UploadForm } from './schemas.js';
import { canMove, INITIAL_STATE, move, type ImportState } from './state.js';
import type { ImportRow } from './tables.js';
import { writeTransaction } from '../db/transaction.js';

/** More rows than this are refused: split the file. */
export const MAX_ROWS = 20_000;

/** Who is importing: what the permission rules need, and how the audit log names them. */
export type Importer = Principal & { email: string };

const actorOf = (user: Importer): audit.Actor => ({ id: user.id, label: user.email });

/** The uploader may handle their own import; coordinators and administrators (who see every opinion) anyone's. */
export function mayHandle(user: Principal, imp: Pick<ImportRow, 'uploaded_by'>): boolean {
  return imp.uploaded_by === user.id || opinionScope(user).kind === 'all';
}

/** A file name as the browser sent it, made safe to keep and show: no path, no control characters, not too long. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = Array.from(base.replace(/[\u0000-\u001f\u007f]/g, '').trim())
    .slice(0, 120)
    .join('');
  return clean === '' ? 'upload.csv' : clean;
}

// Upload --------------------------------------------------------------------------------------

/** The file read into rows, or why it cannot be. */
function readUpload(
  file: UploadedFile | undefined,
  channel: Channel,
  timeZone: string,
): { error: FieldErrors['file'] } | { encoding: string; payload: ImportPayload } {
  if (!file) return { error: { key: 'imports.errors.noFile' } };
  if (file.tooLarge)
    return { error: { key: 'imports.errors.tooLarge', params: { max: Math.round(UPLOAD_MAX_BYTES / (1024 * 1024)) } } };
  if (file.data.length === 0) return { error: { key: 'imports.errors.empty' } };
  const decoded = decodeUpload(file.data);
  if (!decoded.ok)
    return { error: { key: decoded.reason === 'empty' ? 'imports.errors.empty' : 'imports.errors.notCsv' } };
  const table = readCsv(decoded.text);
  if (!table.ok) {
    if (table.unclosedQuote) return { error: { key: 'imports.errors.unclosedQuote' } };
    return {
      error: table.line
        ? { key: 'imports.errors.malformedAt', params: { line: table.line } }
        : { key: 'imports.errors.malformed' },
    };
  }

  const header = readHeader(table.header, channel);
  const missing = new Set(header.missing);
  if (missing.has('body') && missing.has('received_at')) return { error: { key: 'imports.errors.missingBoth' } };
  if (missing.has('body')) return { error: { key: 'imports.errors.missingText' } };
  if (missing.has('received_at')) return { error: { key: 'imports.errors.missingDate' } };
  if (header.repeated.length > 0) {
    const column = header.repeated[0]!;
    const cells = table.header.filter((_, i) => header.columns[i] === column).map((c) => c.trim());
    return { error: { key: 'imports.errors.repeatedColumn', params: { columns: cells.join(', ') } } };
  }
  if (table.rows.length === 0) return { error: { key: 'imports.errors.noRows' } };
  if (table.rows.length > MAX_ROWS)
    return { error: { key: 'imports.errors.tooManyRows', params: { max: MAX_ROWS, count: table.rows.length } } };

  const rows = table.rows.map((r) => {
    const cells: Record<string, string> = {};
    header.columns.forEach((column, i) => {
      if (column !== null && r.cells[i] !== undefined) cells[column] = r.cells[i]!;
    });
    return { row: r.row, cells };
  });
  const toLocal = (at: Date) => toLocalInput(at, timeZone);
  return {
    encoding: decoded.encoding,
    payload: { unused: header.unused, rows: receivedInstants(rows, channel, timeZone, toLocal) },
  };
}

/** Reads an uploaded file and keeps it as a preview; or says, next to each field, why not. */
export async function uploadImport(
  db: DB,
  clock: Clock,
  timeZone: string,
  user: Importer,
  form: UploadForm,
  file: UploadedFile | undefined,
): Promise<Result<{ id: number }>> {
  const now = clock.now();
  const errors: FieldErrors = {};
  const recordable = await recordableCampaigns(db, now, timeZone);
  if (!recordable.some((c) => c.id === form.campaign_id))
    errors.campaign_id = { key: 'imports.errors.unknownCampaign' };
  const read = readUpload(file, form.channel, timeZone);
  if ('error' in read) errors.file = read.error!;
  if (Object.keys(errors).length > 0 || !('payload' in read)) return invalid(errors);

  const id = await writeTransaction(db, async (trx) => {
    const importId = await repo.insertImport(trx, {
      campaign_id: form.campaign_id,
      channel: form.channel,
      uploaded_by: user.id,
      filename: cleanFilename(file!.filename),
      encoding: read.encoding,
      row_count: read.payload.rows.length,
      payload: JSON.stringify(read.payload),
      imported_count: null,
      created_at: now.toISOString(),
      imported_at: null,
    });
    await audit.record(trx, actorOf(user), now, {
      action: 'import.uploaded',
      entityType: 'import',
      entityId: importId,
      to: INITIAL_STATE,
      data: {
        campaign_id: form.campaign_id,
        channel: form.channel,
        rows: read.payload.rows.length,
        encoding: read.encoding,
      },
    });
    return importId;
  });
  return ok({ id });
}

// Preview -------------------------------------------------------------------------------------

/** The import, if this person may handle it: not_found for none, forbidden for someone else's. */
export async function importFor(db: DB, user: Principal, id: number): Promise<Result<ImportRow, never>> {
  const imp = await repo.findImport(db, id);
  if (!imp) return notFound();
  if (!mayHandle(user, imp)) return forbidden();
  return ok(imp);
}

function payloadOf(imp: ImportRow): ImportPayload {
  try {
    const p = JSON.parse(imp.payload) as Partial<ImportPayload>;
    return { unused: Array.isArray(p.unused) ? p.unused : [], rows: Array.isArray(p.rows) ? p.rows : [] };
  } catch {
    return { unused: [], rows: [] };
  }
}

/** What the rows are checked against, read now: units, rules, who may name which unit, references imported before. */
async function checkContext(
  db: DB,
  imp: ImportRow,
  rows: readonly RawRow[],
  user: Principal,
  now: Date,
  timeZone: string,
): Promise<CheckContext> {
  const scope = opinionScope(user);
  const refs = rows.map((r) => normaliseRef(r.cells.external_ref)).filter((r): r is string => r !== null);
  const [units, rules, existingRefs] = await Promise.all([
    listUnits(db),
    activeConductRules(db),
    repo.existingRefs(db, imp.campaign_id, imp.channel, refs),
  ]);
  return {
    channel: imp.channel,
    campaignId: imp.campaign_id,
    timeZone,
    now,
    toLocal: (at) => toLocalInput(at, timeZone),
    units,
    rules,
    // A supervisor imports what they may then read: rows about the units they watch, or no unit.
    allowedUnitIds: scope.kind === 'all' ? null : new Set(scope.kind === 'watched' ? scope.unitIds : []),
    existingRefs,
  };
}

export interface ImportPreview {
  import: ImportRow;
  campaignName: string;
  uploaderName: string;
  unused: string[];
  checks: RowCheck[];
  counts: RowCounts;
}

export async function previewImport(
  db: DB,
  clock: Clock,
  timeZone: string,
  user: Principal,
  id: number,
): Promise<Result<ImportPreview>> {
  const found = await importFor(db, user, id);
  if (!found.ok) return found;
  const imp = found.value;
  const [campaign, uploaderName] = await Promise.all([
    findCampaign(db, imp.campaign_id),
    repo.uploaderName(db, imp.uploaded_by),
  ]);
  const payload = payloadOf(imp);
  const checks =
    imp.state === 'previewed'
      ? checkRows(payload.rows, await checkContext(db, imp, payload.rows, user, clock.now(), timeZone))
      : [];
  return ok({
    import: imp,
    campaignName: campaign?.name ?? '',
    uploaderName: uploaderName ?? '',
    unused: payload.unused,
    checks,
    counts: countRows(checks),
  });
}

// Import and discard --------------------------------------------------------------------------

/** Tracking codes for `n` opinions: none in use, none twice. */
async function freshTrackingCodes(trx: DB, n: number): Promise<string[]> {
  const codes = new Set<string>();
  while (codes.size < n) {
    const candidates = Array.from({ length: n - codes.size }, newTrackingCode).filter((c) => !codes.has(c));
    const taken = await opinionsRepo.takenTrackingCodes(trx, candidates);
    for (const c of candidates) if (!taken.has(c)) codes.add(c);
  }
  return [...codes];
}

/**
 * Acknowledges the import's opinions exactly as acknowledge() does one (the same row, event and
 * audit entry, built by opinions/service.ts), a few hundred rows per statement: one statement per
 * row made ten thousand rows take several times longer.
 */
async function acknowledgeAll(
  trx: DB,
  now: Date,
  importId: number,
  opinions: ReadonlyArray<{ input: NewOpinion; externalRef: string | null }>,
): Promise<void> {
  const codes = await freshTrackingCodes(trx, opinions.length);
  for (let i = 0; i < opinions.length; i += opinionsRepo.INSERT_BATCH) {
    const batch = opinions
      .slice(i, i + opinionsRepo.INSERT_BATCH)
      .map((o, j) => ({ ...o, code: codes[i + j]!, from: { externalRef: o.externalRef, importId } }));
    const ids = await opinionsRepo.insertOpinions(
      trx,
      batch.map((o) => acknowledgedRow(o.input, o.code, now, o.from)),
    );
    const idOf = (code: string) => {
      const id = ids.get(code);
      if (id === undefined) throw new Error('an imported opinion was not inserted');
      return id;
    };
    await opinionsRepo.insertEvents(
      trx,
      batch.map((o) => receivedEvent(idOf(o.code), now)),
    );
    // The audit log is a chain: one entry after another, each with the hash of the one before.
    for (const o of batch) {
      const { actor, event } = receivedAudit(o.input, idOf(o.code), o.from);
      await audit.record(trx, actor, now, event);
    }
  }
}

/** Forgotten once an import is done or discarded: the rows may hold names and numbers. */
const NO_ROWS = '{"unused":[],"rows":[]}';

/**
 * The one writer of an import's state: checks the move against the table in state.ts, updates the
 * row (forgetting its rows) from the state it was read in, and writes the audit entry with from
 * and to (imports have no events table). False, with nothing written, when the row is no longer
 * in that state. The caller has checked canMove() and answered a conflict otherwise.
 */
async function moveTo(
  trx: DB,
  actor: audit.Actor,
  now: Date,
  imp: ImportRow,
  to: ImportState,
  o: { action: string; importedCount?: number; data?: Record<string, unknown> },
): Promise<boolean> {
  const { from } = move(imp.state, to);
  const changes =
    to === 'imported'
      ? { state: to, payload: NO_ROWS, imported_count: o.importedCount ?? 0, imported_at: now.toISOString() }
      : { state: to, payload: NO_ROWS };
  if (!(await repo.updateState(trx, imp.id, from, changes))) return false;
  await audit.record(trx, actor, now, {
    action: o.action,
    entityType: 'import',
    entityId: imp.id,
    from,
    to,
    data: o.data ?? null,
  });
  return true;
}

/**
 * Why an import cannot happen now: it was imported or discarded already (`closed`), the campaign
 * can no longer be recorded into (`campaign_closed`), or rows have problems now, a unit renamed
 * since the preview, say (`rows_changed`). Nothing was imported.
 */
export type CommitConflict = 'closed' | 'campaign_closed' | 'rows_changed';

/**
 * Imports every ready row in one transaction: all of them or, if anything fails, none. The rows
 * are checked again inside it, so what was imported before (by anyone) is skipped, not repeated.
 */
export async function commitImport(
  db: DB,
  clock: Clock,
  timeZone: string,
  user: Importer,
  locale: Locale,
  id: number,
): Promise<Result<{ imported: number; skipped: number }, CommitConflict>> {
  const found = await importFor(db, user, id);
  if (!found.ok) return found;
  return writeTransaction(db, async (trx): Promise<Result<{ imported: number; skipped: number }, CommitConflict>> => {
    const imp = await repo.findImport(trx, id);
    if (!imp || !canMove(imp.state, 'imported')) return conflict('closed');
    const now = clock.now();
    if (!(await recordableCampaigns(trx, now, timeZone)).some((c) => c.id === imp.campaign_id))
      return conflict('campaign_closed');
    const { rows } = payloadOf(imp);
    const checks = checkRows(rows, await checkContext(trx, imp, rows, user, now, timeZone));
    const counts = countRows(checks);
    if (counts.invalid > 0) return conflict('rows_changed');

    const recordedBy = { id: user.id, label: user.email };
    const ready = checks.flatMap((c) => (c.status === 'ready' && c.opinion ? [c.opinion] : []));
    await acknowledgeAll(
      trx,
      now,
      imp.id,
      ready.map(({ externalRef, ...o }) => ({ input: { ...o, locale, recordedBy, submissionKey: null }, externalRef })),
    );
    const moved = await moveTo(trx, recordedBy, now, imp, 'imported', {
      action: 'import.committed',
      importedCount: counts.ready,
      data: {
        campaign_id: imp.campaign_id,
        channel: imp.channel,
        imported: counts.ready,
        skipped_existing: counts.existing,
        skipped_repeated: counts.repeated,
      },
    });
    if (!moved) throw new Error(`import ${imp.id} changed during its own transaction`);
    return ok({ imported: counts.ready, skipped: counts.existing + counts.repeated });
  });
}

/** Discards a preview; its rows are forgotten. A conflict (`closed`) when it was already imported or discarded. */
export async function discardImport(
  db: DB,
  clock: Clock,
  user: Importer,
  id: number,
): Promise<Result<{ id: number }, 'closed'>> {
  const found = await importFor(db, user, id);
  if (!found.ok) return found;
  return writeTransaction(db, async (trx): Promise<Result<{ id: number }, 'closed'>> => {
    const imp = await repo.findImport(trx, id);
    if (!imp || !canMove(imp.state, 'discarded')) return conflict('closed');
    if (!(await moveTo(trx, actorOf(user), clock.now(), imp, 'discarded', { action: 'import.discarded' })))
      return conflict('closed');
    return ok({ id });
  });
}

export const RECENT_IMPORTS = 20;

/** The latest imports this person may open. */
export async function recentImports(db: DB, user: Principal): Promise<repo.ImportListRow[]> {
  return repo.listImports(db, opinionScope(user).kind === 'all' ? null : user.id, RECENT_IMPORTS);
}
