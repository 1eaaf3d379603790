import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wilson } from '../../governance/wilson.js';

describe('wilson interval', () => {
  it('contains the point estimate and stays within [0, 1] (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const k = Math.floor(f * n);
        const { p, lo, hi } = wilson(k, n);
        expect(p).toBe(k / n);
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(1);
        expect(lo).toBeLessThanOrEqual(p);
        expect(p).toBeLessThanOrEqual(hi);
      }),
    );
  });

  it('narrows as the evidence grows (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 2, max: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, m, f) => {
        const k = Math.floor(f * n);
        const a = wilson(k, n);
        const b = wilson(k * m, n * m);
        expect(b.hi - b.lo).toBeLessThanOrEqual(a.hi - a.lo + 1e-12);
      }),
    );
  });

  it('matches the textbook value for 3 of 10 and does not collapse at 0 or n', () => {
    const w = wilson(3, 10);
    expect(w.lo).toBeCloseTo(0.1078, 3);
    expect(w.hi).toBeCloseTo(0.6032, 3);
    expect(wilson(0, 5).hi).toBeGreaterThan(0.4);
    expect(wilson(5, 5).lo).toBeLessThan(0.6);
    expect(wilson(0, 0)).toEqual({ p: 0, lo: 0, hi: 1 });
  });
});
