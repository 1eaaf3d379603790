// Packs and their versions. A version row is inserted once; only its status (and reason) change.
import semver from 'semver';
import { nowIso, type Db } from './open-store.js';
import { prepared } from './statements.js';

export type VersionStatus = 'active' | 'deprecated' | 'yanked';

export interface PackRow {
  id: string;
  region: string;
  title: string;
  created_at: string;
}

export interface VersionRow {
  pack_id: string;
  version: string;
  hash: string;
  region: string;
  base_id: string | null;
  base_range: string | null;
  status: VersionStatus;
  reason: string | null;
  published_by: string;
  published_at: string;
  note: string | null;
}

export function getPack(db: Db, id: string): PackRow | undefined {
  return prepared(db, 'SELECT * FROM packs WHERE id = ?').get(id) as PackRow | undefined;
}

export function listPackRows(db: Db): PackRow[] {
  return prepared(db, 'SELECT * FROM packs ORDER BY id').all() as PackRow[];
}

/** Versions of a pack, highest semver first. */
export function listVersions(db: Db, packId: string): VersionRow[] {
  const rows = prepared(db, 'SELECT * FROM versions WHERE pack_id = ?').all(packId) as VersionRow[];
  return rows.sort((a, b) => semver.rcompare(a.version, b.version));
}

export function getVersion(db: Db, packId: string, version: string): VersionRow | undefined {
  return prepared(db, 'SELECT * FROM versions WHERE pack_id = ? AND version = ?').get(packId, version) as VersionRow | undefined;
}

/** Highest version that is not yanked (the pack's "latest"), or undefined. */
export function latestVersion(db: Db, packId: string): VersionRow | undefined {
  const vs = listVersions(db, packId).filter((v) => v.status !== 'yanked');
  return vs.find((v) => v.status === 'active') ?? vs[0];
}

/**
 * What `:versionOrRange` names. An exact version is returned whatever its status (a yanked version
 * stays fetchable by its exact number, so old results stay reproducible). A range picks the highest
 * satisfying active version, falling back to a deprecated one only when no active version matches;
 * yanked versions never satisfy a range.
 */
export function resolveVersion(db: Db, packId: string, versionOrRange: string): VersionRow | undefined {
  const exact = getVersion(db, packId, versionOrRange);
  if (exact) return exact;
  if (versionOrRange === 'latest') return latestVersion(db, packId);
  if (semver.validRange(versionOrRange) === null) return undefined;
  const vs = listVersions(db, packId);
  const pick = (status: VersionStatus) => {
    const pool = vs.filter((v) => v.status === status);
    const best = semver.maxSatisfying(pool.map((v) => v.version), versionOrRange);
    return best === null ? undefined : pool.find((v) => v.version === best);
  };
  return pick('active') ?? pick('deprecated');
}

export function insertVersion(
  db: Db,
  v: Omit<VersionRow, 'status' | 'reason' | 'published_at'> & { title: string },
): void {
  const at = nowIso();
  if (!getPack(db, v.pack_id)) {
    prepared(db, 'INSERT INTO packs (id, region, title, created_at) VALUES (?, ?, ?, ?)').run(v.pack_id, v.region, v.title, at);
  } else {
    // The pack's title follows its newest publication.
    prepared(db, 'UPDATE packs SET title = ? WHERE id = ?').run(v.title, v.pack_id);
  }
  prepared(
    db,
    `INSERT INTO versions (pack_id, version, hash, region, base_id, base_range, status, reason, published_by, published_at, note)
     VALUES (?, ?, ?, ?, ?, ?, 'active', NULL, ?, ?, ?)`,
  ).run(v.pack_id, v.version, v.hash, v.region, v.base_id, v.base_range, v.published_by, at, v.note);
}

export function setVersionStatus(db: Db, packId: string, version: string, status: VersionStatus, reason: string): void {
  prepared(db, 'UPDATE versions SET status = ?, reason = ? WHERE pack_id = ? AND version = ?').run(status, reason, packId, version);
}
