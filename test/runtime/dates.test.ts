import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { dayFromText, dayToText, secondsFromText, secondsToText, ageYears, insuranceYear, daysInMonth } from '../../runtime/values/dates.js';

describe('dates', () => {
  it('converts text and back', () => {
    expect(dayFromText('1970-01-02')).toBe(1);
    expect(dayFromText('2025-02-30')).toBeUndefined();
    expect(secondsFromText('1970-01-01 00:01:05')).toBe(65);
    expect(secondsFromText('2025-03-10')).toBe(dayFromText('2025-03-10')! * 86400);
    fc.assert(fc.property(fc.integer({ min: -20000, max: 60000 }), (d) => dayFromText(dayToText(d)) === d));
    fc.assert(fc.property(fc.integer({ min: 0, max: 4e9 }), (s) => secondsFromText(secondsToText(s)) === s));
  });
  it('computes age in whole years', () => {
    expect(ageYears(dayFromText('1958-02-11')!, dayFromText('2025-02-10')!)).toBe(66);
    expect(ageYears(dayFromText('1958-02-11')!, dayFromText('2025-02-11')!)).toBe(67);
    expect(ageYears(dayFromText('2000-02-29')!, dayFromText('2001-02-28')!)).toBe(0);
  });
  it('labels the insurance year by its start', () => {
    expect(insuranceYear(dayFromText('2025-03-01')!, '01-01')).toBe(2025);
    expect(insuranceYear(dayFromText('2025-03-01')!, '07-01')).toBe(2024);
    expect(insuranceYear(dayFromText('2025-07-01')!, '07-01')).toBe(2025);
  });
});

describe('date conversion memo and month lengths', () => {
  const viaDate = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  it('daysInMonth agrees with Date.UTC for every month of years 0..9999', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), (y, m) => daysInMonth(y, m) === viaDate(y, m)));
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });
  it('answers the same for a text seen before, valid or not, also after the memo is cleared', () => {
    expect(dayFromText('2025-02-30')).toBeUndefined();
    expect(dayFromText('2025-02-30')).toBeUndefined();
    expect(secondsFromText('not a date')).toBeUndefined();
    expect(secondsFromText('not a date')).toBeUndefined();
    const first = secondsFromText('2024-02-29 13:14:15');
    // More distinct texts than the memo holds: it is cleared on the way, answers stay the same.
    for (let s = 0; s < 10_000; s++) expect(secondsFromText(secondsToText(s * 97))).toBe(s * 97);
    expect(secondsFromText('2024-02-29 13:14:15')).toBe(first);
    expect(first).toBe(Date.UTC(2024, 1, 29, 13, 14, 15) / 1000);
    fc.assert(fc.property(fc.integer({ min: -20000, max: 60000 }), (d) => dayFromText(dayToText(d)) === d && dayFromText(dayToText(d)) === d));
  });
});

describe('digit-wise reading of the exact forms', () => {
  // The reference: the regular expression and Date.UTC, as every other form is read.
  const RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/;
  function reference(text: string): [number | undefined, number | undefined] {
    const m = RE.exec(text.trim());
    if (!m) return [undefined, undefined];
    const [y, mo, d, h, mi, s] = [+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0];
    const dim = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    if (mo < 1 || mo > 12 || d < 1 || d > dim || h > 23 || mi > 59 || s > 59) return [undefined, undefined];
    return [Math.round(Date.UTC(y, mo - 1, d) / 86_400_000), Math.round(Date.UTC(y, mo - 1, d, h, mi, s) / 1000)];
  }
  const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((a) => a.join(''));
  const sep = fc.constantFrom('-', '-', '-', '/', 'x');
  const text = fc.oneof(
    fc.tuple(fc.oneof(digits(4), fc.constantFrom('0099', '0100', '1970', '2000', '2024', '2100', '9999')), sep, fc.oneof(digits(2), fc.constantFrom('02', '12', '13')), sep,
      fc.oneof(digits(2), fc.constantFrom('28', '29', '30', '31')), fc.constantFrom('', ' ', 'T', ' ', ':'), fc.oneof(digits(2), fc.constantFrom('23', '24')), fc.constantFrom(':', ':', '-'),
      digits(2), fc.constantFrom(':', ':', '.'), fc.oneof(digits(2), fc.constantFrom('59', '60', '5x')), fc.constantFrom('', '', ' ', '.5'))
      .map(([y, a, m, b, d, t, h, c, mi, e, s, tail]) => (t === '' ? `${y}${a}${m}${b}${d}` : `${y}${a}${m}${b}${d}${t}${h}${c}${mi}${e}${s}${tail}`)),
    fc.string({ maxLength: 20 }),
  );
  it('gives the same day and seconds as the regular expression for any text', () => {
    fc.assert(fc.property(text, (t) => {
      const [day, sec] = reference(t);
      expect(dayFromText(t)).toBe(day);
      expect(secondsFromText(t)).toBe(sec);
    }), { numRuns: 3000 });
  });
});

describe('calendar arithmetic', () => {
  it('ymd agrees with Date for any day number, and civilDay inverts it', async () => {
    const { ymd, civilDay } = await import('../../runtime/values/dates.js');
    fc.assert(fc.property(fc.integer({ min: -700_000, max: 3_000_000 }), (day) => {
      const d = new Date(day * 86_400_000);
      const [y, m, dd] = ymd(day);
      expect([y, m, dd]).toEqual([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]);
      expect(civilDay(y, m, dd)).toBe(day);
    }), { numRuns: 3000 });
  });
});
