// Law: for any IR expression and any request, generated code ≡ the reference interpreter.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { loadPack, evaluate } from '../../runtime/index.js';
import { interpretRule } from '../../runtime/eval/rule-runner.js';
import { makeCtx } from '../../runtime/eval/run-ctx.js';
import type { CompiledRules } from '../../runtime/eval/rule-code.js';
import { dayFromText } from '../../runtime/values/dates.js';
import { compileRule, compileRules } from '../../runtime/codegen/generate.js';
import type { Expr } from '../../runtime/artifact/ir-node.js';
import { artifact, rule, forStep, letStep, when, feedetail, get, v, lit, bin, call, root, tmpl, param, table, request } from './fixtures.js';

const lookup: Expr = { k: 'lookup', table: 't', keys: [get(v(0), 'med_list_codg', 'str')] };
const field = (of: Expr, f: string): Expr => ({ k: 'field', of, field: f });
const decText = fc.tuple(fc.integer({ min: -500, max: 500 }), fc.integer({ min: 0, max: 999 })).map(([i, f]) => `${i}.${String(f).padStart(3, '0')}`);
const codes = fc.constantFrom('A', 'B', 'C', '');

const { dec, int, str, bool } = fc.letrec<{ dec: Expr; int: Expr; str: Expr; bool: Expr }>((tie) => ({
  dec: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(get(v(0), 'pric', 'dec'), get(v(0), 'det_item_fee_sumamt', 'dec'), { k: 'param', name: 'limit' } as Expr, field(lookup, 'max'), lit('dec', null)),
    decText.map((t) => lit('dec', t)),
    fc.tuple(fc.constantFrom('+', '-', '*', '/'), tie('dec'), tie('dec')).map(([op, l, r]) => bin(op, l, r, 'dec')),
    fc.tuple(fc.constantFrom('+', '*', '<'), tie('int'), tie('dec')).map(([op, l, r]) => bin(op, l, r, 'dec')), // int promoted to dec
    tie('dec').map((e) => ({ k: 'neg', e, d: 'dec' }) as Expr),
    fc.tuple(tie('dec'), tie('dec')).map(([l, r]) => ({ k: 'coalesce', l, r }) as Expr),
    fc.tuple(tie('bool'), tie('dec'), tie('dec')).map(([c, a, b]) => ({ k: 'if', c, a, b }) as Expr),
    fc.tuple(fc.constantFrom('sum', 'min', 'max', 'first'), fc.option(tie('bool'), { nil: null })).map(([fn, where]) =>
      ({ k: 'agg', fn, v: 2, src: feedetail, where, el: get(v(2), 'pric', 'dec'), d: 'dec' }) as Expr),
    tie('dec').map((e) => call('round', [e], 'dec')),
  ),
  int: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(get(v(0), 'cnt', 'int'), call('size', [feedetail], 'int'), call('age', [get(root('patient'), 'brdy', 'date'), call('as_of', [], 'date')], 'int'),
      call('days', [get(root('encounter'), 'begntime', 'datetime'), get(v(0), 'fee_ocur_time', 'datetime')], 'int')),
    fc.integer({ min: -5, max: 5 }).map((n) => lit('int', n)),
    fc.tuple(fc.constantFrom('+', '-', '*', '/'), tie('int'), tie('int')).map(([op, l, r]) => bin(op, l, r, 'int')),
    fc.option(tie('bool'), { nil: null }).map((where) => ({ k: 'agg', fn: 'count', v: 2, src: feedetail, where, el: v(2), d: 'int' }) as Expr),
    fc.constant(call('size', [{ k: 'agg', fn: 'distinct', v: 2, src: feedetail, where: null, el: get(v(2), 'med_list_codg', 'str'), d: 'str' } as Expr], 'int')),
  ),
  str: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(get(v(0), 'med_list_codg', 'str'), call('main_diag', [root('encounter')], 'str'), call('icd3', [call('main_diag', [root('encounter')], 'str')], 'str')),
    codes.map((c) => lit('str', c === '' ? null : c)),
    fc.tuple(tie('str'), tie('str')).map(([l, r]) => ({ k: 'coalesce', l, r }) as Expr),
    fc.tuple(tie('str'), tie('int')).map(([s, n]) => call('prefix', [s, n], 'str')),
    fc.tuple(tie('str'), tie('dec'), tie('int')).map(([a, b, c]) => tmpl('s=', a, ' d=', b, ' i=', c)),
  ),
  bool: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(fc.constantFrom('==', '!=', '<', '<=', '>', '>='), tie('dec'), tie('dec')).map(([op, l, r]) => bin(op, l, r, 'dec')),
    fc.tuple(fc.constantFrom('==', '!=', '<', '>='), tie('int'), tie('int')).map(([op, l, r]) => bin(op, l, r, 'int')),
    fc.tuple(fc.constantFrom('==', '!='), tie('str'), tie('str')).map(([op, l, r]) => bin(op, l, r, 'str')),
    fc.tuple(tie('bool'), tie('bool')).map(([l, r]) => ({ k: 'and', l, r }) as Expr),
    fc.tuple(tie('bool'), tie('bool')).map(([l, r]) => ({ k: 'or', l, r }) as Expr),
    tie('bool').map((e) => ({ k: 'not', e }) as Expr),
    fc.tuple(tie('dec'), fc.boolean()).map(([e, neg]) => ({ k: 'isnone', e, neg }) as Expr),
    fc.tuple(tie('str'), fc.boolean()).map(([e, neg]) => ({ k: 'in', e, neg, coll: { k: 'set', d: 'str', items: [lit('str', 'A'), lit('str', 'C')] } }) as Expr),
    fc.tuple(tie('dec'), tie('dec'), tie('dec'), fc.boolean()).map(([e, lo, hi, neg]) => ({ k: 'range', e, lo, hi, neg, d: 'dec' }) as Expr),
    fc.tuple(fc.constantFrom('any', 'all'), tie('bool')).map(([fn, el]) => ({ k: 'agg', fn, v: 2, src: feedetail, where: null, el, d: 'bool' }) as Expr),
    fc.tuple(tie('str'), tie('str')).map(([s, p]) => call('starts_with', [s, p], 'bool')),
    fc.constant(call('contains', [call('diag_codes', [root('encounter')], 'set'), lit('str', 'I63.900')], 'bool')),
    fc.tuple(fc.constantFrom('<', '>=', '=='), fc.constantFrom('2025-03-03', '2025-03-04')).map(([op, day]) => bin(op, get(v(0), 'fee_ocur_time', 'datetime'), lit('date', day), 'datetime')),
  ),
}));

