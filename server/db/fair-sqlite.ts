// Kysely's SQLite driver hands its one connection out through a mutex that wakes every waiter at
// each release and lets whichever runs first take it: under load (50 requests waiting) that is
// 50 wake-ups per query and no order, so some requests wait seconds while later ones pass (the
// benchmark's p99 of issue 7). This dialect puts a first-come-first-served queue in front, so at
// most one caller ever waits on Kysely's own mutex.
import { SqliteDialect, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';

class FifoLock {
  #held = false;
  readonly #waiting: Array<() => void> = [];
  async lock(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }
  unlock(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
}

class FairDriver implements Driver {
  readonly #lock = new FifoLock();
  constructor(private readonly inner: Driver) {}
  init = () => this.inner.init();
  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock.lock();
    try {
      return await this.inner.acquireConnection();
    } catch (e) {
      this.#lock.unlock();
      throw e;
    }
  }
  beginTransaction = (c: DatabaseConnection, s: TransactionSettings) => this.inner.beginTransaction(c, s);
  commitTransaction = (c: DatabaseConnection) => this.inner.commitTransaction(c);
  rollbackTransaction = (c: DatabaseConnection) => this.inner.rollbackTransaction(c);
  async releaseConnection(c: DatabaseConnection): Promise<void> {
    try {
      await this.inner.releaseConnection(c);
    } finally {
      this.#lock.unlock();
    }
  }
  savepoint: Driver['savepoint'] = (c, name, compile) => this.inner.savepoint!(c, name, compile);
  rollbackToSavepoint: Driver['rollbackToSavepoint'] = (c, name, compile) =>
    this.inner.rollbackToSavepoint!(c, name, compile);
  releaseSavepoint: Driver['releaseSavepoint'] = (c, name, compile) => this.inner.releaseSavepoint!(c, name, compile);
  destroy = () => this.inner.destroy();
}

export class FairSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    return new FairDriver(super.createDriver());
  }
}
