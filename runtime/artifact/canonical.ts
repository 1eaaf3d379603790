// Canonical serialization and content hash of an artifact: one function for the compiler (emit),
// the runtime (verify on load) and the registry (ETag), so "the same content" means one thing.
// Canonical JSON: object keys sorted by UTF-16 code unit order, no whitespace, numbers as JSON
// prints them. `hash` and `signature` are excluded from what is hashed.
import { createHash, createPublicKey, verify as edVerify, sign as edSign, createPrivateKey, type KeyObject } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in artifact');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    // Knowledge rows are arrays of plain values: V8's JSON.stringify writes them exactly as the
    // recursive definition would, many times faster (the bulk of an 8 MB artifact).
    if (value.every(isPlain)) return JSON.stringify(value);
    return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  }
  // Objects recurse by hand: JSON.stringify would put integer-like keys ("1", "2") first.
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

function isPlain(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** sha256 hex over the canonical JSON of the artifact without `hash` and `signature`. */
export function contentHash(artifact: Record<string, unknown>): string {
  const { hash: _h, signature: _s, ...body } = artifact;
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}

export function toPublicKey(pem: string | KeyObject): KeyObject {
  return typeof pem === 'string' ? createPublicKey(pem) : pem;
}

/** ed25519 signature (base64) over the UTF-8 bytes of the hash text. */
export function signHash(hash: string, privateKeyPem: string | KeyObject): string {
  const key = typeof privateKeyPem === 'string' ? createPrivateKey(privateKeyPem) : privateKeyPem;
  return edSign(null, Buffer.from(hash, 'utf8'), key).toString('base64');
}

export function verifyHashSignature(hash: string, signatureB64: string, publicKey: string | KeyObject): boolean {
  try {
    return edVerify(null, Buffer.from(hash, 'utf8'), toPublicKey(publicKey), Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}
