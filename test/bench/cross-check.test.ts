// The benchmark's pack must say exactly what the anchors' hand-written engine says: same hits (rule, claim,
// lines, amount) on the generated claims, in both runtime modes. Correctness only; no timing here.
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { generate } from '../../bench/peers/gen.mjs';
import { hitKey } from '../../bench/peers/rules.mjs';
import * as handwritten from '../../bench/peers/handwritten.mjs';
import { toRequest, birthDate, type AnchorClaim } from '../../bench/convert-claims.js';
import { compileBenchPack, loadBenchPack, hitsOf } from '../../bench/liangku-engine.js';
import { evaluate } from '../../runtime/index.js';
import type { Artifact } from '../../runtime/artifact/ir.js';
import { BUILTINS } from '../../runtime/eval/builtins.js';
import { dayFromText } from '../../runtime/values/dates.js';

const N = 300;
const { claims, kb } = generate({ claims: N });
const expected = (() => {
  const audit = handwritten.compile(kb);
  return claims.flatMap((c) => audit(c).map(hitKey)).sort();
})();

let artifact: Artifact;
beforeAll(async () => {
  artifact = (await compileBenchPack(kb)).artifact;
});

describe('bench pack cross-check against the hand-written engine', () => {
  it('the sample exercises most rules (so the comparison means something)', () => {
    const rules = new Set(expected.map((k) => k.split('|')[0]));
    expect(rules.size).toBeGreaterThanOrEqual(8);
  });

  for (const mode of ['compiled', 'interpreter'] as const) {
    it(`gives the same hits as hand-written JS on ${N} claims (${mode})`, () => {
      const pack = loadBenchPack(artifact, mode);
      const got = claims.flatMap((c) => hitsOf(evaluate(pack, toRequest(c))).map(hitKey)).sort();
      expect(got).toEqual(expected);
    });
  }

  it('notices a changed rule (the cross-check can fail)', async () => {
    const pack = loadBenchPack(artifact, 'compiled');
    const changed = claims.map((c) => ({ ...c, patient: { ...c.patient, gender: c.patient.gender === 'M' ? 'F' : 'M' } }) as AnchorClaim);
    const got = changed.flatMap((c) => hitsOf(evaluate(pack, toRequest(c))).map(hitKey)).sort();
    expect(got).not.toEqual(expected);
  });
});

describe('birthDate (claim conversion)', () => {
  const ctx = { asOf: 0, yearStart: '01-01' };
  const ageAt = (brdy: string, day: string) => BUILTINS['age']([dayFromText(brdy), dayFromText(day)], ctx as never, 'int');
  it('gives the anchor age on every day of a stay of up to 20 days', () => {
    const day0 = Date.UTC(2023, 0, 1) / 86400000;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 92 }), fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 20 }), (age, d, los) => {
        const iso = (x: number) => new Date(x * 86400000).toISOString().slice(0, 10);
        const dis = day0 + d;
        const brdy = birthDate(age, iso(dis));
        for (let k = 0; k <= los; k++) expect(ageAt(brdy, iso(dis - k))).toBe(age);
      }),
    );
  });
});
