// Replay: evaluate two pack versions over the same historical requests and report, per rule, the
// findings gained, lost and changed, the money gained and lost, the findings that moved to shadow,
// and — where review outcomes exist — the false positives the new version can be expected to raise.
// Pure over loaded packs (runtime only), so the CLI, the registry and the studio can share it.
import { keyedFindings } from './finding-key.js';
import { evaluateOne, type LoadedPack } from '../runtime/index.js';
import type { EvalOptions, EvalResult, Finding } from '../runtime/api.js';

export interface PackRef { readonly id: string; readonly version: string; readonly hash: string }

export interface ReplayRule {
  readonly rule: string;
  readonly name: string;
  readonly oldFindings: number;
  readonly newFindings: number;
  readonly gained: number;
  readonly lost: number; // includes the ones moved to shadow
  readonly changed: number; // same rule and lines, different amount or grade
  readonly movedToShadow: number;
  readonly oldMoney: number; // yuan
  readonly newMoney: number;
  readonly moneyGained: number; // gained findings + increases of changed ones
  readonly moneyLost: number; // lost findings + decreases of changed ones
  readonly fpRate: number | null; // from review outcomes, when there are any
  readonly expectedFp: number | null; // fpRate × newFindings
}

export interface ReplayTotals {
  readonly oldFindings: number;
  readonly newFindings: number;
  readonly gained: number;
  readonly lost: number;
  readonly changed: number;
  readonly movedToShadow: number;
  readonly oldMoney: number;
  readonly newMoney: number;
  readonly moneyGained: number;
  readonly moneyLost: number;
  readonly expectedFp: number; // over rules with outcomes
}

export interface ReplayReport {
  readonly format: 'liangku-replay/1';
  readonly old: PackRef;
  readonly new: PackRef;
  readonly stage: string;
  readonly requests: number;
  readonly errors: { readonly old: number; readonly new: number };
  readonly totals: ReplayTotals;
  readonly rules: readonly ReplayRule[];
  readonly throughput: { readonly oldPerSecond: number; readonly newPerSecond: number; readonly replayPerSecond: number; readonly seconds: number };
}

export interface ReplayOptions extends EvalOptions {
  /** Per-rule false-positive rate from review outcomes (governance/metrics.ts fpRates). */
  readonly fpRates?: ReadonlyMap<string, { rate: number }>;
}

interface Acc {
  name: string; oldFindings: number; newFindings: number; gained: number; lost: number; changed: number; moved: number;
  oldFen: number; newFen: number; gainedFen: number; lostFen: number;
}

const fenOf = (yuan: number) => Math.round(yuan * 100);

export function packRef(p: LoadedPack): PackRef {
  const a = p.artifact;
  return { id: a.manifest.id, version: a.manifest.version, hash: a.hash };
}

