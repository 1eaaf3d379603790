// 3101/3102 request → our audit requests (claim-format.md): one request per patient_dtos entry, the
// encounter named by curr_mdtrt_id under audit, the patient's other encounters as history, orders
// (fsi_order_dtos) as fee lines keyed by rx_id so findings point back at the platform's orders.
import type { DiagnoseDto, EncounterDto, Loose, OperationDto, OrderDto, PatientDto, RuleAnalysisData } from './platform-types.js';

export type Stage = 'pre' | 'mid';

export interface MappedRequest {
  /** The patient's patn_id (= request_id). */
  patn_id: string;
  mdtrt_id: string;
  request: Record<string, unknown>;
  /** rx_ids of orders with curr_drord_flag "0" (context only, never reported as 违规项 on their own). */
  contextOrders: Set<string>;
}

export interface MappedCall {
  data: RuleAnalysisData | null;
  requests: MappedRequest[];
  /** Per-patient or whole-call problems, in plain words (zh / en). */
  problems: string[];
  /** From trig_scen when given (1–5 事前, 6–9 事中), else undefined (the route decides). */
  stage?: Stage;
  ruleIds?: Set<string>;
}

const isObj = (x: unknown): x is Loose => typeof x === 'object' && x !== null && !Array.isArray(x);
/** Platform lists arrive as arrays, "" or null when empty. */
const listOf = <T>(x: unknown): T[] => (Array.isArray(x) ? (x.filter(isObj) as T[]) : []);
const text = (x: unknown): string | undefined => (typeof x === 'string' ? (x.trim() === '' ? undefined : x) : typeof x === 'number' ? String(x) : undefined);
/** Money and counts: clients send 37.00 or "37.00". */
function num(x: unknown): number | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? x : undefined;
  if (typeof x === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(x)) return Number(x);
  return undefined;
}
const dateOnly = (x: unknown): string | undefined => text(x)?.slice(0, 10);

/** Drop undefined so the request carries only what the platform sent. */
function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/**
 * 医疗机构等级: the platform sends the MEDINSLV dictionary (01 三级特等 … 04 三级丙等, 05–07 二级,
 * 08–10 一级, 11 无等级) or already the one-digit 1/2/3/9 of claim-format.md.
 */
export function medinsLevel(x: unknown): string | undefined {
  const v = text(x);
  if (v === undefined) return undefined;
  if (/^[1239]$/.test(v)) return v;
  const n = /^\d{2}$/.test(v) ? Number(v) : NaN;
  if (n >= 1 && n <= 4) return '3';
  if (n >= 5 && n <= 7) return '2';
  if (n >= 8 && n <= 10) return '1';
  return '9';
}

/** 医保目录等级 01甲 02乙 03丙; "2" → "02"; "--" and the like mean unknown. */
export function listLevel(x: unknown): string | undefined {
  const v = text(x);
  if (v === undefined) return undefined;
  if (/^0?[123]$/.test(v)) return v.padStart(2, '0');
  return undefined;
}

/** trig_scen 1–5 are 事前 (registration, charge registration, order execution); 6–9 are 事中 (settlement). */
export function stageOfTrigScen(x: unknown): Stage | undefined {
  const v = text(x);
  if (v === undefined) return undefined;
  if (/^[1-5]$/.test(v)) return 'pre';
  if (/^[6-9]$/.test(v)) return 'mid';
  return undefined;
}

export function mapOrder(o: OrderDto): Record<string, unknown> {
  return compact({
    ...o, // platform fields pass through (spec, hilist_type, long_drord_flag …) for packs that declare them
    feedetl_sn: text(o.rx_id),
    fee_ocur_time: text(o.drord_begn_date),
    med_list_codg: text(o.hilist_code),
    medins_list_codg: text(o.hosplist_code),
    med_list_name: text(o.hilist_name) ?? text(o.hosplist_name),
    cnt: num(o.cnt),
    pric: num(o.pric),
    det_item_fee_sumamt: num(o.sumamt),
    med_chrgitm_type: text(o.chrg_type),
    chrgitm_lv: listLevel(o.hilist_lv),
    rxno: text(o.rxno),
    drord_no: text(o.rx_id),
    bilg_dept_codg: text(o.drord_dept_codg),
    bilg_dr_codg: text(o.drord_dr_codg),
    dscg_tkdrug_flag: o.drord_bhvr === undefined ? undefined : text(o.drord_bhvr) === '1' ? '1' : '0',
    sumamt: num(o.sumamt),
    ownpay_amt: num(o.ownpay_amt),
    selfpay_amt: num(o.selfpay_amt),
    hilist_pric: num(o.hilist_pric),
    hilist_lv: undefined, // replaced by chrgitm_lv (its raw value may be "--")
  });
}

