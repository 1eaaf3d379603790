// The 3101/3102 mapping both ways (platform request → our requests; our findings → output.result[])
// and the routes over real HTTP against a published pack.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, loadPack, type EvalResult, type Finding, type LoadedPack } from '../../runtime/index.js';
import { mapCall, mapPatient, medinsLevel, stageOfTrigScen, listLevel } from '../../server/platform/map-3101.js';
import { toJudgeResult, toJudgeResults, SEV_DEG, behaviourType } from '../../server/platform/map-result.js';
import { publish, startRegistry, type Registry } from './helpers.js';
import { compileTestPack } from './eval-pack.js';

import { platformCall, order, patientDto } from '../fixtures/platform-3101.js';

let pack: LoadedPack;
beforeAll(async () => {
  pack = loadPack(await compileTestPack('nhsa.audit', '1.0.0', 100)).value!;
}, 60_000);

describe('3101 request → audit requests', () => {
  it('maps the current encounter, its orders as fee lines keyed by rx_id, and the other encounters as history', () => {
    const call = mapCall(platformCall());
    expect(call.problems).toEqual([]);
    expect(call.stage).toBe('pre'); // trig_scen 5 住院执行医嘱
    expect(call.requests).toHaveLength(1);
    const { request, patn_id, mdtrt_id, contextOrders } = call.requests[0]!;
    expect(patn_id).toBe('14000002000000002000123456');
    expect(mdtrt_id).toBe('140900ZY100000012345');
    expect([...contextOrders]).toEqual(['0999']);
    const r = request as { patient: Record<string, unknown>; encounter: Record<string, any>; history: Record<string, any>[] };
    expect(r.patient).toEqual({ psn_no: patn_id, psn_name: '张某', gend: '1', brdy: '1958-02-11', insutype: '390', insu_admdvs: '140902' });
    expect(r.encounter).toMatchObject({
      mdtrt_id, fixmedins_code: 'H14090200123', medins_lv: '1', mdtrtarea_admvs: '140902', med_type: '21', begntime: '2025-03-03 09:20:00',
    });
    expect(r.encounter.endtime).toBeUndefined(); // still in hospital
    expect(r.encounter.setl_time).toBeUndefined();
    // diagnoses sorted by dias_srt_no; the main one first
    expect(r.encounter.diseinfo.map((d: any) => [d.diag_code, d.maindiag_flag])).toEqual([['I63.900', '1'], ['I10.x00', '0']]);
    expect(r.encounter.oprninfo).toEqual([{ oprn_oprt_code: '00.1000', oprn_oprt_name: '某操作', main_oprn_flag: '1', oprn_oprt_date: '2025-03-04', setl_list_oprn_id: 'OP1' }]);
    const line = r.encounter.feedetail[0];
    expect(line).toMatchObject({
      feedetl_sn: '1001', fee_ocur_time: '2025-03-03 10:00:00', med_list_codg: 'XB01', medins_list_codg: 'Y1001', med_list_name: '甲药',
      cnt: 1, pric: 150, det_item_fee_sumamt: 150, med_chrgitm_type: '09', chrgitm_lv: '02', rxno: 'RX1001', drord_no: '1001',
      bilg_dept_codg: 'A03', bilg_dr_codg: 'D0001', dscg_tkdrug_flag: '0', spec: '5ml',
    });
    expect(line.hilist_lv).toBeUndefined();
    expect(r.encounter.feedetail.map((l: any) => l.feedetl_sn)).toEqual(['1001', '1002', '1003', '0999']);
    expect(r.history).toHaveLength(1);
    expect(r.history[0]).toMatchObject({ mdtrt_id: '140900MZ100000000001', med_type: '11', setl_time: '2025-01-05 10:00:00', setlinfo: { medfee_sumamt: 120, hifp_pay: 54 } });
  });

  it('decodes platform codes: medins_lv, hilist_lv, trig_scen', () => {
    expect(['01', '04', '05', '07', '08', '10', '11', '2', '9', ''].map(medinsLevel)).toEqual(['3', '3', '2', '2', '1', '1', '9', '2', '9', undefined]);
    expect(['01', '02', '03', '2', '--', ''].map(listLevel)).toEqual(['01', '02', '03', '02', undefined, undefined]);
    expect(['1', '5', '6', '9', '0', undefined].map(stageOfTrigScen)).toEqual(['pre', 'pre', 'mid', 'mid', undefined, undefined]);
  });

  it('accepts the data object alone, and rule_ids as a comma string', () => {
    const call = mapCall({ ...platformCall().input.data, rule_ids: 'T0001, T0009' });
    expect(call.requests).toHaveLength(1);
    expect([...call.ruleIds!]).toEqual(['T0001', 'T0009']);
  });

  it('names what is wrong: no patient list, a missing current encounter, a bad trig_scen', () => {
    expect(mapCall({ input: {} }).problems[0]).toContain('patient_dtos');
    expect(mapCall(platformCall({ patients: [] })).problems[0]).toContain('non-empty');
    const bad = mapPatient(patientDto({ curr_mdtrt_id: 'NOPE' }) as never, 0);
    expect(bad).toContain('curr_mdtrt_id NOPE');
    expect(mapCall(platformCall({ trig_scen: '12' })).problems[0]).toContain('trig_scen 12');
  });
});

