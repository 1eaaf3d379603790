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

/** JavaScript white space (what trim() and \s remove: WhiteSpace and LineTerminator). */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
/** Text as sent; blank text is absent, numbers become their text. */
function text(x: unknown): string | undefined {
  if (typeof x === 'string') {
    // Most values start with a visible character: one test instead of a trimmed copy.
    if (x.length > 0 && !isSpace(x.charCodeAt(0))) return x;
    return x.trim() === '' ? undefined : x;
  }
  return typeof x === 'number' ? String(x) : undefined;
}

/** Whether s is `\s*-?\d+(\.\d+)?\s*` (scanned by hand: this runs for every amount of every order). */
function isDecimalText(s: string): boolean {
  let i = 0;
  let end = s.length;
  while (i < end && isSpace(s.charCodeAt(i))) i++;
  while (end > i && isSpace(s.charCodeAt(end - 1))) end--;
  if (i < end && s.charCodeAt(i) === 45) i++; // -
  const digitsFrom = i;
  while (i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === digitsFrom) return false;
  if (i === end) return true;
  if (s.charCodeAt(i) !== 46) return false; // .
  const fracFrom = ++i;
  while (i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  return i === end && i > fracFrom;
}

/** Money and counts: clients send 37.00 or "37.00". */
function num(x: unknown): number | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? x : undefined;
  if (typeof x === 'string' && isDecimalText(x)) return Number(x);
  return undefined;
}
const dateOnly = (x: unknown): string | undefined => text(x)?.slice(0, 10);

/** Set o[k] = v unless v is undefined, so the request carries only what the platform sent (small records only: see mapOrder). */
function put(o: Loose, k: string, v: unknown): void {
  if (v !== undefined) o[k] = v;
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
  switch (v) {
    case '1': case '01': return '01';
    case '2': case '02': return '02';
    case '3': case '03': return '03';
    default: return undefined;
  }
}

/** trig_scen 1–5 are 事前 (registration, charge registration, order execution); 6–9 are 事中 (settlement). */
export function stageOfTrigScen(x: unknown): Stage | undefined {
  const v = text(x);
  if (v === undefined) return undefined;
  if (v.length !== 1) return undefined;
  if (v >= '1' && v <= '5') return 'pre';
  if (v >= '6' && v <= '9') return 'mid';
  return undefined;
}

/**
 * Names an order maps to (its normalised fields) and platform names it replaces: every other platform
 * field passes through unchanged (spec, hilist_type, long_drord_flag …) for packs that declare them.
 */
const ORDER_OWN: ReadonlySet<string> = new Set([
  'feedetl_sn', 'fee_ocur_time', 'med_list_codg', 'medins_list_codg', 'med_list_name', 'cnt', 'pric', 'det_item_fee_sumamt',
  'med_chrgitm_type', 'chrgitm_lv', 'rxno', 'drord_no', 'bilg_dept_codg', 'bilg_dr_codg', 'dscg_tkdrug_flag', 'sumamt',
  'ownpay_amt', 'selfpay_amt', 'hilist_pric',
  'hilist_lv', // replaced by chrgitm_lv (its raw value may be "--")
]);

/**
 * One order as a fee line. The normalised fields are set by name (and only when present), then the
 * other platform fields are copied — all of them, or only those in `passThrough` (the fields the
 * evaluated pack declares for a fee line: a rule cannot read any other, so copying them is waste).
 *
 * Why not `{ ...o, feedetl_sn: …, … }` with the undefined keys deleted afterwards: deleting keys, like
 * adding more than about a dozen keys by computed name, leaves V8 holding the object as a slow
 * dictionary; that cost ~0.1 ms an order to build and slowed every rule that reads the line.
 */
