import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { dayFromText, dayToText, secondsFromText, secondsToText, ageYears, insuranceYear } from '../../runtime/values/dates.js';

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