describe('findings → 3101 output', () => {
  const evalCall = (body: unknown) => {
    const call = mapCall(body);
    return { call, outcomes: call.requests.map((m) => ({ mapped: m, result: evaluate(pack, m.request, { stage: 'mid' }) })) };
  };

  it('maps each finding to a result with 违规项/涉及项 details pointing at rx_id, dropping context-only violations', () => {
    const { outcomes } = evalCall(platformCall());
    const raw = (outcomes[0]!.result as EvalResult).findings;
    // the runtime sees the context order 0999 as over the limit too …
    expect(raw.filter((f) => f.rule_id === 'T0001').map((f) => f.lines[0]!.feedetl_sn)).toEqual(['1001', '0999']);
    const { result, problems } = toJudgeResults(outcomes, { taskId: 'T-1', callId: 'MSG-1' });
    expect(problems).toEqual([]);
    // … but only the current order is reported
    expect(result.map((r) => [r.rule_id, r.judge_result_detail_dtos.map((d) => `${d.rx_id}:${d.vola_item_type}`)])).toEqual([
      ['T0001', ['1001:1', '1003:2', '0999:2']],
      ['T0002', ['1002:1']],
    ]);
    const [price, gender] = result;
    expect(price).toMatchObject({
      rule_name: '单价超过上限', vola_cont: '甲药单价150.00元，超过上限100.00元', patn_id: '14000002000000002000123456',
      mdtrt_id: '140900ZY100000012345', vola_amt: 150, vola_amt_stas: '1', sev_deg: '1', vola_evid: '测试依据 第一条',
      vola_bhvr_type: '4', task_id: 'T-1',
    });
    expect(price!.judge_result_detail_dtos.map((d) => d.vola_amt)).toEqual([150, 0, 0]);
    expect(gender).toMatchObject({ sev_deg: '2', vola_bhvr_type: '2', vola_amt: 20 });
    expect(new Set(result.map((r) => r.jr_id)).size).toBe(result.length);
    expect(price!.jr_id.length).toBeLessThanOrEqual(50);
    // stable: the same call gives the same 违规标识 (3103 feedback names it)
    expect(toJudgeResults(outcomes, { taskId: 'T-1', callId: 'MSG-1' }).result[0]!.jr_id).toBe(price!.jr_id);
  });

  it('filters by rule_ids and gives a claim-level finding one detail for the encounter', () => {
    const { outcomes, call } = evalCall(platformCall({ rule_ids: ['T0002'] }));
    expect(toJudgeResults(outcomes, { ruleIds: call.ruleIds }).result.map((r) => r.rule_id)).toEqual(['T0002']);
    const f: Finding = { rule_id: 'C1', rule_name: '提醒', result: 'reminder', class: '管理类/待遇', message: '已达限额', amount: 0, basis: '', lines: [], layer: 'x@1.0.0' };
    const jr = toJudgeResult(f, { patn_id: 'P', mdtrt_id: 'M' }, 1);
    expect(jr).toMatchObject({ sev_deg: SEV_DEG.reminder, vola_amt_stas: '0', vola_bhvr_type: '3', judge_result_detail_dtos: [{ patn_id: 'P', mdtrt_id: 'M', vola_item_type: '1', vola_amt: 0 }] });
    expect(jr.judge_result_detail_dtos[0]!.rx_id).toBeUndefined();
    expect(behaviourType('未知类/x')).toBe('9');
  });

  it('law: every 违规项 names a current order priced over the limit, and every such order is named', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ price: fc.integer({ min: 1, max: 300 }), current: fc.boolean() }), { minLength: 1, maxLength: 8 }), (orders) => {
        const os = orders.map((o, i) => order(`R${i}`, { hilist_code: `X${i}`, pric: `${o.price}.00`, sumamt: `${o.price}.00`, curr_drord_flag: o.current ? '1' : '0' }));
        const p = patientDto();
        (p.fsi_encounter_dtos[1] as Record<string, unknown>).fsi_order_dtos = os;
        const { outcomes } = evalCall(platformCall({ patients: [p] }));
        const named = toJudgeResults(outcomes, {}).result.filter((r) => r.rule_id === 'T0001')
          .flatMap((r) => r.judge_result_detail_dtos.filter((d) => d.vola_item_type === '1').map((d) => d.rx_id));
        const expected = orders.map((o, i) => (o.price > 100 && o.current ? `R${i}` : null)).filter((x) => x !== null);
        expect(named).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });
});

