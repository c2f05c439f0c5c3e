// The SQLite driver, chosen by Node version. better-sqlite3 12 (the one that runs on Node 20) wraps
// its objects in Node's raw ObjectWrap, whose cleanup hooks abort the process on Node 24.19 and
// later ("Assertion failed: (env) != nullptr", nodejs/node#65446) when a statement is collected.
// better-sqlite3 13 is built on node-addon-api and has no such hook, but needs Node 22. Both
// have the same API; `better-sqlite3-13` is 13 installed under another name (see package.json).
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

const require = createRequire(import.meta.url);
const nodeMajor = Number(process.versions.node.split('.')[0]);

export const SQLITE_PACKAGE = nodeMajor >= 22 ? 'better-sqlite3-13' : 'better-sqlite3';

const SQLite = require(SQLITE_PACKAGE) as typeof BetterSqlite3;
export type SqliteConnection = BetterSqlite3.Database;
export default SQLite;
