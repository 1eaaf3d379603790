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

// The exact forms platforms send ('YYYY-MM-DD', 'YYYY-MM-DD HH:mm:ss') are read digit by digit, which
// is cheaper than any cache look-up; everything else (other lengths, spaces, 'T', years before 100)
// goes through the regular expression and the memo. Both paths give the same answer (dates.test.ts).
const d2 = (t: string, i: number): number => {
  const a = t.charCodeAt(i) - 48, b = t.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};
/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
export function civilDay(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}
/** Day number of a text starting 'YYYY-MM-DD' (year ≥ 100), undefined when invalid, null when another form. */
function fastDay(t: string): number | undefined | null {
  if (t.length < 10 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45) return null;
  const c = d2(t, 0), y2 = d2(t, 2), mo = d2(t, 5), d = d2(t, 8);
  if (c < 1 || y2 < 0 || mo < 0 || d < 0) return null;
  const y = c * 100 + y2;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return civilDay(y, mo, d);
}
/** Seconds of the time part ' HH:mm:ss' at offset 10 (19 characters in all), undefined when invalid, null when another form. */
function fastTime(t: string): number | undefined | null {
  if (t.length !== 19 || t.charCodeAt(10) !== 32 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58) return null;
  const h = d2(t, 11), mi = d2(t, 14), s = d2(t, 17);
  if (h < 0 || mi < 0 || s < 0) return null;
  return h > 23 || mi > 59 || s > 59 ? undefined : h * 3600 + mi * 60 + s;
}

// The last text read and its answer, per function: a request's lines mostly share a day, and rules
// read the same line's time again and again.
let lastDayText = '', lastDay: number | undefined;
let lastSecText = '', lastSec: number | undefined;

/** 'YYYY-MM-DD' (a time part is ignored) → day number; undefined when not a valid date. */
export function dayFromText(text: string): number | undefined {
  if (text === lastDayText) return lastDay;
  lastDay = readDay(text);
  lastDayText = text;
  return lastDay;
}

function readDay(text: string): number | undefined {
  if (text.length === 10 || text.length === 19) {
    const day = fastDay(text);
    if (day !== null && (text.length === 10 || day === undefined)) return day;
    if (day !== null) {
      const sec = fastTime(text);
      if (sec !== null) return sec === undefined ? undefined : day;
    }
  }
  return memo(dayMemo, text, parseDay);
}

/** 'YYYY-MM-DD HH:mm:ss' (or a date alone, as midnight) → seconds; undefined when invalid. */
export function secondsFromText(text: string): number | undefined {
  if (text === lastSecText) return lastSec;
  lastSec = readSeconds(text);
  lastSecText = text;
  return lastSec;
}

function readSeconds(text: string): number | undefined {
  if (text.length === 10 || text.length === 19) {
    const day = fastDay(text);
    if (day === undefined) return undefined;
    if (day !== null) {
      if (text.length === 10) return day * DAY;
      const sec = fastTime(text);
      if (sec !== null) return sec === undefined ? undefined : day * DAY + sec;
    }
  }
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
  // Hinnant's civil_from_days (the inverse of civilDay): integer arithmetic, no Date object.
  const z = Math.floor(day) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
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