export async function replay(
  oldPack: LoadedPack, newPack: LoadedPack, requests: AsyncIterable<unknown> | Iterable<unknown>, opts: ReplayOptions = {},
): Promise<ReplayReport> {
  const accs = new Map<string, Acc>();
  const acc = (f: Finding) => {
    let a = accs.get(f.rule_id);
    if (!a) accs.set(f.rule_id, (a = { name: f.rule_name, oldFindings: 0, newFindings: 0, gained: 0, lost: 0, changed: 0, moved: 0, oldFen: 0, newFen: 0, gainedFen: 0, lostFen: 0 }));
    return a;
  };
  const evalOpts: EvalOptions = { stage: opts.stage ?? 'mid', ...(opts.scenario ? { scenario: opts.scenario } : {}), ...(opts.asOf ? { asOf: opts.asOf } : {}) };
  let n = 0;
  let errOld = 0;
  let errNew = 0;
  let tOld = 0;
  let tNew = 0;
  const t0 = performance.now();
  for await (const raw of requests as AsyncIterable<unknown>) {
    if (typeof raw === 'string' && raw.trim() === '') continue;
    n++;
    // Parse once; the runtime does not modify a request, so both versions see the same object.
    let item: unknown = raw;
    if (typeof raw === 'string') {
      try { item = JSON.parse(raw); } catch { item = raw; }
    }
    const a0 = performance.now();
    const ra = evaluateOne(oldPack, item, n, evalOpts);
    const a1 = performance.now();
    const rb = evaluateOne(newPack, item, n, evalOpts);
    const a2 = performance.now();
    tOld += a1 - a0;
    tNew += a2 - a1;
    const okA = !('error' in ra);
    const okB = !('error' in rb);
    if (!okA) errOld++;
    if (!okB) errNew++;
    if (!okA && !okB) continue;
    const A = keyedFindings(okA ? (ra as EvalResult).findings : []);
    const B = keyedFindings(okB ? (rb as EvalResult).findings : []);
    const S = keyedFindings(okB ? (rb as EvalResult).shadow : []);
    for (const f of A.values()) { const x = acc(f); x.oldFindings++; x.oldFen += fenOf(f.amount); }
    for (const f of B.values()) { const x = acc(f); x.newFindings++; x.newFen += fenOf(f.amount); }
    for (const [k, f] of B) {
      const old = A.get(k);
      const x = acc(f);
      if (!old) { x.gained++; x.gainedFen += fenOf(f.amount); continue; }
      if (old.amount !== f.amount || old.result !== f.result) {
        x.changed++;
        const d = fenOf(f.amount) - fenOf(old.amount);
        if (d > 0) x.gainedFen += d; else x.lostFen -= d;
      }
    }
    for (const [k, f] of A) {
      if (B.has(k)) continue;
      const x = acc(f);
      x.lost++;
      x.lostFen += fenOf(f.amount);
      if (S.has(k)) x.moved++;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const rules: ReplayRule[] = [...accs.entries()].map(([rule, a]) => {
    const fp = opts.fpRates?.get(rule);
    return {
      rule, name: a.name, oldFindings: a.oldFindings, newFindings: a.newFindings, gained: a.gained, lost: a.lost, changed: a.changed,
      movedToShadow: a.moved, oldMoney: a.oldFen / 100, newMoney: a.newFen / 100, moneyGained: a.gainedFen / 100, moneyLost: a.lostFen / 100,
      fpRate: fp ? fp.rate : null, expectedFp: fp ? round2(fp.rate * a.newFindings) : null,
    };
  }).sort((x, y) => y.lost + y.gained + y.changed - (x.lost + x.gained + x.changed) || x.rule.localeCompare(y.rule));
  const sum = (f: (r: ReplayRule) => number) => rules.reduce((s, r) => s + f(r), 0);
  const sumFen = (f: (r: ReplayRule) => number) => Math.round(sum((r) => Math.round(f(r) * 100))) / 100;
  return {
    format: 'liangku-replay/1',
    old: packRef(oldPack),
    new: packRef(newPack),
    stage: evalOpts.stage ?? 'mid',
    requests: n,
    errors: { old: errOld, new: errNew },
    totals: {
      oldFindings: sum((r) => r.oldFindings), newFindings: sum((r) => r.newFindings), gained: sum((r) => r.gained), lost: sum((r) => r.lost),
      changed: sum((r) => r.changed), movedToShadow: sum((r) => r.movedToShadow),
      oldMoney: sumFen((r) => r.oldMoney), newMoney: sumFen((r) => r.newMoney), moneyGained: sumFen((r) => r.moneyGained), moneyLost: sumFen((r) => r.moneyLost),
      expectedFp: round2(sum((r) => r.expectedFp ?? 0)),
    },
    rules,
    throughput: {
      oldPerSecond: tOld > 0 ? Math.round((n / tOld) * 1000) : 0,
      newPerSecond: tNew > 0 ? Math.round((n / tNew) * 1000) : 0,
      replayPerSecond: seconds > 0 ? Math.round(n / seconds) : 0,
      seconds: Math.round(seconds * 1000) / 1000,
    },
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
