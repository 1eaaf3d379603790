import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { fromText, fromNumber, mul, div, toYuan, toYuanText, toText, roundTo } from '../../runtime/values/money.js';

// Reference: BigInt half-away-from-zero division.
function refDiv(n: bigint, d: bigint): bigint {
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n, ad = d < 0n ? -d : d;
  const q = an / ad, r = an % ad;
  const res = r * 2n >= ad ? q + 1n : q;
  return neg ? -res : res;
}
const micro = fc.integer({ min: -1e12, max: 1e12 });

describe('money', () => {
  it('parses decimal text exactly', () => {
    expect(fromText('0.1')).toBe(100000);
    expect(fromText('-12.345')).toBe(-12345000);
    expect(fromText('3')).toBe(3000000);
    expect(fromText('1.0000005')).toBe(1000001);
    expect(fromText('-1.0000005')).toBe(-1000001);
    expect(fromText('abc')).toBeUndefined();
    expect(fromText('')).toBeUndefined();
    expect(fromNumber(37.0)).toBe(37000000);
    expect(fromNumber(0.1 + 0.2)).toBe(300000);
    expect(fromNumber(18.5)).toBe(18500000);
  });
  it('rounds to the fen half away from zero', () => {
    expect(toYuan(fromText('55.055')!)).toBe(55.06);
    expect(toYuan(fromText('-55.055')!)).toBe(-55.06);
    expect(toYuan(fromText('55.054999')!)).toBe(55.05);
    expect(toYuanText(fromText('3')!)).toBe('3.00');
    expect(roundTo(fromText('1.2345')!, 3)).toBe(fromText('1.235'));
  });
  it('add and sub are exact', () => {
    fc.assert(fc.property(micro, micro, (a, b) => a + b - b === a && toText(a + b) === toText(Number(BigInt(a) + BigInt(b)))));
  });
  it('2-decimal texts round-trip through toYuan', () => {
    fc.assert(fc.property(fc.integer({ min: -1e11, max: 1e11 }), (fen) => {
      const neg = fen < 0, a = Math.abs(fen);
      const text = `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
      return toYuan(fromText(text)!) === Number(text) && toYuanText(fromText(text)!) === (fen === 0 ? '0.00' : text);
    }));
  });
  it('mul and div follow the half-up rule (BigInt reference)', () => {
    fc.assert(fc.property(micro, micro, (a, b) => mul(a, b) === Number(refDiv(BigInt(a) * BigInt(b), 1000000n))));
    fc.assert(fc.property(micro, micro.filter((b) => b !== 0), (a, b) => div(a, b) === Number(refDiv(BigInt(a) * 1000000n, BigInt(b)))));
    expect(div(1, 0)).toBeUndefined();
  });
  it('toYuan matches the BigInt reference', () => {
    fc.assert(fc.property(micro, (a) => toYuan(a) === Number(refDiv(BigInt(a), 10000n)) / 100));
  });
  it('a JSON number converts like its decimal text', () => {
    fc.assert(fc.property(fc.integer({ min: -1e11, max: 1e11 }), fc.integer({ min: 0, max: 6 }), (i, places) => {
      const n = i / 10 ** places;
      return fromNumber(n) === fromText(String(n));
    }));
  });
  it('toText round-trips', () => {
    fc.assert(fc.property(micro, (a) => fromText(toText(a)) === a));
  });
});
