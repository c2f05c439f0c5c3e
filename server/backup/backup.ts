// The online backup: copies the portal's SQLite database while it runs (SQLite's backup API),
// then its attachments, and checks the copy before it takes the name it was asked for.
// See CONTEXT.md for why the copy is consistent.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from '../db/sqlite.js';
import { verify } from '../audit/service.js';
import { createDb } from '../db/database.js';
import * as repo from './repository.js';

export class BackupError extends Error {}

export interface BackupRequest {
  /** DATABASE_URL: the SQLite file (optionally `sqlite:`/`file:` prefixed, as db/database.ts reads it). */
  databaseUrl: string;
  /** DATA_DIR: attachments live in its `attachments` folder. */
  dataDir: string;
  target: string;
  force: boolean;
}

export interface BackupReport {
  file: string;
  bytes: number;
  pages: number;
  opinions: number;
  auditEntries: number;
  attachmentsDir: string;
  attachments: number;
}

/** Where the attachments of a copy go: beside it. */
export const attachmentsDirOf = (target: string): string => `${target}.attachments`;

const BUSY_TIMEOUT_MS = 5000;
/** The most pages sqlite3_backup_step takes at once: all of them, so the copy is made in one step. */
const ALL_PAGES = 0x7fffffff;

function sqliteFileOf(databaseUrl: string): string {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new BackupError(
      'DATABASE_URL is a PostgreSQL URL: this command backs up SQLite only. Use pg_dump for PostgreSQL.',
    );
  }
  return databaseUrl.replace(/^(sqlite|file):/, '');
}

const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Removes a SQLite file and what WAL mode keeps beside it. */
function removeDatabaseFile(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

export async function backupDatabase(req: BackupRequest): Promise<BackupReport> {
  const source = path.resolve(sqliteFileOf(req.databaseUrl));
  const target = path.resolve(req.target);
  const attachmentsTarget = attachmentsDirOf(target);
  if (target === source) throw new BackupError('The copy cannot be the database itself.');
  if (!fs.existsSync(source)) throw new BackupError(`There is no database at ${source} (DATABASE_URL).`);
  if (!fs.existsSync(path.dirname(target))) throw new BackupError(`The folder ${path.dirname(target)} does not exist.`);
  if (!req.force) {
    for (const f of [target, attachmentsTarget])
      if (fs.existsSync(f)) throw new BackupError(`${f} already exists; give --force to replace it.`);
  }

  // Made under a temporary name and renamed once it has passed its check.
  const partial = `${target}.partial-${process.pid}`;
  removeDatabaseFile(partial);
  const live = new SQLite(source, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  let pages: number;
  try {
    const progress = await live.backup(partial, { progress: () => ALL_PAGES });
    pages = progress.totalPages;
  } finally {
    live.close();
  }

  let report: Omit<BackupReport, 'file' | 'bytes' | 'attachmentsDir'>;
  const partialAttachments = `${partial}.attachments`;
  try {
    copyAttachments(path.resolve(req.dataDir, 'attachments'), partialAttachments);
    report = { pages, ...(await checkCopy(partial, partialAttachments)) };
  } catch (e) {
    removeDatabaseFile(partial);
    fs.rmSync(partialAttachments, { recursive: true, force: true });
    throw e;
  }

  if (req.force) {
    removeDatabaseFile(target);
    fs.rmSync(attachmentsTarget, { recursive: true, force: true });
  }
  // link + unlink, not rename: it fails rather than replace a file that appeared meanwhile.
  fs.linkSync(partial, target);
  fs.rmSync(partial);
  fs.renameSync(partialAttachments, attachmentsTarget);
  return { file: target, bytes: fs.statSync(target).size, attachmentsDir: attachmentsTarget, ...report };
}

/** Copies every attachment file there is now (after the database: see CONTEXT.md). */
function copyAttachments(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(from)) return;
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.isFile()) fs.copyFileSync(path.join(from, entry.name), path.join(to, entry.name));
  }
}

/** Opens the copy as the portal would and checks it; throws BackupError naming what is wrong. */
async function checkCopy(
  file: string,
  attachmentsDir: string,
): Promise<{ opinions: number; auditEntries: number; attachments: number }> {
  const db = createDb(file);
  try {
    const integrity = await repo.integrityCheck(db);
    if (integrity.length !== 1 || integrity[0] !== 'ok')
      throw new BackupError(`The copy fails PRAGMA integrity_check: ${integrity.slice(0, 5).join('; ')}`);
    const chain = await verify(db);
    if (!chain.ok)
      throw new BackupError(`The copy's audit chain is broken at entry #${chain.firstBadId}: ${chain.problem}`);
    const files = await repo.attachmentFiles(db);
    for (const f of files) {
      const copied = path.join(attachmentsDir, path.basename(f.storage_key));
      if (!fs.existsSync(copied))
        throw new BackupError(`The attachment file ${f.storage_key} is missing from $DATA_DIR/attachments.`);
      if (sha256Of(copied) !== f.sha256)
        throw new BackupError(`The attachment file ${f.storage_key} does not match its recorded sha256.`);
    }
    return { opinions: await repo.countOpinions(db), auditEntries: chain.count, attachments: files.length };
  } finally {
    await db.destroy();
  }
}
