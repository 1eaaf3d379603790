// The hash fast paths (issue 5): canonicalJson / contentHash take native JSON.stringify when a value's
// keys are already in canonical order, write long arrays in slices and feed the hash in pieces. Every
// one of them must give byte for byte the text of the plain recursive definition, on any value: a
// fast path that disagreed would change published hashes or let a changed artifact through.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { canonicalJson, canonicalOrder, contentHash } from '../../runtime/artifact/canonical.js';
import { reference } from './canonical-reference.js';
import { loadPack } from '../../runtime/index.js';
import { artifact, rule, root, table } from './fixtures.js';

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

// Keys that stress the order check: integer-like ("10" sorts before "9" as text, after it in V8's
// own order), "__proto__" (JSON.parse makes it an own key), non-ASCII and astral characters.
const key = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.constantFrom('0', '1', '9', '10', '01', '-1', '__proto__', 'toJSON', 'constructor', '药', '𠀀', 'a', 'b', 'k', 'd'),
);
const leaf = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(fc.tuple(key, tie('v')), { maxLength: 6 }).map((entries) => {
      const o: Record<string, unknown> = {};
      for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
      return o;
    }),
    fc.array(tie('v'), { maxLength: 6 }),
    // long arrays (written in slices), of rows as knowledge tables hold them
    fc.array(fc.array(leaf, { maxLength: 5 }), { minLength: 60, maxLength: 300 }),
  ),
})).v;

describe('canonical fast paths', () => {
  it('canonicalJson and contentHash equal the recursive definition on any value', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(canonicalJson(a)).toBe(reference(a));
        const body = { b, a, tables: [{ rows: a }] };
        expect(contentHash({ ...body, hash: 'x', signature: { v: 1 } })).toBe(sha(reference(body)));
      }),
      { numRuns: 300 },
    );
  });

  it('values already in canonical order, and their key-sorted copies, give the same text', () => {
    fc.assert(
      fc.property(value, (v) => {
        const sorted = canonicalOrder(v);
        expect(canonicalJson(sorted)).toBe(reference(v));
        expect(reference(sorted)).toBe(reference(v));
      }),
      { numRuns: 300 },
    );
  });

  it('a key-sorted copy keeps an own "__proto__" key as a key', () => {
    const v = JSON.parse('{"b":1,"__proto__":{"x":2}}') as Record<string, unknown>;
    const sorted = canonicalOrder(v) as Record<string, unknown>;
    expect(Object.getPrototypeOf(sorted)).toBe(Object.prototype);
    expect(Object.keys(sorted)).toEqual(['__proto__', 'b']);
    expect(canonicalJson(sorted)).toBe('{"__proto__":{"x":2},"b":1}');
  });

  it('objects JSON.stringify would write differently are written by the definition', () => {
    class Row {
      a = 1;
      toJSON() {
        return 'forged';
      }
    }
    const withToJson = Object.assign([1, 2], { toJSON: () => 'forged' });
    // eslint-disable-next-line no-sparse-arrays
    const holes = [[1, , 3], [['a', , 'b']]];
    const odd = [...holes, new Row(), withToJson, new Map([['a', 1]]), new Set([1]), Object.create({ inherited: 1 }) as object, { a: [Number(1)], b: { toJSON: 1 } }];
    for (const v of odd) expect(canonicalJson({ x: v })).toBe(reference({ x: v }));
    const deep = { a: [{ b: new Row() }] };
    expect(canonicalJson(deep)).toBe(reference(deep));
    expect(() => canonicalJson({ a: [1, 2, Infinity] })).toThrow(/non-finite/);
    expect(() => canonicalJson({ tables: [{ rows: Array.from({ length: 100 }, (_, i) => [i === 77 ? NaN : i]) }] })).toThrow(/non-finite/);
  });

  it('hashes every string exactly as JSON.stringify writes it (escapes, astral characters, lone surrogates)', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('\u0000\u001f"\\\b\f\n\r\t\u007f', '\ud800', 'a\udc00b', '\udbff\udfff', '𠀀药'));
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(text, fc.array(text, { maxLength: 3 })), { maxLength: 4 }), { maxLength: 80 }), (rows) => {
        const body = { tables: [{ rows }] };
        expect(contentHash(body)).toBe(sha(reference(body)));
      }),
      { numRuns: 300 },
    );
  });

  it('long knowledge tables hash as one text, whatever the row width', () => {
    const widths = [1, 40, 5000, 20_000];
    for (const w of widths) {
      const rows = Array.from({ length: 700 }, (_, i) => [`药品${i}`.padEnd(w, '甲'), i, null, i % 2 === 0, ['a', 'b']]);
      const body = { tables: [{ rows }] };
      expect(contentHash(body)).toBe(sha(reference(body)));
    }
  });
});

describe('hash check at load', () => {
  const rows = Array.from({ length: 200 }, (_, i) => [`C${i}`, String(i)]);
  const base = () => artifact({ tables: [table('t', [['code', 'str', true], ['n', 'int', false]], rows)], rules: [rule('R1', { flag: [root('encounter')] })] });

  it('an artifact emitted in canonical order loads, and so does one with its keys reordered', () => {
    const a = canonicalOrder(base());
    expect(loadPack(JSON.parse(JSON.stringify(a))).diagnostics).toEqual([]);
    const reversed = JSON.parse(JSON.stringify(a), (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    ) as unknown;
    expect(JSON.stringify(reversed)).not.toBe(JSON.stringify(a));
    expect(loadPack(reversed).diagnostics).toEqual([]);
  });

  it('a changed knowledge cell, row or rule is rejected, in canonical order or not', () => {
    const edits: ((a: ReturnType<typeof base>) => void)[] = [
      (a) => void (a.tables[0]!.rows[150]![1] = '151'),
      (a) => void a.tables[0]!.rows.push(['X', '1']),
      (a) => void (a.tables[0]!.validity[3] = ['2025-01-01', null, null]),
      (a) => void (a.rules[0]!.name = 'renamed'),
    ];
    for (const edit of edits) {
      for (const ordered of [true, false]) {
        const a = JSON.parse(JSON.stringify(ordered ? canonicalOrder(base()) : base())) as ReturnType<typeof base>;
        edit(a);
        const r = loadPack(a);
        expect(r.value).toBeNull();
        expect(r.diagnostics[0]!.code).toBe('artifact-hash');
      }
    }
  });
});
