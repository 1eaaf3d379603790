// A generated audit history for the governance demo: N requests in the claim format and, for every
// finding the demo pack raises on them, a review outcome. One rule (GD0002 by default) is
// overturned at `overturnRate` (60%), the others rarely, so `liangku stats` must rank it first.
// Deterministic (mulberry32 seed), so tests and the recorded acceptance numbers reproduce.
import { evaluateOne, type LoadedPack } from '../runtime/index.js';
import type { EvalResult } from '../runtime/api.js';
import { mulberry32 } from './prng.js';

export interface HistoryOptions {
  readonly n: number;
  readonly seed?: number;
  readonly overturnRule?: string; // default GD0002
  readonly overturnRate?: number; // default 0.6
  readonly baseOverturnRate?: number; // other rules, default 0.1
  readonly pendingRate?: number; // findings without a decision yet, default 0.03
  readonly packLabel?: string; // "id@version" written in the pack column
}

export type OutcomeRecord = Record<string, string | number>;

const REGIONS = ['140902', '140921', '140922', '140923', '140981'];
const DRUGS = ['阿莫西林胶囊', '头孢呋辛酯片', '奥美拉唑肠溶胶囊', '氯化钠注射液', '注射用头孢曲松钠', '人血白蛋白', '血液透析', '静脉输液'];
const pad = (n: number, w: number) => String(n).padStart(w, '0');

function dayText(day: number): string {
  return new Date(day * 86400000).toISOString().slice(0, 10);
}

/** Request i (0-based) of the history for this seed's random stream. */
function makeRequest(i: number, rnd: () => number): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const region = pick(REGIONS);
  const inst = `H${region}${pad(Math.floor(rnd() * 8) + 1, 5)}`;
  const inpatient = rnd() < 0.4;
  const start = Date.UTC(2024, 0, 1) / 86400000 + Math.floor(rnd() * 700);
  const stay = inpatient ? 1 + Math.floor(rnd() * 10) : 0;
  const lines = 2 + Math.floor(rnd() * 5);
  const feedetail = [];
  for (let k = 1; k <= lines; k++) {
    const pric = rnd() < 0.04 ? 500 + Math.round(rnd() * 150000) / 100 : Math.round((1 + rnd() * 120) * 100) / 100;
    const cnt = rnd() < 0.04 ? 11 + Math.floor(rnd() * 10) : 1 + Math.floor(rnd() * 4);
    feedetail.push({
      feedetl_sn: String(k), fee_ocur_time: `${dayText(start)} 10:00:00`, med_list_codg: `X${pad(k, 4)}`, medins_list_codg: `Y${pad(k, 4)}`,
      med_list_name: pick(DRUGS), cnt, pric, det_item_fee_sumamt: Math.round(cnt * pric * 100) / 100,
      med_chrgitm_type: '09', chrgitm_lv: '01',
    });
  }
  const noDiag = inpatient && rnd() < 0.05;
  return {
    request_id: `GH-${pad(i + 1, 7)}`,
    patient: { psn_no: `P${pad(Math.floor(rnd() * 1e8), 10)}`, gend: rnd() < 0.5 ? '1' : '2', brdy: '1960-05-01', insutype: '390', insu_admdvs: region },
    encounter: {
      mdtrt_id: `M${region}${pad(i + 1, 9)}`, setl_id: `S${region}${pad(i + 1, 9)}`, fixmedins_code: inst, medins_lv: '2', mdtrtarea_admvs: region,
      med_type: inpatient ? '21' : '11', begntime: `${dayText(start)} 09:00:00`, endtime: `${dayText(start + stay)} 10:00:00`,
      setl_time: `${dayText(start + stay)} 15:00:00`,
      diseinfo: noDiag ? [] : [{ diag_code: 'J18.900', diag_name: '肺炎', maindiag_flag: '1' }],
      oprninfo: [], feedetail,
    },
    history: [],
  };
}

const STAGES_AFTER_FIRST = ['申诉', '复审', '合议', '终审'];

/** Outcomes for one request's findings. */
function outcomesFor(req: Record<string, unknown>, r: EvalResult, rnd: () => number, o: Required<Omit<HistoryOptions, 'n' | 'seed'>>): OutcomeRecord[] {
  const enc = req['encounter'] as Record<string, string>;
  const patient = req['patient'] as Record<string, string>;
  return r.findings.map((f) => {
    const overturn = f.rule_id === o.overturnRule ? o.overturnRate : o.baseOverturnRate;
    const u = rnd();
    const pending = rnd() < o.pendingRate;
    const overturned = u < overturn;
    // Overturning takes an appeal; most upheld findings stop at 初审.
    const stage = overturned || rnd() < 0.25 ? STAGES_AFTER_FIRST[Math.floor(rnd() * 4)]! : '初审';
    const partly = !overturned && rnd() < 0.1;
    const amount = f.amount.toFixed(2);
    return {
      request_id: String(req['request_id']), setl_id: enc['setl_id']!, rule_code: f.rule_id, pack: o.packLabel,
      region: patient['insu_admdvs']!, institution: enc['fixmedins_code']!, finding_date: enc['setl_time']!.slice(0, 10),
      amount_flagged: amount, stage_reached: stage,
      decision: pending ? '' : overturned ? '撤销' : partly ? '部分维持' : '维持',
      amount_upheld: pending ? '' : overturned ? '0' : partly ? (Math.round(f.amount * 50) / 100).toFixed(2) : amount,
    };
  });
}

/** Requests with their outcomes, one at a time (50,000 stay out of memory). */
export function* generateHistory(pack: LoadedPack, opts: HistoryOptions): Generator<{ request: Record<string, unknown>; outcomes: OutcomeRecord[] }> {
  const rnd = mulberry32(opts.seed ?? 20250310);
  const o = {
    overturnRule: opts.overturnRule ?? 'GD0002', overturnRate: opts.overturnRate ?? 0.6, baseOverturnRate: opts.baseOverturnRate ?? 0.1,
    pendingRate: opts.pendingRate ?? 0.03, packLabel: opts.packLabel ?? `${pack.artifact.manifest.id}@${pack.artifact.manifest.version}`,
  };
  for (let i = 0; i < opts.n; i++) {
    const request = makeRequest(i, rnd);
    const r = evaluateOne(pack, request, i + 1, { stage: 'mid' });
    if ('error' in r) throw new Error(`generated request ${i + 1} is invalid: ${r.error.message}`);
    yield { request, outcomes: outcomesFor(request, r, rnd, o) };
  }
}

export const OUTCOME_COLUMNS = ['request_id', 'setl_id', 'rule_code', 'pack', 'region', 'institution', 'finding_date', 'amount_flagged', 'stage_reached', 'decision', 'amount_upheld'] as const;

export function csvLine(rec: OutcomeRecord): string {
  return OUTCOME_COLUMNS.map((c) => {
    const s = String(rec[c] ?? '');
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }).join(',');
}
