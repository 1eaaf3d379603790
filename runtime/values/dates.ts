// Calendar dates as day numbers since 1970-01-01 and datetimes as seconds since 1970-01-01T00:00:00,
// wall clock as written (UTC arithmetic, so no time zone or daylight saving ever shifts a value).

const DAY = 86_400;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/;

function parts(text: string): [number, number, number, number, number, number] | undefined {
  const m = DATE_RE.exec(text.trim());
  if (!m) return undefined;
  const y = +m[1], mo = +m[2], d = +m[3];
  const h = m[4] ? +m[4] : 0, mi = m[5] ? +m[5] : 0, s = m[6] ? +m[6] : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  return [y, mo, d, h, mi, s];
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Days in month m (1-12) of year y (proleptic Gregorian, as Date.UTC counts). */
export function daysInMonth(y: number, m: number): number {
  // Date.UTC reads years 0-99 as 1900-1999; keep its answer there (and for odd input) as before.
  if (m < 1 || m > 12 || !Number.isInteger(m) || !Number.isInteger(y) || y < 100) return new Date(Date.UTC(y, m, 0)).getUTCDate();
  return m === 2 && leap(y) ? 29 : MONTH_DAYS[m - 1];
}

// Rules read the same date-time texts over and over (every `date(l.fee_ocur_time)` of every rule, and
// a request's lines mostly share a few days): remember recent conversions. Bounded: cleared when full,
// so a long stream of distinct texts costs one parse each and memory stays small.
const MEMO_MAX = 4096;
const NOT_A_DATE = -Infinity; // memoised "invalid" (undefined cannot be told from "not seen" by get())
const dayMemo = new Map<string, number>();
const secMemo = new Map<string, number>();

function memo(m: Map<string, number>, text: string, parse: (t: string) => number | undefined): number | undefined {
  let v = m.get(text);
  if (v === undefined) {
    v = parse(text) ?? NOT_A_DATE;
    if (m.size >= MEMO_MAX) m.clear();
    m.set(text, v);
  }
  return v === NOT_A_DATE ? undefined : v;
}

function parseDay(text: string): number | undefined {
  const p = parts(text);
  return p ? Math.round(Date.UTC(p[0], p[1] - 1, p[2]) / 86_400_000) : undefined;
}

function parseSeconds(text: string): number | undefined {
  const p = parts(text);
  return p ? Math.round(Date.UTC(p[0], p[1] - 1, p[2], p[3], p[4], p[5]) / 1000) : undefined;
}

/** 'YYYY-MM-DD' (a time part is ignored) → day number; undefined when not a valid date. */
export function dayFromText(text: string): number | undefined {
  return memo(dayMemo, text, parseDay);
}

/** 'YYYY-MM-DD HH:mm:ss' (or a date alone, as midnight) → seconds; undefined when invalid. */
export function secondsFromText(text: string): number | undefined {
  return memo(secMemo, text, parseSeconds);
}

export function dayToText(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function secondsToText(sec: number): string {
  const iso = new Date(sec * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

export const secondsToDay = (sec: number): number => Math.floor(sec / DAY);
export const dayToSeconds = (day: number): number => day * DAY;

/** [year, month, day] of a day number. */
export function ymd(day: number): [number, number, number] {
  const d = new Date(day * 86_400_000);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/** Whole years from birth to at (a birthday on 02-29 is reached on 03-01 in common years). */
export function ageYears(birth: number, at: number): number {
  const [by, bm, bd] = ymd(birth);
  const [ay, am, ad] = ymd(at);
  let age = ay - by;
  if (am < bm || (am === bm && ad < bd)) age -= 1;
  return age;
}

/**
 * The 医保年度 label of a day: the calendar year in which that insurance year starts.
 * yearStart 'MM-DD'; '01-01' makes it the calendar year.
 */
export function insuranceYear(day: number, yearStart: string): number {
  const [y, m, d] = ymd(day);
  const [sm, sd] = yearStart.split('-').map(Number) as [number, number];
  return m < sm || (m === sm && d < sd) ? y - 1 : y;
}
