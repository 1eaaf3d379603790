// The 3101 mapping was rewritten for speed (issue 9: no spread-then-delete, no regex per amount).
// Law: for any platform call — numbers as text, padded or blank text, null dates, "" for lists, junk
// values, vendor fields — the fast mapping gives exactly what the straightforward one below gives.
// The reference is the mapping as first written (kept here as the specification).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapCall, mapOrder } from '../../server/platform/map-3101.js';
import { order, patientDto, platformCall } from '../fixtures/platform-3101.js';

type Loose = Record<string, unknown>;
const ref = (() => {
  const isObj = (x: unknown): x is Loose => typeof x === 'object' && x !== null && !Array.isArray(x);
  const listOf = (x: unknown): Loose[] => (Array.isArray(x) ? x.filter(isObj) : []);
  const text = (x: unknown): string | undefined => (typeof x === 'string' ? (x.trim() === '' ? undefined : x) : typeof x === 'number' ? String(x) : undefined);
  const num = (x: unknown): number | undefined => {
    if (typeof x === 'number') return Number.isFinite(x) ? x : undefined;
    if (typeof x === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(x)) return Number(x);
    return undefined;
  };
  const dateOnly = (x: unknown) => text(x)?.slice(0, 10);
  const compact = <T extends Loose>(o: T): T => {
    for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
    return o;
  };
  const medinsLevel = (x: unknown) => {
    const v = text(x);
    if (v === undefined) return undefined;
    if (/^[1239]$/.test(v)) return v;
    const n = /^\d{2}$/.test(v) ? Number(v) : NaN;
    return n >= 1 && n <= 4 ? '3' : n >= 5 && n <= 7 ? '2' : n >= 8 && n <= 10 ? '1' : '9';
  };
  const listLevel = (x: unknown) => {
    const v = text(x);
    return v !== undefined && /^0?[123]$/.test(v) ? v.padStart(2, '0') : undefined;
  };
  const mapOrder = (o: Loose) => compact({
    ...o,
    feedetl_sn: text(o.rx_id), fee_ocur_time: text(o.drord_begn_date), med_list_codg: text(o.hilist_code), medins_list_codg: text(o.hosplist_code),
    med_list_name: text(o.hilist_name) ?? text(o.hosplist_name), cnt: num(o.cnt), pric: num(o.pric), det_item_fee_sumamt: num(o.sumamt),
    med_chrgitm_type: text(o.chrg_type), chrgitm_lv: listLevel(o.hilist_lv), rxno: text(o.rxno), drord_no: text(o.rx_id),
    bilg_dept_codg: text(o.drord_dept_codg), bilg_dr_codg: text(o.drord_dr_codg),
    dscg_tkdrug_flag: o.drord_bhvr === undefined ? undefined : text(o.drord_bhvr) === '1' ? '1' : '0',
    sumamt: num(o.sumamt), ownpay_amt: num(o.ownpay_amt), selfpay_amt: num(o.selfpay_amt), hilist_pric: num(o.hilist_pric), hilist_lv: undefined,
  });
  const mapDiagnoses = (e: Loose) => {
    const all = listOf(e.fsi_diagnose_dtos);
    const discharge = all.filter((d) => text(d.inout_dise_type) === '2');
    const chosen: Loose[] = (discharge.length ? discharge : all)
      .map((d, i) => ({ d, i }))
      .sort((a, b) => (num(a.d.dias_srt_no) ?? 1e9) - (num(b.d.dias_srt_no) ?? 1e9) || a.i - b.i)
      .map(({ d }) => compact({
        diag_code: text(d.dise_codg), diag_name: text(d.dise_name), maindiag_flag: text(d.maindise_flag) === '1' ? '1' : '0',
        inout_dise_type: text(d.inout_dise_type), dise_id: text(d.dise_id), diag_time: text(d.dise_date),
      }));
    const main = text(e.dscg_main_dise_codg);
    if (main && !chosen.some((d) => d.diag_code === main)) {
      const flagged = chosen.some((d) => d.maindiag_flag === '1');
      chosen.unshift(compact({ diag_code: main, diag_name: text(e.dscg_main_dise_name), maindiag_flag: flagged ? '0' : '1' }));
    }
    return chosen;
  };
  const mapEncounter = (e: Loose, history: boolean) => {
    const begntime = text(e.adm_date);
    const endtime = text(e.dscg_date ?? undefined);
    const s = compact({
      medfee_sumamt: num(e.medfee_sumamt), hifp_pay: num(e.hifp_payamt), acct_pay: num(e.acct_payamt), maf_pay: num(e.ma_amt),
      fulamt_ownpay_amt: num(e.ownpay_amt), selfpay_amt: num(e.selfpay_amt),
    });
    return compact({
      mdtrt_id: text(e.mdtrt_id), fixmedins_code: text(e.medins_id), fixmedins_name: text(e.medins_name), medins_lv: medinsLevel(e.medins_lv),
      mdtrtarea_admvs: text(e.medins_admdvs), med_type: text(e.med_type), begntime, endtime, setl_time: history ? endtime ?? begntime : undefined,
      diseinfo: mapDiagnoses(e),
      oprninfo: listOf(e.fsi_operation_dtos).map((o) => compact({
        oprn_oprt_code: text(o.oprn_code), oprn_oprt_name: text(o.oprn_name), main_oprn_flag: text(o.main_oprn_flag) === '1' ? '1' : '0',
        oprn_oprt_date: dateOnly(o.oprn_date), setl_list_oprn_id: text(o.setl_list_oprn_id),
      })),
      feedetail: listOf(e.fsi_order_dtos).map(mapOrder),
      setlinfo: Object.keys(s).length ? s : undefined,
      medins_type: text(e.medins_type), medins_lv_code: text(e.medins_lv), med_mdtrt_type: text(e.med_mdtrt_type), insutype: text(e.insutype),
      out_setl_flag: text(e.out_setl_flag), matn_stas: text(e.matn_stas), adm_dept_codg: text(e.adm_dept_codg), dscg_dept_codg: text(e.dscg_dept_codg),
      dr_codg: text(e.dr_codg),
    });
  };
  /** The request and context orders of one patient (or undefined when mapCall reports it as a problem). */
  const mapPatient = (p: Loose) => {
    const patn = text(p.patn_id);
    if (!patn) return undefined;
    const encounters = listOf(p.fsi_encounter_dtos);
    const currId = text(p.curr_mdtrt_id);
    const current = currId === undefined ? (encounters.length === 1 ? encounters[0] : undefined) : encounters.find((e) => text(e.mdtrt_id) === currId);
    if (!current) return undefined;
    const encounter = mapEncounter(current, false);
    return {
      contextOrders: [...new Set(listOf(current.fsi_order_dtos).filter((o) => text(o.curr_drord_flag) === '0').map((o) => text(o.rx_id) ?? ''))],
      request: {
        request_id: patn,
        patient: compact({ psn_no: patn, psn_name: text(p.patn_name), gend: text(p.gend), brdy: dateOnly(p.brdy), insutype: text(current.insutype), insu_admdvs: text(p.poolarea) }),
        encounter,
        history: encounters.filter((e) => e !== current).map((e) => mapEncounter(e, true)),
      },
    };
  };
  return { mapOrder, mapPatient };
})();

