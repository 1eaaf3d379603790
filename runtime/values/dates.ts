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

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** 'YYYY-MM-DD' (a time part is ignored) → day number; undefined when not a valid date. */
export function dayFromText(text: string): number | undefined {
  const p = parts(text);
  return p ? Math.round(Date.UTC(p[0], p[1] - 1, p[2]) / 86_400_000) : undefined;
}

/** 'YYYY-MM-DD HH:mm:ss' (or a date alone, as midnight) → seconds; undefined when invalid. */
export function secondsFromText(text: string): number | undefined {
  const p = parts(text);
  return p ? Math.round(Date.UTC(p[0], p[1] - 1, p[2], p[3], p[4], p[5]) / 1000) : undefined;
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
