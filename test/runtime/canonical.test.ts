// The canonical serialization that every hash depends on: the fast implementation must agree with
// the plain recursive definition on any JSON value, or published hashes would change.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from '../../runtime/artifact/canonical.js';
import { reference } from './canonical-reference.js';


describe('canonicalJson', () => {
  it('equals the recursive definition on random JSON values (keys sorted, undefined dropped)', () => {
    const withUndefined = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 2 }),
        fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), fc.oneof(tie('v'), fc.constant(undefined)), { maxKeys: 5 }),
        fc.array(fc.oneof(tie('v'), fc.constant(undefined)), { maxLength: 5 }),
      ),
    })).v;
    fc.assert(
      fc.property(withUndefined, (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 500 },
    );
  });
  it('refuses NaN and Infinity instead of writing null', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson([Infinity])).toThrow(/non-finite/);
  });
  it('is independent of key insertion order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe('{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}');
  });
});