export function mapOrder(o: OrderDto, passThrough?: ReadonlySet<string>): Record<string, unknown> {
  const line: Loose = {};
  const rx = text(o.rx_id);
  let v: unknown;
  if (rx !== undefined) line.feedetl_sn = rx;
  if ((v = text(o.drord_begn_date)) !== undefined) line.fee_ocur_time = v;
  if ((v = text(o.hilist_code)) !== undefined) line.med_list_codg = v;
  if ((v = text(o.hosplist_code)) !== undefined) line.medins_list_codg = v;
  if ((v = text(o.hilist_name) ?? text(o.hosplist_name)) !== undefined) line.med_list_name = v;
  if ((v = num(o.cnt)) !== undefined) line.cnt = v;
  if ((v = num(o.pric)) !== undefined) line.pric = v;
  const sumamt = num(o.sumamt);
  if (sumamt !== undefined) line.det_item_fee_sumamt = sumamt;
  if ((v = text(o.chrg_type)) !== undefined) line.med_chrgitm_type = v;
  if ((v = listLevel(o.hilist_lv)) !== undefined) line.chrgitm_lv = v;
  if ((v = text(o.rxno)) !== undefined) line.rxno = v;
  if (rx !== undefined) line.drord_no = rx;
  if ((v = text(o.drord_dept_codg)) !== undefined) line.bilg_dept_codg = v;
  if ((v = text(o.drord_dr_codg)) !== undefined) line.bilg_dr_codg = v;
  if (o.drord_bhvr !== undefined) line.dscg_tkdrug_flag = text(o.drord_bhvr) === '1' ? '1' : '0';
  if (sumamt !== undefined) line.sumamt = sumamt;
  if ((v = num(o.ownpay_amt)) !== undefined) line.ownpay_amt = v;
  if ((v = num(o.selfpay_amt)) !== undefined) line.selfpay_amt = v;
  if ((v = num(o.hilist_pric)) !== undefined) line.hilist_pric = v;
  if (passThrough) {
    for (const k of passThrough) if (!ORDER_OWN.has(k) && (v = o[k]) !== undefined && Object.hasOwn(o, k)) line[k] = v;
  } else {
    for (const k in o) if (!ORDER_OWN.has(k) && k !== '__proto__' && (v = o[k]) !== undefined) line[k] = v; // (a JSON "__proto__" key must not become the prototype)
  }
  return line;
}

export function mapDiagnoses(e: EncounterDto): Record<string, unknown>[] {
  const all = listOf<DiagnoseDto>(e.fsi_diagnose_dtos);
  // Discharge diagnoses (inout_dise_type 2) describe the stay once known; before discharge only admission ones exist.
  const discharge = all.filter((d) => text(d.inout_dise_type) === '2');
  const chosen = (discharge.length ? discharge : all)
    .map((d, i) => ({ d, i, srt: num(d.dias_srt_no) ?? 1e9 }))
    .sort((a, b) => a.srt - b.srt || a.i - b.i)
    .map(({ d }) => {
      const x: Loose = {};
      put(x, 'diag_code', text(d.dise_codg));
      put(x, 'diag_name', text(d.dise_name));
      x.maindiag_flag = text(d.maindise_flag) === '1' ? '1' : '0';
      put(x, 'inout_dise_type', text(d.inout_dise_type));
      put(x, 'dise_id', text(d.dise_id));
      put(x, 'diag_time', text(d.dise_date));
      return x;
    });
  const main = text(e.dscg_main_dise_codg);
  if (main && !chosen.some((d) => d.diag_code === main)) {
    // The encounter names a main diagnosis the list lacks: it is still the main one.
    const flagged = chosen.some((d) => d.maindiag_flag === '1');
    const x: Loose = { diag_code: main };
    put(x, 'diag_name', text(e.dscg_main_dise_name));
    x.maindiag_flag = flagged ? '0' : '1';
    chosen.unshift(x);
  }
  return chosen;
}

function mapOperation(o: OperationDto): Record<string, unknown> {
  const x: Loose = {};
  put(x, 'oprn_oprt_code', text(o.oprn_code));
  put(x, 'oprn_oprt_name', text(o.oprn_name));
  x.main_oprn_flag = text(o.main_oprn_flag) === '1' ? '1' : '0';
  put(x, 'oprn_oprt_date', dateOnly(o.oprn_date));
  put(x, 'setl_list_oprn_id', text(o.setl_list_oprn_id));
  return x;
}

function setlinfo(e: EncounterDto): Record<string, unknown> | undefined {
  const s: Loose = {};
  put(s, 'medfee_sumamt', num(e.medfee_sumamt));
  put(s, 'hifp_pay', num(e.hifp_payamt));
  put(s, 'acct_pay', num(e.acct_payamt));
  put(s, 'maf_pay', num(e.ma_amt));
  put(s, 'fulamt_ownpay_amt', num(e.ownpay_amt));
  put(s, 'selfpay_amt', num(e.selfpay_amt));
  for (const _ in s) return s;
  return undefined;
}

/**
 * One platform encounter in our encounter shape. `history` encounters get setl_time = discharge (else
 * admission) time. Fields are set by name and only when present (see mapOrder for why not a literal
 * with its undefined keys deleted afterwards: the rules read encounter fields many times per request).
 */
