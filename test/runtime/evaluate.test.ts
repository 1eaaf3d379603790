import { describe, it, expect } from 'vitest';
import { loadPack, evaluate, evaluateStream, type LoadedPack } from '../../runtime/index.js';
import { artifact, rule, forStep, letStep, when, feedetail, get, v, lit, bin, tmpl, param, table, request, line, root, call } from './fixtures.js';
import type { Expr } from '../../runtime/artifact/ir-node.js';
import type { Artifact } from '../../runtime/artifact/ir.js';
import { contentHash } from '../../runtime/artifact/canonical.js';

const lookup = (t: string, keys: Expr[]): Expr => ({ k: 'lookup', table: t, keys });
const field = (of: Expr, f: string): Expr => ({ k: 'field', of, field: f });

// Lines whose drug is in drug_limit with max_price below the unit price.
const priceRule = rule('R001', {
  steps: [
    forStep(0, feedetail),
    letStep(1, lookup('drug_limit', [get(v(0), 'med_list_codg', 'str')])),
    when({ k: 'isnone', e: v(1), neg: true }),
    when(bin('>', get(v(0), 'pric', 'dec'), field(v(1), 'max_price'), 'dec')),
  ],
  flag: [v(0)],
  message: tmpl(get(v(0), 'med_list_name', 'str'), ' 单价 ', get(v(0), 'pric', 'dec'), ' 超过 ', field(v(1), 'max_price')),
});
const bigRule = rule('R002', {
  steps: [forStep(0, feedetail), when(bin('>', get(v(0), 'det_item_fee_sumamt', 'dec'), { k: 'param', name: 'limit' }, 'dec'))],
  flag: [v(0)],
  result: 'suspicious',
});
const claimRule = rule('R003', {
  steps: [when(bin('>', call('age', [get(root('patient'), 'brdy', 'date'), call('as_of', [], 'date')], 'int'), lit('int', 60), 'int'))],
  flag: [root('encounter')],
  amount: lit('dec', '1.005'),
});
const drugLimit = table('drug_limit', [['code', 'str', true], ['max_price', 'dec', false]], [['A', '10.00'], ['B', '5']]);

function load(a: Artifact, mode: 'compiled' | 'interpreter' = 'compiled'): LoadedPack {
  const r = loadPack(a, { mode });
  expect(r.diagnostics).toEqual([]);
  return r.value!;
}

const base = () => artifact({ rules: [priceRule, bigRule, claimRule], params: [param('limit', 'dec', '100')], tables: [drugLimit] });