const money = fc.oneof(fc.integer({ min: -1000, max: 100000 }).map((n) => n / 100), fc.constantFrom(null, '', '12.345', 'x'));
const feeLine = fc.record({
  feedetl_sn: fc.integer({ min: 1, max: 99 }).map(String),
  med_list_codg: codes,
  pric: money,
  det_item_fee_sumamt: money,
  cnt: fc.oneof(fc.integer({ min: -3, max: 9 }), fc.constantFrom('2', null)),
  fee_ocur_time: fc.constantFrom('2025-03-03 10:00:00', '2025-03-05', '', 'bad'),
});
const req = fc.array(feeLine, { maxLength: 4 }).map((lines) => request(lines));

const T = table('t', [['code', 'str', true], ['max', 'dec', false]], [['A', '10'], ['B', null]]);

type Req = ReturnType<typeof request>;
function runBoth(e: Expr, rq: Req) {
  const r = rule('P1', { steps: [forStep(0, feedetail), letStep(1, e)], flag: [v(0)] });
  const a = artifact({ rules: [r], params: [param('limit', 'dec', '20.5')], tables: [T] });
  const pack = loadPack(a).value!;
  const ctxA = makeCtx(pack, rq, dayFromText('2025-03-10')!, pack.params, dayFromText);
  const ctxB = makeCtx(pack, rq, dayFromText('2025-03-10')!, pack.params, dayFromText);
  const got: unknown[] = [], want: unknown[] = [];
  compileRule(r).run(ctxA, (vars) => got.push(vars[1]));
  interpretRule(r).run(ctxB, (vars) => want.push(vars[1]));
  return [got, want];
}

