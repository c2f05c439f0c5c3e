// Attachment files on disk: $DATA_DIR/attachments/<storage key>. The key is random and checked
// before every use, so no name from an upload or an address can ever reach the file system.
// The folder is outside static/ (checked at start), so nothing in it is served except through
// the staff route that checks who is asking.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

const STORAGE_KEY = /^[a-f0-9]{32}$/;

/** The public folder @fastify/static serves (see app.ts). */
const STATIC_DIR = path.resolve(import.meta.dirname, '../../static');

export const newStorageKey = (): string => randomBytes(16).toString('hex');

export class AttachmentStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.resolve(dataDir, 'attachments');
    const fromStatic = path.relative(STATIC_DIR, this.dir);
    if (fromStatic === '' || (!fromStatic.startsWith('..') && !path.isAbsolute(fromStatic))) {
      throw new Error(`Attachments must not be stored under the public folder ${STATIC_DIR}; set DATA_DIR elsewhere`);
    }
  }

  private file(key: string): string {
    if (!STORAGE_KEY.test(key)) throw new Error('not a storage key');
    return path.join(this.dir, key);
  }

  /** Writes a new file; never overwrites one. */
  async write(key: string, data: Buffer): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await fs.writeFile(this.file(key), data, { flag: 'wx', mode: 0o600 });
  }

  async read(key: string): Promise<Buffer> {
    return fs.readFile(this.file(key));
  }

  async remove(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true });
  }
}
