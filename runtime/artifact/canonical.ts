// Canonical serialization and content hash of an artifact: one function for the compiler (emit),
// the runtime (verify on load) and the registry (ETag), so "the same content" means one thing.
// Canonical JSON: object keys sorted by UTF-16 code unit order, no whitespace, numbers as JSON
// prints them. `hash` and `signature` are excluded from what is hashed.
import { createHash, createPublicKey, verify as edVerify, sign as edSign, createPrivateKey, type Hash, type KeyObject } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  writeCanonical(value, new TextOut(parts), SPLIT_LEVELS);
  return parts.join('');
}

/**
 * How many levels of objects (and of arrays of objects) are written piece by piece before a subtree
 * is written whole: artifact → section (tables, rules, claimSchema…) → one table → its fields. Each
 * whole subtree takes the fast path on its own, so the claimSchema (integer-like keys: "10" comes
 * before "01" in V8's order) is written slowly without dragging the 8 MB of tables with it, and a
 * table's rows reach the writer as one array of their own.
 */
const SPLIT_LEVELS = 3;

/** Where canonical text goes: pieces of text, and whole arrays (which each writer does its own way). */
interface Out {
  text(s: string): void;
  array(a: readonly unknown[]): void;
}

/** The canonical text of `value`, handed to `out` in order, in pieces. */
function writeCanonical(value: unknown, out: Out, split: number): void {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in artifact');
    out.text(JSON.stringify(value) ?? 'null');
    return;
  }
  if (split > 0 && Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) {
    out.text('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.text(',');
      if (i in value) writeCanonical(value[i] === undefined ? null : value[i], out, split - 1); // a hole writes nothing, as map/join does
    }
    out.text(']');
    return;
  }
  if (split > 0 && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    out.text('{');
    keys.forEach((k, i) => {
      out.text(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`);
      writeCanonical(obj[k], out, split - 1);
    });
    out.text('}');
    return;
  }
  if (Array.isArray(value)) out.array(value);
  else out.text(objectText(value));
}

/**
 * An object's canonical text. Fast path: one whose keys are already in canonical order (artifacts
 * are emitted that way) is written by V8's native JSON.stringify exactly as the definition writes it.
 */
function objectText(value: object): string {
  return inCanonicalOrder(value, 0) ? JSON.stringify(value) : canonicalSlow(value);
}

/** Canonical text as JS strings (canonicalJson). */
class TextOut implements Out {
  constructor(private readonly parts: string[]) {}
  text(s: string): void {
    this.parts.push(s);
  }
  array(a: readonly unknown[]): void {
    if (!inCanonicalOrder(a, 0)) this.text(canonicalSlow(a));
    else if (a.length > 64) writeChunked(a, (s) => this.text(s));
    else this.text(JSON.stringify(a));
  }
}

/**
 * A long array already in canonical order, stringified a slice at a time. V8 builds a long
 * JSON.stringify result as a rope of many parts, and flattening a multi-megabyte rope costs several
 * times the stringify itself; pieces of ~12,000 characters come out flat. The slice size adapts to
 * the item width seen so far.
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

const BUF = 1 << 16;
const HEX = '0123456789abcdef';

/**
 * Canonical text as UTF-8 bytes straight into a sha256 (contentHash). Arrays — a national artifact's
 * 30,000 knowledge rows, the bulk of its 8 MB — are encoded by hand into one reused buffer, cell by
 * cell, exactly as the definition writes them (strings as JSON.stringify escapes them, holes as
 * nothing, objects inside by their canonical text). No JS string is built for them, so hashing a
 * freshly parsed artifact allocates next to nothing on the JS heap (the garbage collector had been
 * the largest part of load time), and needs no separate pass to check key order.
 */
class HashOut implements Out {
  private readonly buf = Buffer.allocUnsafeSlow(BUF + 16);
  private pos = 0;
  constructor(private readonly h: Hash) {}

  flush(): void {
    if (this.pos > 0) this.h.update(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }
  text(s: string): void {
    if (s.length * 3 > BUF) {
      this.flush();
      this.h.update(s, 'utf8');
      return;
    }
    if (this.pos + s.length * 3 > BUF) this.flush();
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }
  private byte(c: number): void {
    if (this.pos >= BUF) this.flush();
    this.buf[this.pos++] = c;
  }
  private ascii(s: string): void {
    if (this.pos + s.length > BUF) this.flush();
    for (let i = 0; i < s.length; i++) this.buf[this.pos++] = s.charCodeAt(i);
  }
  array(a: readonly unknown[]): void {
    this.byte(0x5b);
    for (let i = 0; i < a.length; i++) {
      if (i > 0) this.byte(0x2c);
      const v = a[i];
      if (v !== undefined || i in a) this.item(v); // a hole writes nothing, as the definition's map/join does
    }
    this.byte(0x5d);
  }
  private item(v: unknown): void {
    switch (typeof v) {
      case 'string':
        return this.string(v);
      case 'number':
        if (!Number.isFinite(v)) throw new TypeError('non-finite number in artifact');
        return Number.isSafeInteger(v) ? this.integer(v) : this.ascii(JSON.stringify(v));
      case 'boolean':
        return this.ascii(v ? 'true' : 'false');
      case 'undefined':
        return this.ascii('null');
      case 'object':
        if (v === null) return this.ascii('null');
        if (Array.isArray(v)) return this.array(v);
        return this.text(objectText(v));
      default:
        return this.text(canonicalSlow(v)); // as the definition has it (functions → null, bigint throws)
    }
  }
  /** A safe integer's digits, as JSON.stringify writes them (-0 as 0), without making a string. */
  private integer(v: number): void {
    if (this.pos + 17 > BUF) this.flush();
    const b = this.buf;
    if (v < 0) {
      b[this.pos++] = 0x2d;
      v = -v;
    }
    let digits = 1;
    for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    do {
      b[--p] = 0x30 + (v % 10);
      v = Math.floor(v / 10);
    } while (v > 0);
  }
  /** Exactly the bytes of JSON.stringify(s) in UTF-8 (lone surrogates escaped, as well-formed JSON.stringify does). */
  private string(s: string): void {
    const n = s.length;
    if (n * 6 + 2 > BUF) return this.text(JSON.stringify(s));
    if (this.pos + n * 6 + 2 > BUF) this.flush();
    const b = this.buf;
    let p = this.pos;
    b[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c !== 0x22 && c !== 0x5c) b[p++] = c;
        else {
          b[p++] = 0x5c;
          if (c === 0x22 || c === 0x5c) b[p++] = c;
          else if (c === 0x08) b[p++] = 0x62; // \b
          else if (c === 0x09) b[p++] = 0x74; // \t
          else if (c === 0x0a) b[p++] = 0x6e; // \n
          else if (c === 0x0c) b[p++] = 0x66; // \f
          else if (c === 0x0d) b[p++] = 0x72; // \r
          else {
            b[p++] = 0x75; // \u00XX
            b[p++] = 0x30;
            b[p++] = 0x30;
            b[p++] = HEX.charCodeAt(c >> 4);
            b[p++] = HEX.charCodeAt(c & 15);
          }
        }
      } else if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6);
        b[p++] = 0x80 | (c & 63);
      } else if (c < 0xd800 || c > 0xdfff) {
        b[p++] = 0xe0 | (c >> 12);
        b[p++] = 0x80 | ((c >> 6) & 63);
        b[p++] = 0x80 | (c & 63);
      } else {
        const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          b[p++] = 0xf0 | (cp >> 18);
          b[p++] = 0x80 | ((cp >> 12) & 63);
          b[p++] = 0x80 | ((cp >> 6) & 63);
          b[p++] = 0x80 | (cp & 63);
          i++;
        } else {
          b[p++] = 0x5c; // a lone surrogate: \udXXX
          b[p++] = 0x75;
          b[p++] = HEX.charCodeAt(c >> 12);
          b[p++] = HEX.charCodeAt((c >> 8) & 15);
          b[p++] = HEX.charCodeAt((c >> 4) & 15);
          b[p++] = HEX.charCodeAt(c & 15);
        }
      }
    }
    b[p++] = 0x22;
    this.pos = p;
  }
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
    if (plainArray(value, isPlain)) return JSON.stringify(value);
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
  return Array.isArray(v) && plainArray(v, (x) => typeof x === 'string');
}

/** An array JSON.stringify writes as the definition does: no toJSON, no holes, every item ok. */
function plainArray(a: readonly unknown[], ok: (x: unknown) => boolean): boolean {
  if (typeof (a as { toJSON?: unknown }).toJSON === 'function') return false;
  for (let i = 0; i < a.length; i++) if (!(i in a) || !ok(a[i])) return false;
  return true;
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
  for (const k of Object.keys(obj).sort()) {
    if (obj[k] === undefined) continue;
    // An own "__proto__" key (JSON.parse makes one) must stay a key, not become the prototype.
    if (k === '__proto__') Object.defineProperty(out, k, { value: canonicalOrder(obj[k]), enumerable: true, writable: true, configurable: true });
    else out[k] = canonicalOrder(obj[k]);
  }
  return out as T;
}

/** sha256 hex over the canonical JSON of the artifact without `hash` and `signature`. */
export function contentHash(artifact: Record<string, unknown>): string {
  const { hash: _h, signature: _s, ...body } = artifact;
  const h = createHash('sha256');
  const out = new HashOut(h);
  writeCanonical(body, out, SPLIT_LEVELS);
  out.flush();
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
