// The built-in functions of the rule language over the runtime value model (PREAMBLE, one each).
// Date arguments may be dates (day numbers) or datetimes (seconds); the call node carries only its
// result domain, so a magnitude test tells them apart: |x| ≥ 1e7 is seconds (a day number that large
// would be after the year 29000; seconds that small fall in 1970-04).
import { ageYears, insuranceYear, secondsToDay, ymd } from '../values/dates.js';
import { roundTo, fromInt } from '../values/money.js';
import type { IrDomain } from '../artifact/ir.js';
import { textOf } from '../values/text.js';

export interface BuiltinCtx {
  readonly asOf: number; // day number
  readonly yearStart: string; // MM-DD
}

export type Builtin = (args: readonly unknown[], ctx: BuiltinCtx, d: IrDomain) => unknown;

const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
export const toDay = (x: unknown): number | undefined => (num(x) ? (Math.abs(x) >= 1e7 ? secondsToDay(x) : x) : undefined);
const str = (x: unknown): x is string => typeof x === 'string';

function sizeOf(c: unknown): number | undefined {
  if (Array.isArray(c) || str(c)) return c.length;
  if (c instanceof Set || c instanceof Map) return c.size;
  return undefined;
}

function diseinfo(enc: unknown): Record<string, unknown>[] {
  const list = enc && typeof enc === 'object' ? (enc as Record<string, unknown>)['diseinfo'] : undefined;
  return Array.isArray(list) ? list.filter((x) => x && typeof x === 'object') : [];
}

// The builtins generated code calls directly (no argument array); BUILTINS below wraps the same functions.
export const daysBetween = (a: unknown, b: unknown): number | undefined => {
  const x = toDay(a), y = toDay(b);
  return x === undefined || y === undefined ? undefined : y - x;
};
export const ageAt = (b: unknown, at: unknown): number | undefined => {
  const x = toDay(b), y = toDay(at);
  return x === undefined || y === undefined ? undefined : ageYears(x, y);
};
export const icd3 = (c: unknown): string | undefined => (str(c) ? (c.endsWith('.') ? c.slice(0, -1) : c).slice(0, 3) : undefined);
export const absOf = (x: unknown): number | undefined => (num(x) ? Math.abs(x) : undefined);
export const sizeOrZero = (c: unknown): number => sizeOf(c) ?? 0;
export const toDec = (x: unknown): number | undefined => (num(x) ? fromInt(x) : undefined);

const onDay = (f: (day: number, ctx: BuiltinCtx) => number): Builtin => (a, ctx) => {
  const day = toDay(a[0]);
  return day === undefined ? undefined : f(day, ctx);
};

export const BUILTINS: Readonly<Record<string, Builtin>> = {
  days: ([a, b]) => daysBetween(a, b),
  age: ([b, at]) => ageAt(b, at),
  age_days: ([b, at]) => {
    const x = toDay(b), y = toDay(at);
    return x === undefined || y === undefined ? undefined : y - x;
  },
  date: onDay((d) => d),
  year: onDay((d) => ymd(d)[0]),
  month: onDay((d) => ymd(d)[1]),
  quarter: onDay((d) => Math.floor((ymd(d)[1] - 1) / 3) + 1),
  hour: ([x]) => (num(x) ? (Math.abs(x) >= 1e7 ? Math.floor((((x % 86400) + 86400) % 86400) / 3600) : 0) : undefined),
  insurance_year: onDay((d, ctx) => insuranceYear(d, ctx.yearStart)),
  as_of: (_a, ctx) => ctx.asOf,
  icd3: ([c]) => icd3(c),
  prefix: ([s, n]) => (str(s) && num(n) ? s.slice(0, Math.max(0, n)) : undefined),
  starts_with: ([s, p]) => (str(s) && str(p) ? s.startsWith(p) : false),
  contains: ([s, p]) => {
    if (str(s) && str(p)) return s.includes(p);
    if (s instanceof Set) return p !== undefined && s.has(p);
    if (Array.isArray(s)) return p !== undefined && s.includes(p);
    return false;
  },
  length: ([s]) => sizeOf(s),
  main_diag: ([enc]) => {
    const list = diseinfo(enc);
    const main = list.find((x) => textOf(x['maindiag_flag']) === '1') ?? list[0];
    const code = main?.['diag_code'];
    return str(code) && code !== '' ? code : undefined;
  },
  diag_codes: ([enc]) => new Set(diseinfo(enc).map((x) => x['diag_code']).filter((c): c is string => str(c) && c !== '')),
  // round works on dec (micro-units); an int is already whole.
  round: ([x, n], _ctx, d) => (num(x) ? (d === 'int' ? x : roundTo(x, num(n) ? n : 2)) : undefined),
  min: ([a, b]) => (a === undefined ? b : b === undefined ? a : (a as number) <= (b as number) ? a : b),
  max: ([a, b]) => (a === undefined ? b : b === undefined ? a : (a as number) >= (b as number) ? a : b),
  abs: ([x]) => absOf(x),
  size: ([c]) => sizeOrZero(c),
  is_empty: ([c]) => (sizeOf(c) ?? 0) === 0,
  /** int → dec promotion, emitted by the compiler when an int meets a dec operand. */
  to_dec: ([x]) => toDec(x),
  dec: ([x]) => (num(x) ? fromInt(x) : undefined),
  /** list[i], 0-based; none outside the list. */
  at: ([l, i]) => (Array.isArray(l) && num(i) && Number.isInteger(i) && i >= 0 && i < l.length ? (l[i] === null ? undefined : l[i]) : undefined),
};
