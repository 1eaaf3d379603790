// Canonical serialization and content hash of an artifact: one function for the compiler (emit),
// the runtime (verify on load) and the registry (ETag), so "the same content" means one thing.
// Canonical JSON: object keys sorted by UTF-16 code unit order, no whitespace, numbers as JSON
// prints them. `hash` and `signature` are excluded from what is hashed.
import { createHash, createPublicKey, verify as edVerify, sign as edSign, createPrivateKey, type KeyObject } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  writeCanonical(value, (s) => parts.push(s), SPLIT_LEVELS);
  return parts.join('');
}

/**
 * How many levels of objects (and of arrays of objects) are written piece by piece before a subtree
 * is written whole: artifact → section (tables, rules, claimSchema…) → one table → its fields. Each
 * whole subtree takes the fast path on its own, so the claimSchema (integer-like keys: "10" comes
 * before "01" in V8's order) is written slowly without dragging the 8 MB of tables with it, and the
 * hash is fed table by table instead of from one giant string.
 */
const SPLIT_LEVELS = 3;

/** The canonical text of `value`, handed to `sink` in order, in pieces. */
function writeCanonical(value: unknown, sink: (s: string) => void, split: number): void {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in artifact');
    sink(JSON.stringify(value) ?? 'null');
    return;
  }
  if (split > 0 && Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) {
    sink('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) sink(',');
      if (i in value) writeCanonical(value[i] === undefined ? null : value[i], sink, split - 1); // a hole writes nothing, as map/join does
    }
    sink(']');
    return;
  }
  if (split > 0 && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    sink('{');
    keys.forEach((k, i) => {
      sink(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`);
      writeCanonical(obj[k], sink, split - 1);
    });
    sink('}');
    return;
  }
  // Fast path: a value whose keys are already in canonical order (artifacts are emitted that way)
  // is written by V8's native JSON.stringify exactly as the recursive definition writes it.
  if (!inCanonicalOrder(value, 0)) sink(canonicalSlow(value));
  else if (Array.isArray(value) && value.length > 64) writeChunked(value, sink);
  else sink(JSON.stringify(value));
}

/**
 * A long array already in canonical order (a table's rows), stringified a slice at a time. V8 builds
 * a long JSON.stringify result as a rope of many parts, and flattening a multi-megabyte rope (which
 * hashing or encoding must do) costs several times the stringify itself; pieces of ~12,000
 * characters come out flat. The slice size adapts to the row width seen so far.
 */
function writeChunked(value: readonly unknown[], sink: (s: string) => void): void {
  sink('[');
  let n = 64;
  for (let i = 0; i < value.length; ) {
    const end = Math.min(value.length, i + n);
    const s = JSON.stringify(value.slice(i, end));
    sink(i === 0 ? s.slice(1, -1) : `,${s.slice(1, -1)}`);
    n = Math.max(1, Math.min(4096, Math.floor(((end - i) * 12_000) / s.length)));
    i = end;
  }
  sink(']');
}

/** The recursive definition (with the plain-array shortcut): the reference the fast path must equal. */
function canonicalSlow(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in artifact');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    // Knowledge rows are arrays of plain values: V8's JSON.stringify writes them exactly as the
    // recursive definition would, many times faster.
    if (value.every(isPlain)) return JSON.stringify(value);
    return `[${value.map((v) => canonicalSlow(v === undefined ? null : v)).join(',')}]`;
  }
  // Objects recurse by hand: JSON.stringify would put integer-like keys ("1", "2") first.
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalSlow(obj[k])}`).join(',')}}`;
}

function isPlain(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

// Deeper than this the fast path gives up (the slow path then decides, and fails as it always did
// on absurd nesting) instead of risking the stack twice.
const MAX_FAST_DEPTH = 2000;

/**
 * True when JSON.stringify(value) is guaranteed to equal the canonical text: every object is a plain
 * object (prototype Object.prototype or null: no Map/Date/boxed primitive/class instance) whose own
 * enumerable keys are already strictly ascending in UTF-16 order (so also no integer-like key out of
 * place), no object or array has a toJSON function, and every leaf is a string, boolean, null, a
 * finite number, or undefined inside a container (both writers drop it in objects, write null in arrays).
 * Anything else (function, symbol, bigint, NaN, …) sends the value to the slow path, which decides.
 */
function inCanonicalOrder(value: object, depth: number): boolean {
  if (depth > MAX_FAST_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v === undefined && !(i in value)) return false; // a hole: the slow path writes it differently
      if (!leafOk(v, depth)) return false;
    }
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const obj = value as Record<string, unknown>;
  let prev: string | undefined;
  for (const k in obj) {
    if (!Object.hasOwn(obj, k)) return false; // an enumerable inherited key: not plain data
    if (prev !== undefined && !(prev < k)) return false;
    prev = k;
    if (!leafOk(obj[k], depth)) return false;
  }
  return true;
}

function leafOk(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object':
      return v === null || inCanonicalOrder(v, depth + 1);
    default:
      return false;
  }
}

/**
 * A copy of a JSON value with every plain object's keys in canonical order (undefined-valued keys
 * dropped), so JSON.stringify of it is the canonical text and contentHash takes the fast path.
 * Arrays holding no objects are shared, not copied (knowledge rows). Non-plain objects are kept as
 * they are (the slow path then decides, as before).
 */
export function canonicalOrder<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (!value.some((v) => v !== null && typeof v === 'object')) return value;
    return value.map((v) => canonicalOrder(v)) as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj).sort()) if (obj[k] !== undefined) out[k] = canonicalOrder(obj[k]);
  return out as T;
}

/** sha256 hex over the canonical JSON of the artifact without `hash` and `signature`. */
export function contentHash(artifact: Record<string, unknown>): string {
  const { hash: _h, signature: _s, ...body } = artifact;
  const h = createHash('sha256');
  // Small pieces are gathered before each update (one native call per ~64 KB); large ones go straight
  // in. Pieces split only between JSON tokens, so their UTF-8 bytes are those of the whole text.
  let buf = '';
  const flush = () => {
    if (buf) h.update(buf, 'utf8');
    buf = '';
  };
  writeCanonical(body, (s) => {
    if (s.length >= 8192) {
      flush();
      h.update(s, 'utf8');
    } else if ((buf += s).length >= 65536) flush();
  }, SPLIT_LEVELS);
  flush();
  return h.digest('hex');
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
