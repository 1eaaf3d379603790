// Binding knowledge at load (issue 5 made it one pass with per-column converters, shared shapes,
// validity dates parsed once per distinct text, and row provenance built on first read). Checked
// against the plain reading of each table on random tables: every cell is toDomain of its raw value,
// every validity text its day, every key indexed with all its versions, undated keys to their last row.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bindArtifactRows, undatedRows } from '../../runtime/load/bind-knowledge.js';
import { toDomain, keyPart } from '../../runtime/values/convert.js';
import { dayFromText } from '../../runtime/values/dates.js';
import { loadPack } from '../../runtime/index.js';
import type { IrTable } from '../../runtime/artifact/ir.js';
import { artifact, table, PROV } from './fixtures.js';

const domains = ['str', 'int', 'dec', 'date', 'datetime', 'bool', 'set', 'list', 'any'] as const;
const cell = fc.oneof(
  fc.constantFrom('', 'A', 'B', '1', ' 2 ', '-3', '12.50', '0.1', 'abc', '2024-02-29', '2023-02-29', '2024-01-01 08:30:00', 'true', '0'),
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.constantFrom('x', 'y', ''), { maxLength: 3 }),
);
const dateText = fc.option(fc.constantFrom('2024-01-01', '2024-06-30', '2025-01-01', '2024-13-01', ''), { nil: null });

const randomTable = fc
  .record({
    doms: fc.array(fc.constantFrom(...domains), { minLength: 1, maxLength: 5 }),
    keys: fc.integer({ min: 1, max: 2 }),
    rows: fc.array(fc.tuple(fc.array(cell, { minLength: 5, maxLength: 5 }), dateText, dateText, fc.nat(1)), { maxLength: 40 }),
  })
  .map(({ doms, keys, rows }) => {
    const cols = doms.map((d, i) => [`c${i}`, d, i < keys] as [string, string, boolean]);
    // Keys drawn from a few values so keys repeat (several versions per key).
    const data = rows.map(([cells]) => cells.slice(0, cols.length).map((c, i) => (i < keys ? (typeof c === 'string' ? c.slice(0, 1) : c) : c)));
    const t = table('t', cols, data as IrTable['rows'], rows.map(([, from, to]) => [from, to, null]));
    t.provenance = [PROV('base@1'), PROV('local@2')];
    t.rowProvenance = rows.map(([, , , p]) => p);
    return t;
  });

function reference(t: IrTable) {
  const rows = t.rows.map((row) => Object.fromEntries(t.columns.map((c, i) => [c.name, toDomain(row[i], c.d)])));
  const validity = t.rows.map((_, i) => {
    const [f, to] = t.validity[i] ?? [null, null];
    return [f ? dayFromText(f) : undefined, to ? dayFromText(to) : undefined];
  });
  const index = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const k = t.key.map((c) => keyPart(r[c])).join('\u0001');
    index.set(k, [...(index.get(k) ?? []), i]);
  });
  const undated = new Map<string, number>();
  for (const [k, list] of index) if (list.every((i) => validity[i]![0] === undefined && validity[i]![1] === undefined)) undated.set(k, list[list.length - 1]!);
  const meta = t.rows.map((_, i) => ({ layer: t.provenance[t.rowProvenance[i]!]!.layer, file: t.provenance[t.rowProvenance[i]!]!.file, line: t.rowSource[i]! }));
  return { rows, validity, index, undated, meta };
}

describe('binding knowledge tables', () => {
  it('gives the plain reading of every row, key and period', () => {
    fc.assert(
      fc.property(randomTable, fc.boolean(), (t, generate) => {
        const b = bindArtifactRows(t, { generate }); // generated record maker, or the plain loop (interpreter mode)
        const ref = reference(t);
        expect(b.rows).toEqual(ref.rows);
        expect(b.validity.map((v) => [v[0], v[1]])).toEqual(ref.validity);
        expect(new Map([...b.index].map(([k, v]) => [k, [...v]]))).toEqual(ref.index);
        expect(undatedRows(b)).toEqual(ref.undated);
        expect(b.meta).toEqual(ref.meta);
      }),
      { numRuns: 300 },
    );
  });

  it('every row of a table has the same columns, absent cells included, in both modes', () => {
    const t = table('t', [['code', 'str', true], ['n', 'int', false], ['d', 'date', false]], [['A', 1, null], ['B', null, '2024-01-01'], ['C']]);
    for (const generate of [true, false]) {
      const rows = bindArtifactRows(t, { generate }).rows;
      for (const r of rows) expect(Object.keys(r)).toEqual(['code', 'n', 'd']);
      expect(rows[2]).toEqual({ code: 'C', n: undefined, d: undefined });
      expect(rows[1]!['d']).toBe(dayFromText('2024-01-01'));
    }
  });

  it('a column name cannot reach the prototype of a record, and no cell text runs as code', () => {
    const payload = '"); globalThis.__pwnedRow = true; ("';
    const t = table('t', [['code', 'str', true], ['__proto__', 'str', false]], [[payload, 'x']]);
    for (const generate of [true, false]) {
      const r = bindArtifactRows(t, { generate }).rows[0]!;
      expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(r, '__proto__')?.value).toBe('x');
      expect(r['code']).toBe(payload);
    }
    expect((globalThis as { __pwnedRow?: boolean }).__pwnedRow).toBeUndefined();
  });

  it('builds row provenance on first read, once, from this table', () => {
    const t = table('t', [['code', 'str', true]], [['A'], ['B']]);
    const b = bindArtifactRows(t);
    const first = b.meta;
    expect(first).toEqual([{ layer: 'test.base@1.0.0', file: 'rules.lk', line: 2 }, { layer: 'test.base@1.0.0', file: 'rules.lk', line: 3 }]);
    expect(b.meta).toBe(first);
  });

  it('loads the same rows whether they come from the artifact or a snapshot', () => {
    const t = table('t', [['code', 'str', true], ['n', 'int', false], ['p', 'dec', false]], [['A', 1, '1.5'], ['A', 2, null], ['B', 3, '2']],
      [[null, '2024-12-31', null], ['2025-01-01', null, null], [null, null, null]]);
    const a = artifact({ tables: [t] });
    const fromArtifact = loadPack(a).value!.tables.get('t')!;
    const snap = loadPack(a, { knowledge: { t: [{ code: 'A', n: 1, p: '1.5', valid_to: '2024-12-31' }, { code: 'A', n: 2, valid_from: '2025-01-01' }, { code: 'B', n: 3, p: 2 }] } }).value!.tables.get('t')!;
    expect(snap.rows).toEqual(fromArtifact.rows);
    expect(snap.validity).toEqual(fromArtifact.validity);
    expect(undatedRows(snap)).toEqual(undatedRows(fromArtifact));
    expect(snap.meta[2]).toEqual({ layer: 'knowledge', file: 'knowledge:t', line: 3 });
  });
});
