// Our results → the platform's 3101/3102 output: one output.result[] entry (违规信息) per finding,
// its lines as judge_result_detail_dtos (1违规项 / 2涉及项) pointing back at fsi_order_dtos by rx_id.
import { createHash } from 'node:crypto';
import type { EvalError, EvalResult, Finding } from '../../runtime/index.js';
import type { MappedRequest } from './map-3101.js';
import type { JudgeResult, JudgeResultDetail, PlatformResponse } from './platform-types.js';

/** 严重程度 (sev_deg): 1明确违规 2高度可疑 3轻度可疑. */
export const SEV_DEG = { definite: '1', suspicious: '2', reminder: '3' } as const;

/**
 * 违规行为分类 (vola_bhvr_type): the platform's dictionary is not public, so we send our own code for
 * the first segment of the rule's class (documented in docs/http-api.md).
 */
export const BEHAVIOUR_TYPE: Readonly<Record<string, string>> = {
  政策类: '1',
  医学类: '2',
  管理类: '3',
  价格类: '4',
  医保管理类: '3',
};

export function behaviourType(cls: string): string {
  return BEHAVIOUR_TYPE[cls.split('/')[0]?.trim() ?? ''] ?? '9';
}

/**
 * 违规金额计算状态 (vola_amt_stas): dictionary not public; ours: "1" = vola_amt is a computed
 * amount, "0" = no amount applies (a reminder or a claim-level finding without money).
 */
export const amountStatus = (f: Finding): '0' | '1' => (f.amount !== 0 || f.lines.some((l) => l.role === 'violation') ? '1' : '0');

/** 违规标识: stable for the same call, patient, encounter, rule and position (so 3103 feedback can name it), ≤ 50 chars. */
export function judgeId(parts: readonly (string | number | undefined)[]): string {
  return createHash('sha256').update(parts.map((p) => String(p ?? '')).join('\u0000')).digest('hex').slice(0, 32);
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A finding is reported unless every violation line is a context order (curr_drord_flag "0"). */
export function concernsCurrentOrders(f: Finding, contextOrders: ReadonlySet<string>): boolean {
  const violations = f.lines.filter((l) => l.role === 'violation');
  return violations.length === 0 || violations.some((l) => !contextOrders.has(l.feedetl_sn));
}

export function toJudgeResult(f: Finding, m: Pick<MappedRequest, 'patn_id' | 'mdtrt_id'>, n: number, taskId?: string, callId?: string): JudgeResult {
  const jr_id = judgeId([callId, taskId, m.patn_id, m.mdtrt_id, f.rule_id, n]);
  const details: JudgeResultDetail[] = f.lines.map((l, k) => ({
    jrd_id: `${jr_id}-${k + 1}`,
    patn_id: m.patn_id,
    mdtrt_id: m.mdtrt_id,
    rx_id: l.feedetl_sn,
    vola_item_type: l.role === 'violation' ? '1' : '2',
    vola_amt: l.role === 'violation' ? (l.amount ?? 0) : 0,
  }));
  // judge_result_detail_dtos is required: a claim-level finding gets one detail for the encounter itself.
  if (details.length === 0) details.push({ jrd_id: `${jr_id}-1`, patn_id: m.patn_id, mdtrt_id: m.mdtrt_id, vola_item_type: '1', vola_amt: f.amount });
  return {
    jr_id,
    rule_id: f.rule_id,
    rule_name: clip(f.rule_name, 200),
    vola_cont: clip(f.message, 500),
    patn_id: m.patn_id,
    mdtrt_id: m.mdtrt_id,
    judge_result_detail_dtos: details,
    vola_amt: f.amount,
    vola_amt_stas: amountStatus(f),
    sev_deg: SEV_DEG[f.result as keyof typeof SEV_DEG] ?? '2',
    vola_evid: clip(f.basis, 500),
    vola_bhvr_type: behaviourType(f.class),
    ...(taskId !== undefined ? { task_id: taskId } : {}),
  };
}

export interface PatientOutcome {
  mapped: MappedRequest;
  result: EvalResult | EvalError;
}

/** All findings of one call, in patient order then finding order; rule_ids (when given) filter them. */
export function toJudgeResults(outcomes: readonly PatientOutcome[], opts: { taskId?: string; callId?: string; ruleIds?: ReadonlySet<string> }): { result: JudgeResult[]; problems: string[] } {
  const result: JudgeResult[] = [];
  const problems: string[] = [];
  for (const { mapped, result: r } of outcomes) {
    if ('error' in r) {
      problems.push(`patient ${mapped.patn_id}: ${r.error.message}${r.error.path ? ` (at ${r.error.path})` : ''}`);
      continue;
    }
    const perRule = new Map<string, number>();
    for (const f of r.findings) {
      if (opts.ruleIds && !opts.ruleIds.has(f.rule_id)) continue;
      if (!concernsCurrentOrders(f, mapped.contextOrders)) continue;
      const n = (perRule.get(f.rule_id) ?? 0) + 1;
      perRule.set(f.rule_id, n);
      result.push(toJudgeResult(f, mapped, n, opts.taskId, opts.callId));
    }
  }
  return { result, problems };
}

let lastSecond = NaN;
let lastText = '';
/** yyyy-MM-dd HH:mm:ss in local wall-clock time, as the platform writes times (formatted once a second). */
export function platformTime(d: Date = new Date()): string {
  const second = Math.floor(d.getTime() / 1000);
  if (second !== lastSecond) {
    const p = (n: number) => String(n).padStart(2, '0');
    lastText = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
    lastSecond = second;
  }
  return lastText;
}

/** The response envelope: infcode 0 when every patient was audited, -1 (with err_msg) otherwise. */
export function envelope(result: JudgeResult[], problems: readonly string[], msgid: string | null, receivedAt: Date): PlatformResponse {
  return {
    infcode: problems.length ? -1 : 0,
    inf_refmsgid: msgid,
    refmsg_time: platformTime(receivedAt),
    respond_time: platformTime(),
    enctype: null,
    signtype: null,
    err_msg: problems.length ? problems.join('; ') : null,
    output: { result },
  };
}