export function mapDiagnoses(e: EncounterDto): Record<string, unknown>[] {
  const all = listOf<DiagnoseDto>(e.fsi_diagnose_dtos);
  // Discharge diagnoses (inout_dise_type 2) describe the stay once known; before discharge only admission ones exist.
  const discharge = all.filter((d) => text(d.inout_dise_type) === '2');
  const chosen = (discharge.length ? discharge : all)
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (num(a.d.dias_srt_no) ?? 1e9) - (num(b.d.dias_srt_no) ?? 1e9) || a.i - b.i)
    .map(({ d }) => compact({
      diag_code: text(d.dise_codg),
      diag_name: text(d.dise_name),
      maindiag_flag: text(d.maindise_flag) === '1' ? '1' : '0',
      inout_dise_type: text(d.inout_dise_type),
      dise_id: text(d.dise_id),
      diag_time: text(d.dise_date),
    }));
  const main = text(e.dscg_main_dise_codg);
  if (main && !chosen.some((d) => d.diag_code === main)) {
    // The encounter names a main diagnosis the list lacks: it is still the main one.
    const flagged = chosen.some((d) => d.maindiag_flag === '1');
    chosen.unshift({ diag_code: main, diag_name: text(e.dscg_main_dise_name), maindiag_flag: flagged ? '0' : '1' } as never);
  }
  return chosen;
}

function mapOperation(o: OperationDto): Record<string, unknown> {
  return compact({
    oprn_oprt_code: text(o.oprn_code),
    oprn_oprt_name: text(o.oprn_name),
    main_oprn_flag: text(o.main_oprn_flag) === '1' ? '1' : '0',
    oprn_oprt_date: dateOnly(o.oprn_date),
    setl_list_oprn_id: text(o.setl_list_oprn_id),
  });
}

function setlinfo(e: EncounterDto): Record<string, unknown> | undefined {
  const s = compact({
    medfee_sumamt: num(e.medfee_sumamt),
    hifp_pay: num(e.hifp_payamt),
    acct_pay: num(e.acct_payamt),
    maf_pay: num(e.ma_amt),
    fulamt_ownpay_amt: num(e.ownpay_amt),
    selfpay_amt: num(e.selfpay_amt),
  });
  return Object.keys(s).length ? s : undefined;
}

/** One platform encounter in our encounter shape. `history` encounters get setl_time = discharge (else admission) time. */
export function mapEncounter(e: EncounterDto, history: boolean): Record<string, unknown> {
  const begntime = text(e.adm_date);
  const endtime = text(e.dscg_date ?? undefined);
  return compact({
    mdtrt_id: text(e.mdtrt_id),
    fixmedins_code: text(e.medins_id),
    fixmedins_name: text(e.medins_name),
    medins_lv: medinsLevel(e.medins_lv),
    mdtrtarea_admvs: text(e.medins_admdvs),
    med_type: text(e.med_type),
    begntime,
    endtime,
    // 3101/3102 carry no settlement time; an earlier encounter was settled when it ended.
    setl_time: history ? endtime ?? begntime : undefined,
    diseinfo: mapDiagnoses(e),
    oprninfo: listOf<OperationDto>(e.fsi_operation_dtos).map(mapOperation),
    feedetail: listOf<OrderDto>(e.fsi_order_dtos).map(mapOrder),
    setlinfo: setlinfo(e),
    medins_type: text(e.medins_type),
    medins_lv_code: text(e.medins_lv),
    med_mdtrt_type: text(e.med_mdtrt_type),
    insutype: text(e.insutype),
    out_setl_flag: text(e.out_setl_flag),
    matn_stas: text(e.matn_stas),
    adm_dept_codg: text(e.adm_dept_codg),
    dscg_dept_codg: text(e.dscg_dept_codg),
    dr_codg: text(e.dr_codg),
  });
}

