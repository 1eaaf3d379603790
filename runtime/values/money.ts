// Exact decimal arithmetic on micro-units (value × 1e6 held in a JS integer number).
// Sums and comparisons are plain integer arithmetic; products and quotients round half-up (away
// from zero) to 1e-6, through BigInt when the intermediate could exceed 2^53; results leave in yuan
// rounded half-up (away from zero) to the fen.

export const SCALE = 1_000_000;
const BSCALE = 1_000_000n;
const SAFE = Number.MAX_SAFE_INTEGER;

/** Divide BigInt n by positive d, rounding half away from zero. */
function divRound(n: bigint, d: bigint): bigint {
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (ad * 2n);
  return neg ? -q : q;
}

/** Exact decimal text ("-12.345") → micro-units; more than 6 fraction digits round half-up. undefined when not a decimal. */
export function fromText(text: string): number | undefined {
  const t = text.trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(t);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return undefined;
  const neg = m[1] === '-';
  const int = m[2] === '' ? '0' : m[2];
  const frac = m[3] ?? '';
  if (int.length <= 9 && frac.length <= 6) {
    // Fast path: both parts are small integers, so Number arithmetic is exact.
    const v = Number(int) * SCALE + (frac === '' ? 0 : Number((frac + '00000').slice(0, 6)));
    return neg ? -v || 0 : v;
  }
  let micro = BigInt(int) * BSCALE + BigInt((frac + '000000').slice(0, 6));
  // Digit 7 onward decides rounding (half-up away from zero on the magnitude).
  if (frac.length > 6 && frac.charCodeAt(6) >= 53 /* '5' */) micro += 1n;
  const v = Number(neg ? -micro : micro);
  return v === 0 ? 0 : v;
}

/** JSON number in yuan (e.g. 37.5) → micro-units, using its shortest decimal text so 0.1 stays 0.1. */
export function fromNumber(n: number): number | undefined {
  if (!Number.isFinite(n)) return undefined;
  if (Number.isInteger(n) && Math.abs(n) < SAFE / SCALE) return n * SCALE || 0;
  if (Math.abs(n) < 1e9) {
    // Below 1e9 two decimals with at most 6 places map to distinct doubles, so when r / 1e6 gives n
    // back, r is exactly the micro-units of n's shortest decimal text.
    const r = Math.round(n * SCALE);
    if (r / SCALE === n) return r || 0;
  }
  let s = String(n);
  if (/e/i.test(s)) s = n.toFixed(12);
  return fromText(s);
}

/** Integer (count) → micro-units. */
export function fromInt(n: number): number {
  return n * SCALE || 0;
}

export const add = (a: number, b: number): number => a + b;
export const sub = (a: number, b: number): number => a - b;

/** Product of two micro-unit values, half-up to 1e-6. */
export function mul(a: number, b: number): number {
  const p = a * b;
  if (Math.abs(p) < SAFE) {
    return roundHalfAway(p, SCALE) || 0;
  }
  return Number(divRound(BigInt(a) * BigInt(b), BSCALE)) || 0;
}

/** Quotient of two micro-unit values, half-up to 1e-6; undefined when dividing by zero. */
export function div(a: number, b: number): number | undefined {
  if (b === 0) return undefined;
  return Number(divRound(BigInt(a) * BSCALE, BigInt(b))) || 0;
}

// Exact half-away rounding of the integer p divided by d when p is a safe integer.
function roundHalfAway(p: number, d: number): number {
  const ap = Math.abs(p);
  const q = Math.floor(ap / d);
  const rem = ap - q * d;
  const r = rem * 2 >= d ? q + 1 : q;
  return p < 0 ? -r : r;
}

/** Round micro-units to `places` decimals (0..6), half away from zero; stays in micro-units. */
export function roundTo(micro: number, places = 2): number {
  const p = Math.max(0, Math.min(6, Math.trunc(places)));
  const unit = 10 ** (6 - p);
  if (unit === 1) return micro;
  return (roundHalfAway(micro, unit) * unit) || 0;
}

/** Micro-units → yuan as a JS number with at most 2 decimals (half away from zero to the fen). */
export function toYuan(micro: number): number {
  const fen = roundHalfAway(micro, 10_000);
  return fen / 100 || 0;
}

/** Micro-units → exact decimal text with trailing zeros dropped ("12.5", "-0.000001", "3"). */
export function toText(micro: number): string {
  const neg = micro < 0;
  const a = Math.abs(micro);
  const int = Math.floor(a / SCALE);
  const frac = String(a - int * SCALE).padStart(6, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? '.' + frac : ''}`;
}

/** Micro-units → yuan text with exactly 2 decimals ("55.06"). */
export function toYuanText(micro: number): string {
  const fen = roundHalfAway(micro, 10_000);
  const neg = fen < 0;
  const a = Math.abs(fen);
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
