// Who is asking: the `Authorization: Bearer <secret>` header, looked up by its sha256.
import type { FastifyRequest } from 'fastify';
import { fail } from './errors.js';
import type { Store } from './store/open-store.js';
import { findTokenBySecret, regionInScope, type TokenInfo, type TokenRole } from './tokens.js';

export function requireToken(req: FastifyRequest, store: Store, roles: readonly TokenRole[]): TokenInfo {
  const header = req.headers.authorization;
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!m) return fail(401, 'unauthorized', 'This needs a registry token: send the header `Authorization: Bearer <token>` (an administrator creates one with `liangku token create`).');
  const token = findTokenBySecret(store.db, m[1]);
  if (!token) return fail(401, 'unauthorized', 'The token is unknown or has been revoked; ask an administrator for a new one.');
  if (!roles.includes(token.role)) {
    return fail(403, 'forbidden', `Token "${token.name}" has role ${token.role}; this needs ${roles.join(' or ')}.`);
  }
  return token;
}

/** Admins act everywhere; anyone else only inside their region prefix. */
export function requireRegion(token: TokenInfo, region: string, what: string): void {
  if (token.role === 'admin' || regionInScope(token.regionPrefix, region)) return;
  fail(403, 'region_scope', `Token "${token.name}" is scoped to region ${token.region} (codes starting "${token.regionPrefix}") and may not ${what} for region ${region}.`);
}

export function actorName(token: TokenInfo): string {
  return `${token.name} (${token.id})`;
}
