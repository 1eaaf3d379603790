// Which version a (pack id, version or range) names, remembered until the registry's data changes.
// Resolving a range reads every version of the pack and sorts them by semver; the platform and eval
// routes did that on every request although it changes only on publish, deprecate or yank.
//
// Invalidation asks SQLite instead of trusting every writer to remember to clear a cache:
//  - `total_changes()` grows with every row this connection inserts or updates (publish, deprecate,
//    yank, notes; also unrelated events and tokens). It is read on every lookup (no file access,
//    ~0.2 µs), so the first request after a change made through this server resolves afresh.
//  - `data_version` changes when another connection (a second server on the same data directory, a
//    script) commits. Reading it starts a WAL read transaction (file locks: several µs, and tens of µs
//    on a busy machine), so it is read at most every CROSS_PROCESS_CHECK_MS: a version published by
//    another process is seen within that time.
import type { Db } from './open-store.js';
import { getPack, resolveVersion, type VersionRow } from './packs-repo.js';
import { prepared } from './statements.js';

/** What a lookup found: no such pack, a pack with no matching version, or the (frozen) version row. */
export type Resolution = { kind: 'no-pack' } | { kind: 'no-version' } | { kind: 'version'; row: Readonly<VersionRow> };

/** Distinct (id, range) keys kept; a flood of made-up ranges clears the cache instead of growing it. */
const MAX_KEYS = 512;
/** How stale a change committed by another connection may be seen, at most. */
export const CROSS_PROCESS_CHECK_MS = 100;

interface Cache {
  changes: number;
  dataVersion: number;
  checkedAt: number;
  entries: Map<string, Resolution>;
}
const caches = new WeakMap<Db, Cache>();

const totalChanges = (db: Db): number => prepared(db, 'SELECT total_changes()').pluck(true).get() as number;
const dataVersion = (db: Db): number => prepared(db, 'PRAGMA data_version').pluck(true).get() as number;

/** The cache for this connection, emptied first when the data may have changed since it was filled. */
function current(db: Db): Cache {
  const changes = totalChanges(db);
  const now = performance.now();
  let c = caches.get(db);
  if (!c) {
    caches.set(db, (c = { changes, dataVersion: dataVersion(db), checkedAt: now, entries: new Map() }));
    return c;
  }
  let stale = c.changes !== changes;
  if (now - c.checkedAt >= CROSS_PROCESS_CHECK_MS) {
    const dv = dataVersion(db);
    stale ||= dv !== c.dataVersion;
    c.dataVersion = dv;
    c.checkedAt = now;
  }
  if (stale) {
    c.changes = changes;
    c.entries.clear();
  }
  return c;
}

/** resolveVersion (packs-repo.ts) with its answer cached per connection until the data changes. */
export function resolveCached(db: Db, id: string, versionOrRange: string): Resolution {
  const c = current(db);
  const key = `${id}\u0000${versionOrRange}`;
  const hit = c.entries.get(key);
  if (hit) return hit;
  const r = lookup(db, id, versionOrRange);
  if (c.entries.size >= MAX_KEYS) c.entries.clear();
  c.entries.set(key, r);
  return r;
}

function lookup(db: Db, id: string, versionOrRange: string): Resolution {
  if (!getPack(db, id)) return { kind: 'no-pack' };
  const row = resolveVersion(db, id, versionOrRange);
  // Frozen: one row object is handed to many requests, so none may change it for the others.
  return row ? { kind: 'version', row: Object.freeze(row) } : { kind: 'no-version' };
}
