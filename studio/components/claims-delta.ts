// Which findings appear or disappear between two pack versions over a claims file: the file is read
// in the page (JSONL, a JSON array of requests, or one request), both versions evaluate it on the
// server, and findings are matched by request with governance/finding-key.ts — as `liangku diff --claims` and
// replay do, with the findings themselves kept so the page can list them.
import type { EvalResult, Finding } from '../../runtime/api.js';
import { keyedFindings } from '../../governance/finding-key.js';

export interface ParsedClaims {
  readonly requests: readonly unknown[];
  readonly errors: readonly string[];
}

/** A claims file's requests: a JSON array, one JSON object, or JSONL (blank lines skipped). */
export function parseClaims(text: string): ParsedClaims {
  const trimmed = text.trim();
  if (!trimmed) return { requests: [], errors: ['the file is empty / 文件为空'] };
  try {
    const v = JSON.parse(trimmed) as unknown;
    if (Array.isArray(v)) return { requests: v, errors: [] };
    if (v && typeof v === 'object') return { requests: [v], errors: [] };
  } catch {
    // Not one JSON value: read it as JSONL below.
  }
  const requests: unknown[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const v = JSON.parse(line) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) requests.push(v);
      else errors.push(`line ${i + 1}: not a request object / 第 ${i + 1} 行不是请求对象`);
    } catch {
      errors.push(`line ${i + 1}: not valid JSON / 第 ${i + 1} 行不是有效的 JSON`);
    }
  });
  return { requests, errors };
}

export interface MovedFinding {
  readonly request: string; // request_id, else its 1-based position
  readonly finding: Finding;
}
export interface RuleDelta {
  readonly rule: string;
  readonly name: string;
  readonly appeared: readonly MovedFinding[];
  readonly disappeared: readonly MovedFinding[];
  readonly moneyAppeared: number; // yuan
  readonly moneyDisappeared: number;
}
export interface ClaimsDelta {
  readonly requests: number;
  /** Requests either version could not evaluate (an EvalError), with why. */
  readonly failed: readonly string[];
  readonly findingsBefore: number;
  readonly findingsAfter: number;
  readonly rules: readonly RuleDelta[];
}

type Item = EvalResult | { readonly line?: number; readonly request_id?: string; readonly error: { readonly message: string } };

const cents = (n: number): number => Math.round(n * 100) / 100;

/** Match the two versions' results request by request; findings are keyed by rule and violation lines. */
export function claimsDelta(before: readonly Item[], after: readonly Item[]): ClaimsDelta {
  const rules = new Map<string, { name: string; appeared: MovedFinding[]; disappeared: MovedFinding[] }>();
  const bucket = (f: Finding) => {
    let r = rules.get(f.rule_id);
    if (!r) rules.set(f.rule_id, (r = { name: f.rule_name, appeared: [], disappeared: [] }));
    return r;
  };
  const failed: string[] = [];
  let findingsBefore = 0;
  let findingsAfter = 0;
  const n = Math.max(before.length, after.length);
  for (let i = 0; i < n; i++) {
    const a = before[i];
    const b = after[i];
    const id = (a && 'request_id' in a && a.request_id) || (b && 'request_id' in b && b.request_id) || `#${i + 1}`;
    if (!a || !b || 'error' in a || 'error' in b) {
      const why = (a && 'error' in a && a.error.message) || (b && 'error' in b && b.error.message) || 'no result';
      failed.push(`${id}: ${why}`);
      continue;
    }
    findingsBefore += a.findings.length;
    findingsAfter += b.findings.length;
    const A = keyedFindings(a.findings);
    const B = keyedFindings(b.findings);
    for (const [k, f] of B) if (!A.has(k)) bucket(f).appeared.push({ request: id, finding: f });
    for (const [k, f] of A) if (!B.has(k)) bucket(f).disappeared.push({ request: id, finding: f });
  }
  const sum = (xs: readonly MovedFinding[]) => cents(xs.reduce((s, x) => s + x.finding.amount, 0));
  return {
    requests: n,
    failed,
    findingsBefore,
    findingsAfter,
    rules: [...rules].map(([rule, r]) => ({ rule, name: r.name, appeared: r.appeared, disappeared: r.disappeared, moneyAppeared: sum(r.appeared), moneyDisappeared: sum(r.disappeared) })),
  };
}
