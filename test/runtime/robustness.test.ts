// Law: whatever JSON arrives, evaluation answers with a result or a bad-request error in its place,
// never a crash, and never a rule failure.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { loadPack, evaluateOne } from '../../runtime/index.js';
import { artifact, rule, forStep, letStep, when, feedetail, get, v, lit, bin, call, root, tmpl, param, table } from './fixtures.js';
import type { Expr } from '../../runtime/artifact/ir-node.js';

const lk: Expr = { k: 'lookup', table: 't', keys: [get(v(0), 'med_list_codg', 'str')] };
const rules = [
  rule('X1', { steps: [forStep(0, feedetail), letStep(1, lk), when(bin('>', get(v(0), 'pric', 'dec'), { k: 'field', of: v(1), field: 'max' }, 'dec'))], flag: [v(0)], message: tmpl(get(v(0), 'med_list_name', 'str'), get(v(0), 'pric', 'dec')) }),
  rule('X2', { steps: [when(bin('>', call('age', [get(root('patient'), 'brdy', 'date'), call('as_of', [], 'date')], 'int'), lit('int', 60), 'int'))], flag: [root('encounter')] }),
  rule('X3', { steps: [forStep(0, root('history')), forStep(1, get(v(0), 'feedetail', 'list')), when(bin('==', get(v(1), 'med_list_codg', 'str'), lit('str', 'A'), 'str'))], flag: [v(1)] }),
  rule('X4', { steps: [letStep(0, call('main_diag', [root('encounter')], 'str')), when(bin('==', call('icd3', [v(0)], 'str'), lit('str', 'I63'), 'str'))], flag: [root('encounter')], amount: { k: 'agg', fn: 'sum', v: 1, src: feedetail, where: null, el: get(v(1), 'det_item_fee_sumamt', 'dec'), d: 'dec' } }),
];
const a = artifact({ rules, params: [param('limit', 'dec', '1')], tables: [table('t', [['code', 'str', true], ['max', 'dec', false]], [['A', '1']])] });

const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('2025-03-03', '2025-03-03 10:00:00', '1.5', 'A', ''));
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), scalar, { maxKeys: 3 }));
const lineArb = fc.record({ feedetl_sn: value, med_list_codg: value, pric: value, det_item_fee_sumamt: value, med_list_name: value }, { requiredKeys: [] });
const enc = fc.record({
  mdtrt_id: value, med_type: value, setl_time: fc.oneof(value, fc.constant('2025-03-10 15:12:08')), begntime: value,
  feedetail: fc.oneof(value, fc.array(lineArb, { maxLength: 4 })), diseinfo: fc.oneof(value, fc.array(fc.record({ diag_code: value, maindiag_flag: value }), { maxLength: 2 })),
}, { requiredKeys: [] });
const reqArb = fc.oneof(
  fc.record({ request_id: value, patient: fc.oneof(value, fc.record({ brdy: value, gend: value }, { requiredKeys: [] })), encounter: fc.oneof(value, enc), history: fc.oneof(value, fc.array(enc, { maxLength: 2 })) }, { requiredKeys: [] }),
  value,
);

describe('robustness', () => {
  for (const mode of ['compiled', 'interpreter'] as const) {
    it(`answers every input in place (${mode})`, () => {
      const pack = loadPack(a, { mode }).value!;
      fc.assert(fc.property(reqArb, fc.boolean(), (rq, explain) => {
        const r = evaluateOne(pack, rq, 1, { explain });
        if ('error' in r) expect(['bad-request', 'bad-json']).toContain(r.error.code); // a string is read as JSON text
        else expect(r.notices?.filter((n) => n.code === 'rule-failed') ?? []).toEqual([]);
      }), { numRuns: Number(process.env.LK_RUNS ?? 300) });
    });
  }
});
