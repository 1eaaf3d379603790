// Review outcomes as data: one row per finding that went to review, with how far it went (初审 …
// 终审) and what was decided (维持 / 部分维持 / 撤销). This file validates raw rows (from CSV, XLSX,
// JSON or JSONL) into typed outcomes with row-level errors in Chinese and English; it never throws
// on user input and does no I/O (read-outcomes.ts reads files).

export const STAGES = ['first', 'appeal', 'review', 'panel', 'final'] as const;
export type Stage = (typeof STAGES)[number];
export const DECISIONS = ['upheld', 'partly', 'overturned'] as const;
export type Decision = (typeof DECISIONS)[number];

export const STAGE_ZH: Readonly<Record<Stage, string>> = { first: '初审', appeal: '申诉', review: '复审', panel: '合议', final: '终审' };
export const DECISION_ZH: Readonly<Record<Decision, string>> = { upheld: '维持', partly: '部分维持', overturned: '撤销' };

/** One reviewed (or pending) finding. Money in fen (integer) so sums are exact. */
export interface Outcome {
  readonly requestId: string | null;
  readonly setlId: string | null;
  readonly ruleCode: string;
  readonly packId: string | null;
  readonly packVersion: string | null;
  readonly region: string | null;
  readonly institution: string | null;
  readonly findingDate: string; // YYYY-MM-DD
  readonly amountFlagged: number; // fen
  readonly stage: Stage;
  /** null = still pending: counted as a hit, not as reviewed. */
  readonly decision: Decision | null;
  readonly amountUpheld: number | null; // fen; null while pending
}

export interface RowError {
  readonly file: string;
  readonly row: number; // 1-based source line (CSV: the header is line 1)
  readonly column: string | null;
  readonly zh: string;
  readonly en: string;
}

export interface RawInput {
  readonly rows: readonly Record<string, unknown>[];
  readonly lines: readonly number[];
  readonly header: readonly string[];
  readonly problems: readonly { readonly line: number; readonly zh: string; readonly en: string }[];
}

export interface Validated {
  readonly outcomes: readonly Outcome[];
  /** Source line of each outcome (same order). */
  readonly lines: readonly number[];
  readonly errors: readonly RowError[];
  readonly rows: number; // rows read
}

export function formatRowError(e: RowError, lang: 'zh' | 'en'): string {
  const where = `${e.file}:${e.row}${e.column ? `: ${lang === 'zh' ? '列' : 'column'} ${e.column}` : ''}`;
  return `${where}: ${lang === 'zh' ? e.zh : e.en}`;
}

const STAGE_WORDS: Readonly<Record<string, Stage>> = {
  初审: 'first', 申诉: 'appeal', 复审: 'review', 合议: 'panel', 终审: 'final',
  first: 'first', appeal: 'appeal', review: 'review', panel: 'panel', final: 'final',
};
const DECISION_WORDS: Readonly<Record<string, Decision>> = {
  维持: 'upheld', 部分维持: 'partly', 撤销: 'overturned',
  upheld: 'upheld', partly: 'partly', overturned: 'overturned',
};

// Headers as bureaus write them in spreadsheets map onto the canonical columns.
const ALIASES: Readonly<Record<string, string>> = {
  请求id: 'request_id', 结算id: 'setl_id', 规则编码: 'rule_code', 规则id: 'rule_code', rule_id: 'rule_code', 规则包: 'pack',
  区划: 'region', 医保区划: 'region', 机构: 'institution', 定点机构编码: 'institution', fixmedins_code: 'institution',
  违规日期: 'finding_date', 疑点日期: 'finding_date', 违规金额: 'amount_flagged', 疑点金额: 'amount_flagged',
  审核环节: 'stage_reached', stage: 'stage_reached', 结论: 'decision', 认定金额: 'amount_upheld',
};

function canonical(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    const key = k.trim().toLowerCase();
    out[ALIASES[key] ?? key] = v;
  }
  return out;
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object' && v !== null && 'text' in v) return String((v as { text: unknown }).text).trim(); // xlsx rich text
  return String(v).trim();
}

const MONEY = /^\d+(\.\d{1,2})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** yuan text ("12.3", 12.3) → fen, or an error pair. */
function fen(v: unknown): number | { zh: string; en: string } {
  const s = typeof v === 'number' ? String(Math.round(v * 100) / 100) : text(v);
  if (!MONEY.test(s)) {
    return { zh: `金额“${s}”无效：应为不小于 0、最多两位小数的元金额`, en: `amount "${s}" is not valid: write yuan ≥ 0 with at most two decimals` };
  }
  const [int, dec = ''] = s.split('.');
  return Number(int) * 100 + Number((dec + '00').slice(0, 2));
}

