// Registry tokens. The secret is 32 random bytes shown once at creation; only its sha256 is stored,
// so a copy of the database does not let anyone publish.
import { createHash, randomBytes } from 'node:crypto';
import { recordEvent } from './store/events-repo.js';
import { nowIso, type Db } from './store/open-store.js';
import { prepared } from './store/statements.js';

export type TokenRole = 'publisher' | 'reviewer' | 'admin';
export const TOKEN_ROLES: readonly TokenRole[] = ['publisher', 'reviewer', 'admin'];

export interface TokenInfo {
  id: string;
  name: string;
  /** The region code as given (e.g. "370100"); "000000" or "" = national. */
  region: string;
  /** The code prefix this token may act on ("" = everything, "3701" = 济南市 and its districts). */
  regionPrefix: string;
  role: TokenRole;
  createdAt: string;
  revokedAt: string | null;
}

interface TokenRow {
  id: string;
  hash: string;
  name: string;
  region: string;
  region_prefix: string;
  role: TokenRole;
  created_at: string;
  revoked_at: string | null;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * The prefix a region code governs: trailing "00" pairs are the levels below it.
 * 000000 → "" (national), 370000 → "37" (province), 370100 → "3701" (city), 370102 → "370102".
 */
export function regionPrefix(region: string): string {
  let p = region;
  while (p.length >= 2 && p.endsWith('00')) p = p.slice(0, -2);
  return p;
}

export function regionInScope(prefix: string, region: string): boolean {
  return region.startsWith(prefix);
}

export function isRegionCode(region: string): boolean {
  return region === '' || /^\d{6}$/.test(region);
}

function toInfo(r: TokenRow): TokenInfo {
  return { id: r.id, name: r.name, region: r.region, regionPrefix: r.region_prefix, role: r.role, createdAt: r.created_at, revokedAt: r.revoked_at };
}

export function createToken(
  db: Db,
  opts: { name: string; region: string; role: TokenRole; actor?: string },
): { token: TokenInfo; secret: string } {
  if (!isRegionCode(opts.region)) throw new RangeError(`region must be a 6-digit code (e.g. 370100), got "${opts.region}"`);
  if (!TOKEN_ROLES.includes(opts.role)) throw new RangeError(`role must be one of ${TOKEN_ROLES.join(', ')}`);
  const id = `tk_${randomBytes(6).toString('hex')}`;
  const secret = `lk_${randomBytes(32).toString('base64url')}`;
  const row: TokenRow = {
    id,
    hash: hashSecret(secret),
    name: opts.name,
    region: opts.region,
    region_prefix: regionPrefix(opts.region),
    role: opts.role,
    created_at: nowIso(),
    revoked_at: null,
  };
  db.transaction(() => {
    db.prepare(
      'INSERT INTO tokens (id, hash, name, region, region_prefix, role, created_at, revoked_at) VALUES (@id, @hash, @name, @region, @region_prefix, @role, @created_at, @revoked_at)',
    ).run(row);
    recordEvent(db, { actor: opts.actor ?? 'cli', kind: 'token-create', detail: { tokenId: id, name: opts.name, region: opts.region, role: opts.role } });
  })();
  return { token: toInfo(row), secret };
}

export function listTokens(db: Db): TokenInfo[] {
  return (db.prepare('SELECT * FROM tokens ORDER BY created_at, id').all() as TokenRow[]).map(toInfo);
}

/** Revoke by id; false when no such token. Revoking twice keeps the first time. */
export function revokeToken(db: Db, id: string, actor = 'cli'): boolean {
  const row = db.prepare('SELECT * FROM tokens WHERE id = ?').get(id) as TokenRow | undefined;
  if (!row) return false;
  if (row.revoked_at) return true;
  db.transaction(() => {
    db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ?').run(nowIso(), id);
    recordEvent(db, { actor, kind: 'token-revoke', detail: { tokenId: id, name: row.name } });
  })();
  return true;
}

/** The live token for a presented secret, or undefined (unknown or revoked). */
export function findTokenBySecret(db: Db, secret: string): TokenInfo | undefined {
  const row = prepared(db, 'SELECT * FROM tokens WHERE hash = ?').get(hashSecret(secret)) as TokenRow | undefined;
  return row && !row.revoked_at ? toInfo(row) : undefined;
}