describe('POST /api/3101 and /api/3102 over HTTP', () => {
  let reg: Registry;
  beforeAll(async () => {
    reg = await startRegistry();
    const token = reg.token('publisher', '000000');
    for (const [v, limit] of [['1.0.0', 100], ['1.1.0', 160]] as const) expect((await publish(reg, token, await compileTestPack('nhsa.audit', v, limit))).status).toBe(201);
    expect((await publish(reg, token, await compileTestPack('other.audit', '1.0.0', 10))).status).toBe(201);
  }, 60_000);
  afterAll(async () => reg?.close());
  const post = (path: string, body: unknown) =>
    fetch(`${reg.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('3101 audits 事前 against the highest nhsa.audit by default and answers in the platform shape', async () => {
    const res = await post('/api/3101', platformCall());
    expect(res.status).toBe(200);
    expect(res.headers.get('x-liangku-pack')).toBe('nhsa.audit@1.1.0');
    const out = await res.json();
    expect(out).toMatchObject({ infcode: 0, inf_refmsgid: 'H14090200123202503101200000001', err_msg: null });
    expect(out.refmsg_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // limit 160 in 1.1.0: no price finding; 事前 (trig_scen 5): T0002 (mid/post only) does not run
    expect(out.output.result).toEqual([]);
  });

  it('3102 audits 事中 (trig_scen 8 住院结算) against a chosen pack and range', async () => {
    const res = await post('/api/3102?pack=nhsa.audit&version=~1.0.0', platformCall({ trig_scen: '8' }));
    expect(res.headers.get('x-liangku-pack')).toBe('nhsa.audit@1.0.0');
    const out = await res.json();
    expect(out.infcode).toBe(0);
    expect(out.output.result.map((r: any) => [r.rule_id, r.task_id, r.judge_result_detail_dtos[0].rx_id])).toEqual([
      ['T0001', 'T-20250310-0001', '1001'],
      ['T0002', 'T-20250310-0001', '1002'],
    ]);
    // trig_scen decides the stage: 3102 with trig_scen 5 audits 事前
    const pre = await (await post('/api/3102?pack=nhsa.audit&version=1.0.0', platformCall({ trig_scen: '5' }))).json();
    expect(pre.output.result.map((r: any) => r.rule_id)).toEqual(['T0001']);
  });

  it('reports a bad patient in err_msg with infcode -1 and still audits the others', async () => {
    const out = await (await post('/api/3102?pack=other.audit', platformCall({ trig_scen: '8', patients: [patientDto({ patn_id: 'BAD', curr_mdtrt_id: 'X' }), patientDto()] }))).json();
    expect(out.infcode).toBe(-1);
    expect(out.err_msg).toContain('BAD');
    expect(out.output.result.length).toBeGreaterThan(0);
    expect(out.output.result.every((r: any) => r.patn_id === '14000002000000002000123456')).toBe(true);
    const none = await (await post('/api/3101', { infno: '3101', input: { data: {} } })).json();
    expect(none.infcode).toBe(-1);
    expect(none.err_msg).toContain('patient_dtos');
  });

  it('answers an unknown pack with 404 and a bad stage with 400', async () => {
    const res = await post('/api/3101?pack=nope.audit', platformCall());
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
    const bad = await post('/api/3101?stage=later', platformCall());
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('invalid_stage');
  });
});