export function mapEncounter(e: EncounterDto, history: boolean, passThrough?: ReadonlySet<string>): Record<string, unknown> {
  const begntime = text(e.adm_date);
  const endtime = text(e.dscg_date ?? undefined);
  const x: Loose = {};
  let v: unknown;
  if ((v = text(e.mdtrt_id)) !== undefined) x.mdtrt_id = v;
  if ((v = text(e.medins_id)) !== undefined) x.fixmedins_code = v;
  if ((v = text(e.medins_name)) !== undefined) x.fixmedins_name = v;
  if ((v = medinsLevel(e.medins_lv)) !== undefined) x.medins_lv = v;
  if ((v = text(e.medins_admdvs)) !== undefined) x.mdtrtarea_admvs = v;
  if ((v = text(e.med_type)) !== undefined) x.med_type = v;
  if (begntime !== undefined) x.begntime = begntime;
  if (endtime !== undefined) x.endtime = endtime;
  // 3101/3102 carry no settlement time; an earlier encounter was settled when it ended.
  if (history && (v = endtime ?? begntime) !== undefined) x.setl_time = v;
  x.diseinfo = mapDiagnoses(e);
  x.oprninfo = listOf<OperationDto>(e.fsi_operation_dtos).map(mapOperation);
  x.feedetail = listOf<OrderDto>(e.fsi_order_dtos).map((o) => mapOrder(o, passThrough));
  if ((v = setlinfo(e)) !== undefined) x.setlinfo = v;
  if ((v = text(e.medins_type)) !== undefined) x.medins_type = v;
  if ((v = text(e.medins_lv)) !== undefined) x.medins_lv_code = v;
  if ((v = text(e.med_mdtrt_type)) !== undefined) x.med_mdtrt_type = v;
  if ((v = text(e.insutype)) !== undefined) x.insutype = v;
  if ((v = text(e.out_setl_flag)) !== undefined) x.out_setl_flag = v;
  if ((v = text(e.matn_stas)) !== undefined) x.matn_stas = v;
  if ((v = text(e.adm_dept_codg)) !== undefined) x.adm_dept_codg = v;
  if ((v = text(e.dscg_dept_codg)) !== undefined) x.dscg_dept_codg = v;
  if ((v = text(e.dr_codg)) !== undefined) x.dr_codg = v;
  return x;
}

/** One patient_dtos entry → one audit request, or a problem naming what is missing. */
export function mapPatient(p: PatientDto, index: number, passThrough?: ReadonlySet<string>): MappedRequest | string {
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
  const encounter = mapEncounter(current, false, passThrough);
  const contextOrders = new Set<string>();
  for (const o of listOf<OrderDto>(current.fsi_order_dtos)) if (text(o.curr_drord_flag) === '0') contextOrders.add(text(o.rx_id) ?? '');
  const patient: Loose = { psn_no: patn };
  put(patient, 'psn_name', text(p.patn_name));
  put(patient, 'gend', text(p.gend));
  put(patient, 'brdy', dateOnly(p.brdy));
  put(patient, 'insutype', text(current.insutype)); // the platform sends 险种 per encounter
  put(patient, 'insu_admdvs', text(p.poolarea));
  return {
    patn_id: patn,
    mdtrt_id: String(encounter.mdtrt_id),
    contextOrders,
    request: {
      request_id: patn,
      patient,
      encounter,
      history: encounters.filter((e) => e !== current).map((e) => mapEncounter(e, true, passThrough)),
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

/**
 * The whole 3101/3102 call → audit requests (one per patient) and the call's options. `passThrough`:
 * the platform order fields to carry onto fee lines besides the mapped ones (default: all of them).
 */
export function mapCall(body: unknown, passThrough?: ReadonlySet<string>): MappedCall {
  const data = dataOf(body);
  if (!data) return { data: null, requests: [], problems: ['the body has no input.data with patient_dtos / 请求缺少 input.data.patient_dtos'] };
  if (!Array.isArray(data.patient_dtos) || data.patient_dtos.length === 0) {
    return { data, requests: [], problems: ['input.data.patient_dtos must be a non-empty list / 参保人信息 patient_dtos 不能为空'] };
  }
  const requests: MappedRequest[] = [];
  const problems: string[] = [];
  data.patient_dtos.forEach((p, i) => {
    const m = isObj(p) ? mapPatient(p as PatientDto, i, passThrough) : `patient_dtos[${i}] is not an object / 参保人信息格式错误`;
    if (typeof m === 'string') problems.push(m);
    else requests.push(m);
  });
  const trig = text(data.trig_scen);
  if (trig !== undefined && stageOfTrigScen(trig) === undefined) problems.push(`trig_scen ${trig} is not 1–9 / 触发场景应为 1–9`);
  return { data, requests, problems, stage: stageOfTrigScen(trig), ruleIds: ruleIdsOf(data.rule_ids) };
}