describe('generated code', () => {
  for (const [name, arb] of Object.entries({ dec, int, str, bool })) {
    it(`agrees with the interpreter on random ${name} expressions`, () => {
      fc.assert(fc.property(arb, req, (e, rq) => {
        const [got, want] = runBoth(e, rq);
        expect(got).toEqual(want);
      }), { numRuns: 150 });
    });
  }
  it('fuses rules that start with a pass over the fee lines, keeping rule order', () => {
    const r1 = rule('F1', { steps: [forStep(0, feedetail), when(bin('>', get(v(0), 'pric', 'dec'), lit('dec', '1'), 'dec'))], flag: [v(0)] });
    const r2 = rule('F2', { steps: [forStep(0, feedetail)], flag: [v(0)] });
    expect(compileRules([r1, r2], { fuse: true }).fused?.indexes).toEqual([0, 1]);
    expect(compileRules([r1, r2]).fused).toBeNull(); // off unless asked for (it measured slower)
  });
  it('never pastes artifact text into code', () => {
    const evil = "x'); globalThis.pwned = 1; ('";
    const r = rule('E1', { steps: [forStep(0, feedetail), when(bin('==', get(v(0), 'med_list_codg', 'str'), lit('str', evil), 'str'))], flag: [v(0)] });
    const pack = loadPack(artifact({ rules: [r] }));
    expect(pack.value).not.toBeNull(); // the literal is legal text…
    const ctx = makeCtx(pack.value!, request([{ feedetl_sn: '1', med_list_codg: evil }]), 20000, pack.value!.params, dayFromText);
    const out: unknown[] = [];
    compileRule(r).run(ctx, (vars) => out.push(vars[0]));
    expect(out.length).toBe(1); // …compared as data
    expect((globalThis as Record<string, unknown>)['pwned']).toBeUndefined();
  });
});

describe('compiled and interpreted packs', () => {
  const lk: Expr = { k: 'lookup', table: 't', keys: [get(v(0), 'med_list_codg', 'str')] };
  const rules = [
    rule('C1', { steps: [forStep(0, feedetail), letStep(1, lk), when(bin('>', get(v(0), 'pric', 'dec'), field(v(1), 'max'), 'dec'))], flag: [v(0)], message: tmpl(get(v(0), 'pric', 'dec'), '>', field(v(1), 'max')) }),
    rule('C2', { steps: [when(bin('>', { k: 'agg', fn: 'count', v: 0, src: feedetail, where: null, el: v(0), d: 'int' } as Expr, lit('int', 1), 'int'))], flag: [feedetail], involve: [] }),
    rule('C3', { steps: [forStep(0, feedetail), forStep(1, feedetail), when(bin('==', get(v(0), 'med_list_codg', 'str'), get(v(1), 'med_list_codg', 'str'), 'str')), when(bin('<', get(v(0), 'feedetl_sn', 'str'), get(v(1), 'feedetl_sn', 'str'), 'str'))], flag: [v(1)], involve: [v(0)] }),
    rule('C4', { steps: [forStep(0, feedetail), when(bin('>=', get(v(0), 'det_item_fee_sumamt', 'dec'), { k: 'param', name: 'limit' }, 'dec'))], flag: [v(0)], amount: bin('-', get(v(0), 'det_item_fee_sumamt', 'dec'), { k: 'param', name: 'limit' }, 'dec'), state: 'shadow' }),
  ];
  const a = artifact({ rules, params: [param('limit', 'dec', '20.5')], tables: [T] });
  it('give the same results for random requests', () => {
    const compiled = loadPack(a).value!;
    const fused = loadPack(a).value!;
    fused.compiled = compileRules(fused.rules, { fuse: true });
    const interp = loadPack(a, { mode: 'interpreter' }).value!;
    expect((fused.compiled as CompiledRules).fused?.indexes).toEqual([0, 2, 3]);
    fc.assert(fc.property(req, (rq) => {
      const want = evaluate(interp, rq);
      expect(evaluate(compiled, rq)).toEqual(want);
      expect(evaluate(fused, rq)).toEqual(want);
    }), { numRuns: 200 });
  });
});