// Values real senders put in these fields, and junk.
const loose = fc.oneof(
  fc.constantFrom('', ' ', '\u3000', '\t', null, '--', '0', '1', '2', '3', '01', '02', '03', '05', '09', '11', '9', 'x'),
  fc.constantFrom('37.00', ' 12 ', '-1.5', '1.', '.5', '1e3', '0x10', 'Infinity', '12.50\u3000', '\u00a07', '1 2', '-', '-.5', '٣'),
  fc.constantFrom('2025-03-03 10:00:00', '2025-03-03', ' 2025-03-04 08:00:00'),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noDefaultInfinity: false }),
  fc.string({ maxLength: 6 }),
  fc.constant([]),
  fc.constant({}),
);
const ORDER_FIELDS = [
  'rx_id', 'rxno', 'hilist_code', 'hilist_name', 'hilist_lv', 'hosplist_code', 'hosplist_name', 'chrg_type', 'drord_bhvr', 'cnt', 'pric',
  'sumamt', 'ownpay_amt', 'selfpay_amt', 'hilist_pric', 'drord_begn_date', 'drord_dept_codg', 'drord_dr_codg', 'curr_drord_flag',
  'spec', 'long_drord_flag', 'feedetl_sn', 'det_item_fee_sumamt', 'chrgitm_lv', 'med_list_codg',
] as const;
const looseRecord = (keys: readonly string[]) => fc.record(Object.fromEntries(keys.map((k) => [k, loose])), { requiredKeys: [] });
const orderArb = looseRecord(ORDER_FIELDS);
const diagArb = looseRecord(['dise_id', 'inout_dise_type', 'maindise_flag', 'dias_srt_no', 'dise_codg', 'dise_name', 'dise_date']);
const oprnArb = looseRecord(['oprn_code', 'oprn_name', 'main_oprn_flag', 'oprn_date', 'setl_list_oprn_id']);
const listArb = <T>(item: fc.Arbitrary<T>) => fc.oneof(fc.array(item, { maxLength: 4 }), fc.constantFrom('', null, undefined));
const encounterArb = (mdtrt_id: string) => fc.tuple(
  looseRecord(['medins_id', 'medins_name', 'medins_admdvs', 'medins_lv', 'adm_date', 'dscg_date', 'dscg_main_dise_codg', 'dscg_main_dise_name', 'med_type',
    'insutype', 'medfee_sumamt', 'hifp_payamt', 'acct_payamt', 'ma_amt', 'ownpay_amt', 'selfpay_amt', 'medins_type', 'med_mdtrt_type', 'out_setl_flag',
    'matn_stas', 'adm_dept_codg', 'dscg_dept_codg', 'dr_codg']),
  listArb(diagArb), listArb(orderArb), listArb(oprnArb),
).map(([e, d, o, op]) => ({ ...e, mdtrt_id, fsi_diagnose_dtos: d, fsi_order_dtos: o, fsi_operation_dtos: op }));
const patientArb = fc.tuple(
  looseRecord(['patn_name', 'gend', 'brdy', 'poolarea']),
  fc.constantFrom('P1', 'P2', '', 7),
  fc.array(fc.constantFrom('E1', 'E2', 'E3'), { minLength: 0, maxLength: 3 }).chain((ids) => fc.tuple(...ids.map(encounterArb))),
  fc.constantFrom('E1', 'E2', undefined, 'NOPE'),
).map(([p, patn_id, encounters, curr]) => ({ ...p, patn_id, curr_mdtrt_id: curr, fsi_encounter_dtos: encounters }));