/** One patient_dtos entry → one audit request, or a problem naming what is missing. */
export function mapPatient(p: PatientDto, index: number): MappedRequest | string {
  const patn = text(p.patn_id);
  const where = `patient_dtos[${index}]${patn ? ` (patn_id ${patn})` : ''}`;
  if (!patn) return `${where}: patn_id is missing / 缺少参保人标识 patn_id`;
  const encounters = listOf<EncounterDto>(p.fsi_encounter_dtos);
  const currId = text(p.curr_mdtrt_id);
  const current = currId === undefined ? (encounters.length === 1 ? encounters[0] : undefined) : encounters.find((e) => text(e.mdtrt_id) === currId);
  if (!current) {
    return currId === undefined
      ? `${where}: curr_mdtrt_id is missing and there is not exactly one encounter / 缺少当前就诊标识 curr_mdtrt_id`
      : `${where}: curr_mdtrt_id ${currId} names no entry of fsi_encounter_dtos / 当前就诊标识在就诊信息集合中不存在`;
  }
  const encounter = mapEncounter(current, false);
  const contextOrders = new Set(
    listOf<OrderDto>(current.fsi_order_dtos).filter((o) => text(o.curr_drord_flag) === '0').map((o) => text(o.rx_id) ?? ''),
  );
  return {
    patn_id: patn,
    mdtrt_id: String(encounter.mdtrt_id),
    contextOrders,
    request: {
      request_id: patn,
      patient: compact({
        psn_no: patn,
        psn_name: text(p.patn_name),
        gend: text(p.gend),
        brdy: dateOnly(p.brdy),
        insutype: text(current.insutype), // the platform sends 险种 per encounter
        insu_admdvs: text(p.poolarea),
      }),
      encounter,
      history: encounters.filter((e) => e !== current).map((e) => mapEncounter(e, true)),
    },
  };
}

/** `input.data` of an envelope, or the data object itself when sent bare. */
export function dataOf(body: unknown): RuleAnalysisData | null {
  if (!isObj(body)) return null;
  const input = body.input;
  if (isObj(input) && isObj(input.data)) return input.data as unknown as RuleAnalysisData;
  if (isObj(body.data) && 'patient_dtos' in body.data) return body.data as unknown as RuleAnalysisData;
  if ('patient_dtos' in body) return body as unknown as RuleAnalysisData;
  return null;
}

export function ruleIdsOf(x: unknown): Set<string> | undefined {
  const ids = (Array.isArray(x) ? x.map(text) : typeof x === 'string' ? x.split(',').map((s) => s.trim()) : []).filter((s): s is string => !!s);
  return ids.length ? new Set(ids) : undefined;
}

/** The whole 3101/3102 call → audit requests (one per patient) and the call's options. */
export function mapCall(body: unknown): MappedCall {
  const data = dataOf(body);
  if (!data) return { data: null, requests: [], problems: ['the body has no input.data with patient_dtos / 请求缺少 input.data.patient_dtos'] };
  if (!Array.isArray(data.patient_dtos) || data.patient_dtos.length === 0) {
    return { data, requests: [], problems: ['input.data.patient_dtos must be a non-empty list / 参保人信息 patient_dtos 不能为空'] };
  }
  const requests: MappedRequest[] = [];
  const problems: string[] = [];
  data.patient_dtos.forEach((p, i) => {
    const m = isObj(p) ? mapPatient(p as PatientDto, i) : `patient_dtos[${i}] is not an object / 参保人信息格式错误`;
    if (typeof m === 'string') problems.push(m);
    else requests.push(m);
  });
  const trig = text(data.trig_scen);
  if (trig !== undefined && stageOfTrigScen(trig) === undefined) problems.push(`trig_scen ${trig} is not 1–9 / 触发场景应为 1–9`);
  return { data, requests, problems, stage: stageOfTrigScen(trig), ruleIds: ruleIdsOf(data.rule_ids) };
}
