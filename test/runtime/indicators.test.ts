import { describe, it, expect } from 'vitest';
import { loadPack, evaluate, evaluateStream } from '../../runtime/index.js';
import { artifact, rule, forStep, when, feedetail, get, v, lit, bin, request, line, root, letStep } from './fixtures.js';
import type { Expr } from '../../runtime/artifact/ir-node.js';
import type { IrIndicator, IrCompute } from '../../runtime/artifact/ir.js';
import { contentHash } from '../../runtime/artifact/canonical.js';

const SP = { file: 0, start: 0, end: 1 };
const total: Expr = { k: 'agg', fn: 'sum', v: 0, src: feedetail, where: null, el: get(v(0), 'det_item_fee_sumamt', 'dec'), d: 'dec' };
const ind = (name: string, value: Expr, where: Expr | null = null): IrIndicator =>
  ({ name, title: name, type: 'money', d: 'dec', vars: ['x'], per: [], where, value, span: SP, provenance: [] });
const comp = (name: string, value: Expr): IrCompute => ({ name, title: name, type: 'money', effective: null, vars: [], steps: [], value, span: SP, provenance: [] });

describe('indicators, computes and history', () => {
  it('reads per-request indicators and computes by name', () => {
    const a = artifact({
      indicators: [ind('total', total)],
      computes: [comp('half', bin('/', { k: 'indicator', name: 'total' }, lit('dec', '2'), 'dec'))],
      rules: [rule('I1', { steps: [when(bin('>', { k: 'indicator', name: 'half' }, lit('dec', '10'), 'dec'))], flag: [root('encounter')], amount: { k: 'indicator', name: 'half' } })],
    });
    const pack = loadPack(a).value!;
    const hit = evaluate(pack, request([line('1', 'A', 15.01), line('2', 'B', 5.005)]));
    expect(hit.findings.map((f) => f.amount)).toEqual([10.01]); // 20.015 / 2 = 10.0075 → 10.01
    expect(hit.values).toEqual({ half: 10.01 });
    expect(evaluate(pack, request([line('1', 'A', 15)])).findings).toEqual([]);
  });
  it('an indicator whose where fails is none', () => {
    const a = artifact({
      indicators: [ind('t', total, lit('bool', false))],
      rules: [rule('I2', { steps: [when({ k: 'isnone', e: { k: 'indicator', name: 't' }, neg: false })], flag: [root('encounter')] })],
    });
    expect(evaluate(loadPack(a).value!, request([])).findings.length).toBe(1);
  });
  it('iterates history encounters (分解住院 style)', () => {
    const hist = [{ mdtrt_id: 'H1', med_type: '21', endtime: '2025-03-01 10:00:00', feedetail: [] }, { mdtrt_id: 'H2', med_type: '21', endtime: '2024-01-01 10:00:00' }];
    const days: Expr = { k: 'call', fn: 'days', args: [get(v(0), 'endtime', 'datetime'), get(root('encounter'), 'begntime', 'datetime')], d: 'int' };
    const r = rule('H1', { steps: [forStep(0, root('history')), letStep(1, days), when({ k: 'range', e: v(1), lo: lit('int', 0), hi: lit('int', 15), neg: false, d: 'int' })], flag: [root('encounter')], message: { k: 'tmpl', parts: ['距上次出院 ', v(1), ' 天'] } });
    for (const mode of ['compiled', 'interpreter'] as const) {
      const res = evaluate(loadPack(artifact({ rules: [r] }), { mode }).value!, request([], { history: hist }));
      expect(res.findings.map((f) => f.message)).toEqual(['距上次出院 2 天']);
    }
  });
  it('validates requests against the claim schema in the artifact', () => {
    const a = artifact({ rules: [] });
    a.claimSchema = { type: 'object', properties: { encounter: { type: 'object', required: ['mdtrt_id'], properties: { feedetail: { type: 'array', items: { type: 'object', properties: { cnt: { type: 'number' } } } } } } } };
    a.hash = contentHash(a as never);
    const pack = loadPack(a).value!;
    const rq = request([line('1', 'A', 1, { cnt: 'two' })]);
    expect(() => evaluate(pack, rq)).toThrow();
    try {
      evaluate(pack, rq);
    } catch (e) {
      expect(e).toMatchObject({ code: 'bad-request', path: '/encounter/feedetail/0/cnt' });
    }
  });
  it('streams from an async source of objects', async () => {
    const pack = loadPack(artifact({ rules: [] })).value!;
    async function* src() {
      yield request([]);
      yield { request_id: 'bad' };
      yield { ...request([]), request_id: 'R9' };
    }
    const out = [];
    for await (const r of evaluateStream(pack, src())) out.push('error' in r ? `E${r.line}:${r.request_id}` : r.request_id);
    expect(out).toEqual(['R1', 'E2:bad', 'R9']);
  });
});