describe('compiled finding expressions', () => {
  it('build the same finding as the interpreter (flag, involve, amount, message)', async () => {
    const { buildFinding } = await import('../../runtime/eval/findings.js');
    const { findingCode } = await import('../../runtime/codegen/finding-code.js');
    fc.assert(fc.property(dec, str, req, (amount, msg, rq) => {
      const r = rule('P2', {
        steps: [forStep(0, feedetail), letStep(1, lookup)],
        flag: [v(0)], involve: [feedetail], amount, message: tmpl('m ', msg, ' ', amount),
      });
      const a = artifact({ rules: [r], params: [param('limit', 'dec', '20.5')], tables: [T] });
      const pack = loadPack(a).value!;
      const code = findingCode(pack.rules[0]);
      expect(code).not.toBeNull();
      const ctx = makeCtx(pack, rq, dayFromText('2025-03-10')!, pack.params, dayFromText);
      const lines = rq.encounter.feedetail as unknown[];
      for (const l of lines) {
        const vars = [l, ctx.lookup('t', [(l as { med_list_codg: unknown }).med_list_codg || undefined])];
        let want: unknown, got: unknown;
        try { want = buildFinding(pack.rules[0], 'definite', ctx, [...vars]); } catch (e) { want = String(e); }
        try { got = buildFinding(pack.rules[0], 'definite', ctx, [...vars], code); } catch (e) { got = String(e); }
        expect(got).toEqual(want);
      }
    }), { numRuns: 150 });
  });
});

describe('generated group and aggregate loops', () => {
  const byExpr = fc.constantFrom<Expr>(
    get(v(2), 'med_list_codg', 'str'), call('date', [get(v(2), 'fee_ocur_time', 'datetime')], 'date'), get(v(2), 'det_item_fee_sumamt', 'dec'),
  );
  it('group pipelines emit the same bindings as the interpreter', () => {
    fc.assert(fc.property(byExpr, byExpr, fc.option(bool, { nil: null }), req, (by1, by2, where, rq) => {
      const g1: Expr = { k: 'group', v: 2, src: feedetail, by: by1, where, el: v(2) } as unknown as Expr;
      const g2: Expr = { k: 'group', v: 2, src: field(v(0), 'items'), by: by2, where: null, el: v(2) } as unknown as Expr;
      const sum: Expr = { k: 'agg', fn: 'sum', v: 2, src: field(v(1), 'items'), where, el: get(v(2), 'pric', 'dec'), d: 'dec' } as Expr;
      const r = rule('G1', { vars: ['d', 'g', 'l', 's'], steps: [forStep(0, g1), forStep(1, g2), letStep(3, sum)], flag: [field(v(1), 'items')] });
      const a = artifact({ rules: [r], params: [param('limit', 'dec', '20.5')], tables: [T] });
      const pack = loadPack(a).value!;
      const run = (code: { run: (c: never, e: (vars: unknown[]) => void) => void }) => {
        const ctx = makeCtx(pack, rq, dayFromText('2025-03-10')!, pack.params, dayFromText);
        const out: unknown[] = [];
        try { code.run(ctx as never, (vars) => out.push([vars[0], vars[1], vars[3]])); } catch (e) { out.push(String(e)); }
        return out;
      };
      expect(run(compileRule(pack.rules[0]))).toEqual(run(interpretRule(pack.rules[0])));
    }), { numRuns: 150 });
  });
});

