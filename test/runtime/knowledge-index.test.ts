// Knowledge look-ups: keys whose rows are all undated go straight to their row; dated keys still
// pick the version in force. Checked against a direct reading of the rule (latest start wins, ties →
// the later row) over random tables mixing undated and dated versions.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { bindArtifactRows, rowInForce, undatedRows } from '../../runtime/load/bind-knowledge.js';
import { dayFromText, dayToText } from '../../runtime/values/dates.js';
import { table } from './fixtures.js';

type Version = { key: string; from: number | null; to: number | null };

function reference(rows: Version[], key: string, day: number): number | undefined {
  let best: number | undefined;
  let bestFrom = -Infinity;
  rows.forEach((r, i) => {
    if (r.key !== key) return;
    if ((r.from !== null && day < r.from) || (r.to !== null && day > r.to)) return;
    const f = r.from ?? -Infinity;
    if (best === undefined || f >= bestFrom) {
      best = i;
      bestFrom = f;
    }
  });
  return best;
}

const base = dayFromText('2025-01-01')!;
const version = fc.record({
  key: fc.constantFrom('A', 'B', 'C', 'D'),
  from: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
  to: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
}).map((v) => ({ key: v.key, from: v.from === null ? null : base + v.from, to: v.to === null ? null : base + v.to }));

describe('knowledge look-up index', () => {
  it('finds the row in force exactly as the versioning rule says, undated keys included', () => {
    fc.assert(fc.property(fc.array(version, { maxLength: 12 }), fc.integer({ min: -5, max: 65 }), fc.constantFrom('A', 'B', 'C', 'D', 'E'), (rows, off, key) => {
      const t = bindArtifactRows(table('t', [['code', 'code', true], ['n', 'int', false]], rows.map((r, i) => [r.key, i]),
        rows.map((r) => [r.from === null ? null : dayToText(r.from), r.to === null ? null : dayToText(r.to), null])));
      return rowInForce(t, [key], base + off) === reference(rows, key, base + off) && rowInForce(t, key, base + off) === reference(rows, key, base + off);
    }));
  });
  it('indexes only keys with no dated version, each to its last row', () => {
    const t = bindArtifactRows(table('t', [['code', 'code', true], ['n', 'int', false]], [['A', 1], ['A', 2], ['B', 3], ['B', 4]],
      [[null, null, null], [null, null, null], [null, null, null], ['2025-02-01', null, null]]));
    const m = undatedRows(t);
    expect(m.get('A')).toBe(1); // the later of two undated rows
    expect(m.has('B')).toBe(false); // one version of B has a period: B must be checked by date
    expect(rowInForce(t, ['B'], dayFromText('2025-01-15')!)).toBe(2);
    expect(rowInForce(t, ['B'], dayFromText('2025-02-15')!)).toBe(3);
    expect(rowInForce(t, ['Z'], dayFromText('2025-02-15')!)).toBeUndefined();
  });
});