export function validateOutcomes(file: string, raw: RawInput): Validated {
  const errors: RowError[] = raw.problems.map((p) => ({ file, row: p.line, column: null, zh: p.zh, en: p.en }));
  const outcomes: Outcome[] = [];
  const lines: number[] = [];
  raw.rows.forEach((r, i) => {
    const line = raw.lines[i] ?? i + 1;
    const rowErrors: RowError[] = [];
    const o = validateRow(canonical(r), (column, zh, en) => rowErrors.push({ file, row: line, column, zh, en }));
    if (rowErrors.length || !o) errors.push(...rowErrors);
    else {
      outcomes.push(o);
      lines.push(line);
    }
  });
  return { outcomes, lines, errors, rows: raw.rows.length };
}

type Report = (column: string | null, zh: string, en: string) => void;

function validateRow(r: Record<string, unknown>, bad: Report): Outcome | null {
  const requestId = text(r['request_id']) || null;
  const setlId = text(r['setl_id']) || null;
  if (!requestId && !setlId) bad('request_id', '缺少 request_id 或 setl_id（至少填一个）', 'missing request_id or setl_id (give at least one)');

  const ruleCode = text(r['rule_code']);
  if (!ruleCode) bad('rule_code', '缺少规则编码', 'missing rule_code');

  let packId: string | null = null;
  let packVersion: string | null = null;
  const pack = text(r['pack']);
  if (pack) {
    const m = /^([A-Za-z0-9_.-]+)@(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)$/.exec(pack);
    if (!m) bad('pack', `规则包“${pack}”应写成 id@版本，如 nhsa.audit@1.0.0`, `pack "${pack}" should be id@version, e.g. nhsa.audit@1.0.0`);
    else [packId, packVersion] = [m[1]!, m[2]!];
  }

  const region = text(r['region']) || null;
  if (region && !/^\d{6}$/.test(region)) bad('region', `区划“${region}”应为6位行政区划代码`, `region "${region}" should be a 6-digit division code`);
  const institution = text(r['institution']) || null;

  const findingDate = text(r['finding_date']);
  if (!findingDate) bad('finding_date', '缺少违规日期（YYYY-MM-DD）', 'missing finding_date (YYYY-MM-DD)');
  else if (!validDate(findingDate)) bad('finding_date', `日期“${findingDate}”无效，应为 YYYY-MM-DD`, `date "${findingDate}" is not a valid YYYY-MM-DD date`);

  let amountFlagged = 0;
  if (text(r['amount_flagged']) === '') bad('amount_flagged', '缺少违规金额', 'missing amount_flagged');
  else {
    const f = fen(r['amount_flagged']);
    if (typeof f === 'number') amountFlagged = f;
    else bad('amount_flagged', f.zh, f.en);
  }

  const stageText = text(r['stage_reached']);
  const stage = STAGE_WORDS[stageText.toLowerCase()];
  if (!stage) {
    bad('stage_reached', stageText ? `审核环节“${stageText}”无效，应为 初审/申诉/复审/合议/终审` : '缺少审核环节（初审/申诉/复审/合议/终审）',
      stageText ? `stage "${stageText}" is not one of 初审/申诉/复审/合议/终审 (first/appeal/review/panel/final)` : 'missing stage_reached (first/appeal/review/panel/final)');
  }

  const decisionText = text(r['decision']);
  const decision = decisionText ? DECISION_WORDS[decisionText.toLowerCase()] ?? null : null;
  if (decisionText && !decision) {
    bad('decision', `结论“${decisionText}”无效，应为 维持/部分维持/撤销（或留空表示未决）`, `decision "${decisionText}" is not upheld/partly/overturned (维持/部分维持/撤销), or empty while pending`);
  }

  const upheldText = text(r['amount_upheld']);
  let amountUpheld: number | null = null;
  if (upheldText !== '') {
    const f = fen(r['amount_upheld']);
    if (typeof f === 'number') amountUpheld = f;
    else bad('amount_upheld', f.zh, f.en);
  }
  if (decision === 'upheld' && amountUpheld === null) amountUpheld = amountFlagged;
  if (decision === 'overturned' && amountUpheld === null) amountUpheld = 0;
  if (decision === 'overturned' && amountUpheld !== null && amountUpheld !== 0) {
    bad('amount_upheld', '结论为撤销时认定金额应为 0 或留空', 'an overturned finding upholds 0: leave amount_upheld empty or write 0');
  }
  if (decision === 'partly' && upheldText === '') bad('amount_upheld', '部分维持须填写认定金额', 'a partly upheld finding needs amount_upheld');
  if (!decisionText && upheldText !== '') bad('amount_upheld', '未决（结论为空）的疑点不应有认定金额', 'a pending finding (no decision) has no amount_upheld yet');
  if (amountUpheld !== null && amountUpheld > amountFlagged) {
    bad('amount_upheld', '认定金额不能大于违规金额', 'amount_upheld cannot exceed amount_flagged');
  }
  if (!stage || !ruleCode) return null;
  return { requestId, setlId, ruleCode, packId, packVersion, region, institution, findingDate, amountFlagged, stage, decision, amountUpheld };
}