describe('request-invariant slots and indexed comprehensions', () => {
  const code = (e: Expr) => get(e, 'med_list_codg', 'str');
  const day = (e: Expr) => call('date', [get(e, 'fee_ocur_time', 'datetime')], 'date');
  const eq = (l: Expr, r: Expr, d = 'str'): Expr => bin('==', l, r, d);
  const and = (l: Expr, r: Expr): Expr => ({ k: 'and', l, r }) as Expr;
  // Filters that equate a function of the element (v2) with something outside it — the shape the
  // writer answers from a hash index — mixed with filters it cannot index.
  const filter = fc.constantFrom<Expr>(
    eq(code(v(2)), code(v(0))),
    and(eq(code(v(2)), code(v(0))), eq(day(v(2)), day(v(0)), 'date')),
    and(eq(day(v(2)), day(v(0)), 'date'), bin('<', get(v(2), 'feedetl_sn', 'str'), get(v(0), 'feedetl_sn', 'str'), 'str')),
    eq(code(v(0)), code(v(2))), // element on the right
    and(eq(code(v(2)), lit('str', 'A')), eq(get(v(2), 'pric', 'dec'), get(v(0), 'pric', 'dec'), 'dec')),
    eq(get(v(2), 'det_item_fee_sumamt', 'dec'), { k: 'param', name: 'limit' } as Expr, 'dec'),
    bin('!=', code(v(2)), code(v(0)), 'str'), // not an equality: no index
  );
  const fns = fc.constantFrom('first', 'any', 'count', 'list', 'sum');
  const elFor = (fn: string): Expr => (fn === 'any' ? eq(code(v(2)), lit('str', 'B')) : fn === 'sum' ? get(v(2), 'pric', 'dec') : fn === 'count' ? v(2) : code(v(2)));
  it('an indexed comprehension finds exactly what the interpreter finds', () => {
    fc.assert(fc.property(fns, filter, req, (fn, where, rq) => {
      const comp: Expr = { k: 'agg', fn, v: 2, src: feedetail, where, el: elFor(fn), d: fn === 'count' ? 'int' : fn === 'any' ? 'bool' : fn === 'sum' ? 'dec' : 'str' } as Expr;
      const r = rule('J1', { vars: ['l', 'o', 'x'], steps: [forStep(0, feedetail), letStep(1, comp)], flag: [v(0)] });
      const pack = loadPack(artifact({ rules: [r], params: [param('limit', 'dec', '20.5')], tables: [T] })).value!;
      const run = (c: { run: (ctx: never, e: (vars: unknown[]) => void) => void }) => {
        const ctx = makeCtx(pack, rq, dayFromText('2025-03-10')!, pack.params, dayFromText);
        const out: unknown[] = [];
        c.run(ctx as never, (vars) => out.push([vars[0], vars[1]]));
        return out;
      };
      expect(run(compileRule(pack.rules[0]))).toEqual(run(interpretRule(pack.rules[0])));
    }), { numRuns: 300 });
  });
  it('uses the index for equalities with the element and not otherwise', async () => {
    const { CodeWriter, SlotTable } = await import('../../runtime/codegen/emit-expr.js');
    const src = (where: Expr) => new CodeWriter('', new SlotTable()).expr({ k: 'agg', fn: 'first', v: 2, src: feedetail, where, el: v(2), d: 'record' } as Expr);
    expect(src(and(eq(code(v(2)), code(v(0))), eq(day(v(2)), day(v(0)), 'date')))).toContain('g_m.set(');
    expect(src(bin('!=', code(v(2)), code(v(0)), 'str'))).not.toContain('g_m.set(');
    expect(src(eq(code(v(0)), code(v(1))))).not.toContain('g_m.set('); // no element on either side
  });
  it('computes an expression shared by several rules once per request', () => {
    let calls = 0;
    const total: Expr = { k: 'agg', fn: 'sum', v: 1, src: feedetail, where: null, el: get(v(1), 'pric', 'dec'), d: 'dec' } as Expr;
    // The same total written with another variable number in the second rule (alpha-equivalent).
    const total2: Expr = { k: 'agg', fn: 'sum', v: 3, src: feedetail, where: null, el: get(v(3), 'pric', 'dec'), d: 'dec' } as Expr;
    const r1 = rule('S1', { vars: ['l', 'x'], steps: [forStep(0, feedetail), when(bin('>', total, lit('dec', '0'), 'dec'))], flag: [v(0)] });
    const r2 = rule('S2', { vars: ['l', 'a', 'b', 'y'], steps: [forStep(0, feedetail), when(bin('<', total2, lit('dec', '100000'), 'dec'))], flag: [v(0)] });
    const pack = loadPack(artifact({ rules: [r1, r2] })).value!;
    const lines = [{ feedetl_sn: '1', pric: 3 }, { feedetl_sn: '2', pric: 4 }, { feedetl_sn: '3', pric: 5 }];
    // Count reads of `pric`: the total is summed once (3 reads) for both rules and every line.
    const counted = lines.map((l) => new Proxy(l, { get: (o, k) => { if (k === 'pric') calls++; return Reflect.get(o, k); } }));
    const rq = request(counted as never);
    const compiled = evaluate(pack, rq);
    expect(compiled.findings.map((f) => f.rule_id)).toEqual(['S1', 'S1', 'S1', 'S2', 'S2', 'S2']);
    expect(calls).toBe(lines.length);
    const interp = evaluate(loadPack(artifact({ rules: [r1, r2] }), { mode: 'interpreter' }).value!, request(lines as never));
    expect(compiled).toEqual(interp);
  });
});

