// Prepared statements, made once per database connection. better-sqlite3's prepare() parses and plans
// the SQL each call (tens of µs), which the per-request lookups (version resolution, token checks)
// paid on every request; a statement stays valid for the life of its connection.
import type { Statement } from 'better-sqlite3';
import type { Db } from './open-store.js';

const perDb = new WeakMap<Db, Map<string, Statement>>();

/** The prepared statement for `sql` on this connection (prepared on first use). */
export function prepared(db: Db, sql: string): Statement {
  let m = perDb.get(db);
  if (!m) perDb.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}
