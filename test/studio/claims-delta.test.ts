// The claims half of the version diff: reading a claims file and matching two versions' findings.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { claimsDelta, parseClaims } from '../../studio/components/claims-delta.js';
import type { EvalResult, Finding } from '../../runtime/api.js';

const finding = (rule: string, sns: string[], amount: number, involved: string[] = []): Finding => ({
  rule_id: rule, rule_name: `名称${rule}`, result: 'definite', class: 'c', message: `m${rule}`, amount, basis: '', layer: 'x@1',
  lines: [...sns.map((s) => ({ feedetl_sn: s, role: 'violation' as const, amount })), ...involved.map((s) => ({ feedetl_sn: s, role: 'involved' as const }))],
});
const result = (id: string, findings: Finding[]): EvalResult => ({ request_id: id, mdtrt_id: `M${id}`, stage: 'mid', pack: { id: 'p', version: '1', layers: [] }, findings, values: {} }) as unknown as EvalResult;

describe('parseClaims', () => {
  it('reads a JSON array, one object, or JSONL (blank lines skipped)', () => {
    expect(parseClaims('[{"a":1},{"a":2}]').requests).toHaveLength(2);
    expect(parseClaims('{"a":1}').requests).toEqual([{ a: 1 }]);
    const j = parseClaims('{"a":1}\n\n{"a":2}\n');
    expect(j).toEqual({ requests: [{ a: 1 }, { a: 2 }], errors: [] });
  });
  it('names the line that is not JSON or not an object, and refuses an empty file', () => {
    expect(parseClaims('{"a":1}\n{ "enc": \n[1]').errors).toEqual(['line 2: not valid JSON / 第 2 行不是有效的 JSON', 'line 3: not a request object / 第 3 行不是请求对象']);
    expect(parseClaims('  \n').errors).toHaveLength(1);
  });
});

describe('claimsDelta', () => {
  it('a finding on other violation lines counts as one gone and one new; involved lines do not matter', () => {
    const before = [result('R1', [finding('A', ['1'], 10), finding('B', ['2'], 5, ['9'])])];
    const after = [result('R1', [finding('A', ['3'], 7.5), finding('B', ['2'], 5)])];
    const d = claimsDelta(before, after);
    expect(d.requests).toBe(1);
    expect(d.rules).toHaveLength(1);
    expect(d.rules[0]).toMatchObject({ rule: 'A', moneyAppeared: 7.5, moneyDisappeared: 10 });
    expect(d.rules[0]!.appeared.map((x) => x.request)).toEqual(['R1']);
  });
  it('a request either version could not evaluate is reported, not compared', () => {
    const d = claimsDelta([{ line: 1, error: { message: 'no encounter' } }], [result('R1', [finding('A', ['1'], 1)])]);
    expect(d.failed).toEqual(['R1: no encounter']);
    expect(d.rules).toEqual([]);
  });
  it('law: the same results on both sides change nothing; swapping sides swaps appear and disappear', () => {
    const arbFindings = fc.array(fc.record({ rule: fc.constantFrom('A', 'B', 'C'), sn: fc.constantFrom('1', '2', '3'), amt: fc.integer({ min: 0, max: 10000 }) }), { maxLength: 5 })
      .map((xs) => xs.map((x) => finding(x.rule, [x.sn], x.amt / 100)));
    const arbResults = fc.array(arbFindings, { minLength: 1, maxLength: 4 }).map((rs) => rs.map((f, i) => result(`R${i}`, f)));
    fc.assert(fc.property(arbResults, arbResults, (a, b) => {
      expect(claimsDelta(a, a).rules).toEqual([]);
      const n = Math.min(a.length, b.length);
      const ab = claimsDelta(a.slice(0, n), b.slice(0, n));
      const ba = claimsDelta(b.slice(0, n), a.slice(0, n));
      const sum = (d: typeof ab, k: 'moneyAppeared' | 'moneyDisappeared') => Math.round(d.rules.reduce((s, r) => s + r[k], 0) * 100);
      expect(sum(ab, 'moneyAppeared')).toBe(sum(ba, 'moneyDisappeared'));
      expect(ab.rules.reduce((s, r) => s + r.appeared.length, 0)).toBe(ba.rules.reduce((s, r) => s + r.disappeared.length, 0));
    }));
  });
});
