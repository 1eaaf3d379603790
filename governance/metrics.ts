// Metrics per rule (optionally split by region, institution or month) from review outcomes:
// hits, money flagged and upheld, appeal rate, and the overturn rate — the false-positive rate —
// with a 95% Wilson interval. Pure: the CLI, the registry route and the studio share it.
import type { Outcome } from './outcomes.js';
import { propose, DEFAULT_TRIGGERS, type Proposal, type Trigger } from './triggers.js';
import { wilson, type Interval } from './wilson.js';

export type GroupBy = 'rule' | 'region' | 'institution' | 'month';

export interface StatsOptions {
  readonly by?: GroupBy;
  readonly packId?: string;
  readonly since?: string; // YYYY-MM-DD, inclusive
  readonly minReviewed?: number;
  readonly triggers?: readonly Trigger[];
}

export interface RuleStats {
  readonly rule: string;
  /** The region / institution / month when split; null for `by rule`. */
  readonly group: string | null;
  readonly hits: number;
  readonly reviewed: number; // with a decision
  readonly pending: number;
  readonly upheld: number;
  readonly partly: number;
  readonly overturned: number;
  readonly appealed: number; // stage beyond 初审
  readonly appealRate: number; // appealed / hits
  readonly moneyFlagged: number; // yuan
  readonly moneyUpheld: number; // yuan (decided findings only)
  readonly fp: Interval; // overturned / reviewed
  readonly proposal: Proposal | null;
}

export interface StatsReport {
  readonly by: GroupBy;
  readonly outcomes: number; // after filters
  readonly rules: readonly RuleStats[];
}

function groupOf(o: Outcome, by: GroupBy): string | null {
  if (by === 'region') return o.region ?? '(none)';
  if (by === 'institution') return o.institution ?? '(none)';
  if (by === 'month') return o.findingDate.slice(0, 7);
  return null;
}

interface Acc {
  rule: string; group: string | null; hits: number; reviewed: number; upheld: number; partly: number; overturned: number;
  appealed: number; flagged: number; upheldFen: number;
}

export function computeStats(outcomes: Iterable<Outcome>, opts: StatsOptions = {}): StatsReport {
  const by = opts.by ?? 'rule';
  const accs = new Map<string, Acc>();
  let n = 0;
  for (const o of outcomes) {
    if (opts.packId !== undefined && o.packId !== opts.packId) continue;
    if (opts.since !== undefined && o.findingDate < opts.since) continue;
    n++;
    const group = groupOf(o, by);
    const key = `${o.ruleCode}\u0000${group ?? ''}`;
    let a = accs.get(key);
    if (!a) accs.set(key, (a = { rule: o.ruleCode, group, hits: 0, reviewed: 0, upheld: 0, partly: 0, overturned: 0, appealed: 0, flagged: 0, upheldFen: 0 }));
    a.hits++;
    a.flagged += o.amountFlagged;
    if (o.stage !== 'first') a.appealed++;
    if (o.decision) {
      a.reviewed++;
      a[o.decision === 'upheld' ? 'upheld' : o.decision === 'partly' ? 'partly' : 'overturned']++;
      a.upheldFen += o.amountUpheld ?? 0;
    }
  }
  const triggers = opts.triggers ?? DEFAULT_TRIGGERS;
  const rules = [...accs.values()]
    .filter((a) => a.reviewed >= (opts.minReviewed ?? 0))
    .map((a): RuleStats => {
      const fp = wilson(a.overturned, a.reviewed);
      return {
        rule: a.rule, group: a.group, hits: a.hits, reviewed: a.reviewed, pending: a.hits - a.reviewed,
        upheld: a.upheld, partly: a.partly, overturned: a.overturned, appealed: a.appealed,
        appealRate: a.hits ? a.appealed / a.hits : 0, moneyFlagged: a.flagged / 100, moneyUpheld: a.upheldFen / 100,
        fp, proposal: propose(fp, a.reviewed, triggers),
      };
    })
    // Worst first: highest FP rate, then the one with more evidence, then by code for a stable order.
    .sort((x, y) => y.fp.p - x.fp.p || y.reviewed - x.reviewed || x.rule.localeCompare(y.rule) || (x.group ?? '').localeCompare(y.group ?? ''));
  return { by, outcomes: n, rules };
}

/** Per-rule FP rate (by rule only), for replay's expected false positives. */
export function fpRates(report: StatsReport): Map<string, { rate: number; reviewed: number }> {
  const m = new Map<string, { rate: number; reviewed: number }>();
  for (const r of report.rules) if (r.group === null && r.reviewed > 0) m.set(r.rule, { rate: r.fp.p, reviewed: r.reviewed });
  return m;
}