// Compare as the runtime and JSON see them: own enumerable properties, absent ≠ undefined.
const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

describe('the fast 3101 mapping equals the reference mapping', () => {
  it('law: mapOrder, for any loose order', () => {
    fc.assert(
      fc.property(orderArb, (o) => {
        const got = mapOrder(o as never);
        const want = ref.mapOrder(o);
        expect(got).toStrictEqual(want);
        expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
      }),
      { numRuns: 400 },
    );
  });

  it('law: mapOrder with a pack\'s fee-line fields keeps exactly the mapped fields and those it declares', () => {
    // What the mapping itself writes (the reference's literal keys).
    const MAPPED = new Set(['feedetl_sn', 'fee_ocur_time', 'med_list_codg', 'medins_list_codg', 'med_list_name', 'cnt', 'pric', 'det_item_fee_sumamt',
      'med_chrgitm_type', 'chrgitm_lv', 'rxno', 'drord_no', 'bilg_dept_codg', 'bilg_dr_codg', 'dscg_tkdrug_flag', 'sumamt', 'ownpay_amt', 'selfpay_amt', 'hilist_pric']);
    fc.assert(
      fc.property(orderArb, fc.subarray([...ORDER_FIELDS, 'prd_days', 'inv_sold_qty']), (o, declared) => {
        const want = Object.fromEntries(Object.entries(ref.mapOrder(o)).filter(([k]) => MAPPED.has(k) || declared.includes(k)));
        expect(mapOrder(o as never, new Set(declared))).toStrictEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it('law: mapCall, for any call (patients, encounters, diagnoses, operations, orders)', () => {
    fc.assert(
      fc.property(fc.array(patientArb, { minLength: 1, maxLength: 3 }), (patients) => {
        const body = JSON.parse(JSON.stringify(platformCall({ patients }))) as unknown;
        const call = mapCall(body);
        const want = (patients.map((p) => ref.mapPatient(plain(p))).filter((x) => x !== undefined));
        expect(call.requests.map((r) => ({ contextOrders: [...r.contextOrders], request: r.request }))).toStrictEqual(plain(want));
        expect(call.requests.length + call.problems.length).toBe(patients.length);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a JSON "__proto__" key from becoming the prototype of a fee line', () => {
    const o = JSON.parse('{"rx_id":"1","__proto__":{"pric":999,"cnt":5},"sumamt":"10.00"}') as Loose;
    const line = mapOrder(o as never);
    expect(Object.getPrototypeOf(line)).toBe(Object.prototype);
    expect(line.pric).toBeUndefined();
    expect(line.det_item_fee_sumamt).toBe(10);
  });

  it('reads the realistic fixture the same way (20 orders, string amounts, "" lists)', () => {
    const p = patientDto();
    (p.fsi_encounter_dtos[1] as Loose).fsi_order_dtos = Array.from({ length: 20 }, (_, i) => order(String(2000 + i), { cnt: String(1 + (i % 3)), hilist_lv: i % 2 ? '--' : '2' }));
    const body = JSON.parse(JSON.stringify(platformCall({ patients: [p] })));
    expect(plain(mapCall(body).requests[0]!.request)).toStrictEqual(plain(ref.mapPatient(body.input.data.patient_dtos[0])!.request));
  });
});