describe('evaluate', () => {
  for (const mode of ['compiled', 'interpreter'] as const) {
    it(`finds lines, amounts, messages and claim findings (${mode})`, () => {
      const pack = load(base(), mode);
      const res = evaluate(pack, request([line('1', 'A', 12.5, { pric: 12.5 }), line('2', 'B', 150.1, { pric: 4 }), line('3', 'C', 0.1, { pric: 0.1 })]));
      expect(res.findings.map((f) => [f.rule_id, f.lines.map((l) => l.feedetl_sn), f.amount])).toEqual([
        ['R001', ['1'], 12.5],
        ['R002', ['2'], 150.1],
        ['R003', [], 1.01],
      ]);
      expect(res.findings[0].message).toBe('药A 单价 12.50 超过 10.00');
      expect(res.findings[1].result).toBe('suspicious');
      expect(res.findings[0].layer).toBe('test.base@1.0.0');
      expect(res.request_id).toBe('R1');
      expect(res.mdtrt_id).toBe('M1');
    });
  }
  it('skips rules by stage, scene, state and effective period; shadow rules report apart', () => {
    const a = artifact({
      rules: [
        rule('S1', { steps: [], flag: [root('encounter')], stages: ['pre'] }),
        rule('S2', { steps: [], flag: [root('encounter')], scenes: ['outpatient'] }),
        rule('S3', { steps: [], flag: [root('encounter')], state: 'retired' }),
        rule('S4', { steps: [], flag: [root('encounter')], effective: { from: '2026-01-01', to: null } }),
        rule('S5', { steps: [], flag: [root('encounter')], state: 'shadow' }),
        rule('S6', { steps: [], flag: [root('encounter')], scenes: ['inpatient'], excludes: [{ when: bin('==', get(root('patient'), 'gend', 'str'), lit('str', '9'), 'str'), reason: null }] }),
      ],
    });
    const pack = load(a);
    const res = evaluate(pack, request([]));
    expect(res.findings.map((f) => f.rule_id)).toEqual(['S6']);
    expect(res.shadow?.map((f) => f.rule_id)).toEqual(['S5']);
    expect(res.shadow?.[0].explanation?.rule.layer).toBe('test.base@1.0.0'); // shadow findings always carry their explanation
    expect(res.findings[0].explanation).toBeUndefined();
    expect(evaluate(pack, request([]), { stage: 'pre' }).findings.map((f) => f.rule_id)).toEqual(['S1', 'S6']);
    expect(evaluate(pack, request([], { patient: { gend: '9' } })).findings).toEqual([]);
    expect(evaluate(pack, request([], { encounter: { med_type: '11' } })).findings.map((f) => f.rule_id)).toEqual(['S2']);
    expect(evaluate(pack, request([]), { asOf: '2026-02-01' }).findings.map((f) => f.rule_id)).toEqual(['S4', 'S6']);
  });
  it('uses the knowledge row in force at the evaluation date', () => {
    const t = table('drug_limit', [['code', 'str', true], ['max_price', 'dec', false]], [['A', '10'], ['A', '20']], [['2020-01-01', '2024-12-31', null], ['2025-01-01', null, null]]);
    const pack = load(artifact({ rules: [priceRule], tables: [t] }));
    expect(evaluate(pack, request([line('1', 'A', 15, { pric: 15 })])).findings).toEqual([]);
    expect(evaluate(pack, request([line('1', 'A', 15, { pric: 15 })]), { asOf: '2024-06-01' }).findings.length).toBe(1);
  });
  it('binds newer knowledge at load and names the bad row and column', () => {
    const ok = loadPack(base(), { knowledge: { drug_limit: [{ code: 'A', max_price: '20' }] } });
    expect(ok.diagnostics).toEqual([]);
    expect(evaluate(ok.value!, request([line('1', 'A', 12.5, { pric: 12.5 })])).findings.filter((f) => f.rule_id === 'R001')).toEqual([]);
    const bad = loadPack(base(), { knowledge: { drug_limit: [{ code: 'A', max_price: 'x' }, { max_price: '1' }], nope: [] } });
    expect(bad.value).toBeNull();
    const text = bad.diagnostics.map((d) => d.message).join('\n');
    expect(text).toMatch(/drug_limit row 1: column max_price/);
    expect(text).toMatch(/drug_limit row 2: column code/);
    expect(bad.diagnostics.some((d) => d.code === 'knowledge-unknown-table')).toBe(true);
  });
  it('computes values in yuan and reports computes not in force', () => {
    const computes = [
      { name: 'pay', title: 'p', type: 'money', effective: null, vars: ['s'], steps: [letStep(0, { k: 'agg', fn: 'sum', v: 1, src: feedetail, where: null, el: get(v(1), 'det_item_fee_sumamt', 'dec'), d: 'dec' } as Expr)], value: bin('*', v(0), lit('dec', '0.555'), 'dec'), span: { file: 0, start: 0, end: 1 }, provenance: [] },
      { name: 'old', title: 'o', type: 'money', effective: { from: '2000-01-01', to: '2001-01-01' }, vars: [], steps: [], value: lit('dec', '1'), span: { file: 0, start: 0, end: 1 }, provenance: [] },
    ];
    const pack = load(artifact({ computes: computes as never }));
    const res = evaluate(pack, request([line('1', 'A', 10), line('2', 'B', 0.1)]));
    expect(res.values).toEqual({ pay: 5.61, old: null }); // 10.1 × 0.555 = 5.6055 → 5.61
    expect(res.notices?.map((n) => [n.code, n.subject])).toEqual([['not-in-force', 'old']]);
  });
  it('explains findings with steps, knowledge rows and params', () => {
    const pack = load(base());
    const res = evaluate(pack, request([line('1', 'A', 12.5, { pric: 12.5 }), line('2', 'B', 150, { pric: 1 })]), { explain: true });
    const f0 = res.findings[0];
    expect(f0.explanation?.steps.map((s) => s.kind)).toEqual(['for', 'let', 'when', 'when']);
    expect(f0.explanation?.knowledge[0]).toMatchObject({ table: 'drug_limit', key: ['A'], row: { code: 'A', max_price: '10' }, line: 2 });
    expect(res.findings[1].explanation?.params.map((p) => p.name)).toEqual(['limit']);
    expect(res.findings[0].explanation?.steps[0].value).toBe('fee line 1 药A');
    // Each finding lists only the rows its own binding read.
    const two = evaluate(pack, request([line('1', 'A', 12.5, { pric: 12.5 }), line('2', 'B', 9, { pric: 9 })]), { explain: true });
    expect(two.findings.filter((f) => f.rule_id === 'R001').map((f) => f.explanation?.knowledge.map((k) => k.key))).toEqual([[['A']], [['B']]]);
  });
  it('rejects bad requests with a path', () => {
    const pack = load(base());
    expect(() => evaluate(pack, { patient: {} })).toThrow();
    try {
      evaluate(pack, { patient: {} });
    } catch (e) {
      expect(e).toMatchObject({ code: 'bad-request', path: '/encounter' });
    }
  });
  it('streams results in input order with errors in place', async () => {
    const pack = load(base());
    const lines = [JSON.stringify(request([])), '{oops', JSON.stringify({ request_id: 'X', patient: {} }), JSON.stringify({ ...request([]), request_id: 'R3' })];
    const out = [];
    for await (const r of evaluateStream(pack, lines)) out.push(r);
    expect(out.map((r) => ('error' in r ? `E${r.line}:${r.error.code}` : r.request_id))).toEqual(['R1', 'E2:bad-json', 'E3:bad-request', 'R3']);
  });
  it('applies a scenario: include, exclude, regrade and parameter settings', () => {
    const sc = (over: object) => ({ name: 'strict', title: 's', stage: null, scenes: null, include: 'all', exclude: [], regrade: [], set: [], provenance: [], ...over });
    const a = artifact({
      rules: [priceRule, bigRule, claimRule], params: [param('limit', 'dec', '100')], tables: [drugLimit],
      scenarios: [
        sc({ name: 'strict', exclude: ['R001'], regrade: [{ target: 'R002', to: 'definite' }], set: [{ param: 'limit', value: '10' }] }),
        sc({ name: 'only3', include: ['R003'], stage: 'pre' }),
      ] as never,
    });
    const pack = load(a);
    const rq = request([line('1', 'A', 12.5, { pric: 12.5 }), line('2', 'B', 50, { pric: 4 })]);
    expect(evaluate(pack, rq).findings.map((f) => f.rule_id)).toEqual(['R001', 'R003']);
    const strict = evaluate(pack, rq, { scenario: 'strict' });
    expect(strict.findings.map((f) => [f.rule_id, f.result, f.lines.map((l) => l.feedetl_sn)])).toEqual([['R002', 'definite', ['1']], ['R002', 'definite', ['2']], ['R003', 'definite', []]]);
    const only3 = evaluate(pack, rq, { scenario: 'only3' });
    expect([only3.stage, only3.findings.map((f) => f.rule_id)]).toEqual(['pre', ['R003']]);
    expect(() => evaluate(pack, rq, { scenario: 'nope' })).toThrow();
  });
  it('uses the stage grade and notes a pack out of force', () => {
    const r = rule('G1', { flag: [root('encounter')], result: 'suspicious' });
    (r.stageResults as Record<string, string>).pre = 'reminder';
    const a = artifact({ rules: [r] });
    a.manifest.effective = { from: '2030-01-01', to: null };
    a.hash = contentHash(a as never);
    const pack = load(a);
    const res = evaluate(pack, request([]), { stage: 'pre' });
    expect(res.findings[0].result).toBe('reminder');
    expect(evaluate(pack, request([])).findings[0].result).toBe('suspicious');
    expect(res.notices?.map((n) => n.code)).toEqual(['pack-not-in-force']);
  });
  it('promotes an int operand that meets a dec one', () => {
    const days: Expr = call('days', [get(root('encounter'), 'begntime', 'datetime'), get(root('encounter'), 'endtime', 'datetime')], 'int');
    const r = rule('P1', { steps: [forStep(0, feedetail), when(bin('>', days, lit('dec', '6.5'), 'dec'))], flag: [v(0)], amount: bin('*', days, get(v(0), 'pric', 'dec'), 'dec') });
    for (const mode of ['compiled', 'interpreter'] as const) {
      const res = evaluate(load(artifact({ rules: [r] }), mode), request([line('1', 'A', 3, { pric: 1.25 })]));
      expect(res.findings.map((f) => f.amount)).toEqual([8.75]); // 7 days × 1.25
    }
  });
  it('keeps the other findings when one rule fails', () => {
    const pack = load(base());
    const code = pack.compiled as { rules: { run: unknown }[] };
    code.rules[2].run = () => {
      throw new Error('boom');
    };
    const res = evaluate(pack, request([line('1', 'A', 12.5, { pric: 12.5 })]));
    expect(res.findings.map((f) => f.rule_id)).toEqual(['R001']);
    expect(res.notices).toMatchObject([{ code: 'rule-failed', subject: 'R003' }]);
  });
  it('compares a date literal with a datetime field like with like', () => {
    const r = rule('T1', { steps: [forStep(0, feedetail), when(bin('<', get(v(0), 'fee_ocur_time', 'datetime'), lit('date', '2025-03-04'), 'datetime'))], flag: [v(0)] });
    for (const mode of ['compiled', 'interpreter'] as const) {
      const res = evaluate(load(artifact({ rules: [r] }), mode), request([line('1', 'A', 1, { fee_ocur_time: '2025-03-03 23:59:59' }), line('2', 'A', 1, { fee_ocur_time: '2025-03-04 00:00:00' })]));
      expect(res.findings.map((f) => f.lines[0].feedetl_sn)).toEqual(['1']);
    }
  });
  it('distinct gives a set', () => {
    const codes: Expr = { k: 'agg', fn: 'distinct', v: 0, src: feedetail, where: null, el: get(v(0), 'med_list_codg', 'str'), d: 'str' };
    const r = rule('T2', { steps: [when(bin('==', call('size', [codes], 'int'), lit('int', 2), 'int')), when({ k: 'in', e: lit('str', 'B'), coll: codes, neg: false })], flag: [root('encounter')] });
    const res = evaluate(load(artifact({ rules: [r] })), request([line('1', 'A', 1), line('2', 'B', 1), line('3', 'A', 1)]));
    expect(res.findings.length).toBe(1);
  });
});