describe('comprehension variables', () => {
  it('are lexical: an inner comprehension reusing the variable number leaves the outer element alone', () => {
    // sum(pric of x for x in lines where count(x for x in lines) > 0): the inner count rebinds v2.
    const inner: Expr = { k: 'agg', fn: 'count', v: 2, src: feedetail, where: null, el: v(2), d: 'int' } as Expr;
    const outer: Expr = { k: 'agg', fn: 'sum', v: 2, src: feedetail, where: bin('>', inner, lit('int', 0), 'int'), el: get(v(2), 'pric', 'dec'), d: 'dec' } as Expr;
    const r = rule('L1', { vars: ['l', 's', 'x'], steps: [forStep(0, feedetail), letStep(1, outer)], flag: [v(0)], amount: v(1) });
    const a = artifact({ rules: [r] });
    const rq = request([{ feedetl_sn: '1', pric: 1 }, { feedetl_sn: '2', pric: 2 }] as never);
    for (const mode of ['compiled', 'interpreter'] as const) {
      const res = evaluate(loadPack(a, { mode }).value!, rq);
      expect(res.findings.map((f) => f.amount)).toEqual([3, 3]);
    }
  });
});

describe('per-item columns', () => {
  it('share an expression of one fee line between rules, and agree with the interpreter', () => {
    const code = get(v(0), 'med_list_codg', 'str');
    const day = call('date', [get(v(0), 'fee_ocur_time', 'datetime')], 'date');
    const r1 = rule('K1', { steps: [forStep(0, feedetail), when(bin('==', code, lit('str', 'A'), 'str'))], flag: [v(0)] });
    const r2 = rule('K2', { steps: [forStep(0, feedetail), letStep(1, day), when(bin('!=', code, lit('str', 'B'), 'str'))], flag: [v(0)] });
    const r3 = rule('K3', { vars: ['l', 'm'], steps: [forStep(0, feedetail), forStep(1, feedetail), when(bin('==', day, call('date', [get(v(1), 'fee_ocur_time', 'datetime')], 'date'), 'date'))], flag: [v(1)] });
    const sources: string[] = [];
    const real = globalThis.Function;
    const spy = function (...args: string[]) { sources.push(args[args.length - 1]); return real(...args); } as unknown as FunctionConstructor;
    globalThis.Function = spy;
    try { compileRules([r1, r2, r3]); } finally { globalThis.Function = real; }
    // The line's code is read through a column in K1 and K2; the day in K2 and twice in K3.
    expect(sources.filter((s) => /C\d+\[i_v0\]/.test(s))).toHaveLength(3);
    expect(sources[2]).toMatch(/C\d+\[i_v1\]/);
    const a = artifact({ rules: [r1, r2, r3] });
    const compiled = loadPack(a).value!, interp = loadPack(a, { mode: 'interpreter' }).value!;
    fc.assert(fc.property(req, (rq) => {
      expect(evaluate(compiled, rq)).toEqual(evaluate(interp, rq));
    }), { numRuns: 200 });
  });
});
