import { describe, it, expect } from 'vitest';
import { BUILTINS } from '../../runtime/eval/builtins.js';
import { dayFromText, secondsFromText } from '../../runtime/values/dates.js';
import { fromText } from '../../runtime/values/money.js';

const ctx = { asOf: dayFromText('2025-03-10')!, yearStart: '07-01' };
const call = (fn: string, ...args: unknown[]) => BUILTINS[fn](args, ctx, 'any');
const D = (t: string) => dayFromText(t)!;
const S = (t: string) => secondsFromText(t)!;

describe('builtins', () => {
  it('work on dates and datetimes alike', () => {
    expect(call('days', D('2025-03-01'), D('2025-03-10'))).toBe(9);
    expect(call('days', S('2025-03-01 23:59:00'), S('2025-03-02 00:01:00'))).toBe(1);
    expect(call('age', D('1958-02-11'), S('2025-02-10 10:00:00'))).toBe(66);
    expect(call('date', S('2025-03-10 15:12:08'))).toBe(D('2025-03-10'));
    expect(call('year', D('2025-03-10'))).toBe(2025);
    expect(call('month', S('2025-03-10 15:12:08'))).toBe(3);
    expect(call('quarter', D('2025-10-01'))).toBe(4);
    expect(call('hour', S('2025-03-10 15:12:08'))).toBe(15);
    expect(call('insurance_year', D('2025-03-10'))).toBe(2024);
    expect(call('as_of')).toBe(D('2025-03-10'));
    expect(call('days', undefined, D('2025-03-10'))).toBeUndefined();
  });
  it('work on codes and text', () => {
    expect(call('icd3', 'I63.900')).toBe('I63');
    expect(call('icd3', 'K2.')).toBe('K2');
    expect(call('prefix', 'XB01AXA', 3)).toBe('XB0');
    expect(call('starts_with', 'XB01', 'XB')).toBe(true);
    expect(call('starts_with', undefined, 'XB')).toBe(false);
    expect(call('contains', new Set(['a']), 'a')).toBe(true);
    expect(call('length', 'abc')).toBe(3);
  });
  it('find the main diagnosis and the diagnosis set', () => {
    const enc = { diseinfo: [{ diag_code: 'I10.x00', maindiag_flag: '0' }, { diag_code: 'I63.900', maindiag_flag: '1' }] };
    expect(call('main_diag', enc)).toBe('I63.900');
    expect(call('main_diag', { diseinfo: [{ diag_code: 'A', maindiag_flag: '0' }] })).toBe('A');
    expect(call('main_diag', { diseinfo: [] })).toBeUndefined();
    expect(call('diag_codes', enc)).toEqual(new Set(['I10.x00', 'I63.900']));
  });
  it('round money half-up and compare with none', () => {
    expect(BUILTINS.round([fromText('2.345')], ctx, 'dec')).toBe(fromText('2.35'));
    expect(BUILTINS.round([fromText('-2.345')], ctx, 'dec')).toBe(fromText('-2.35'));
    expect(BUILTINS.round([fromText('2.3456'), 3], ctx, 'dec')).toBe(fromText('2.346'));
    expect(call('min', 3, undefined)).toBe(3);
    expect(call('max', 3, 5)).toBe(5);
    expect(call('size', [1, 2])).toBe(2);
    expect(call('is_empty', undefined)).toBe(true);
  });
  it('index lists from 0 and promote ints to dec', () => {
    expect(call('at', ['a', 'b'], 1)).toBe('b');
    expect(call('at', ['a'], 1)).toBeUndefined();
    expect(call('at', ['a'], -1)).toBeUndefined();
    expect(call('to_dec', 3)).toBe(fromText('3'));
  });
});
