// Batch (事后) evaluation: grouped indicators accumulate over many requests (per institution, doctor,
// insured person, day, month…), then batch rules iterate the groups and produce findings on
// institutions or persons (`subject`), with the same grades, messages, explanations and provenance
// as per-request findings. Requests are added one by one (streaming); `finish` runs the rules.
import type { EvalOptions, Finding } from '../api.js';
import type { IrIndicator, IrStage } from '../artifact/ir.js';
import type { Expr } from '../artifact/ir-node.js';
import type { LoadedPack } from '../load/loaded-pack.js';
import { dayFromText, dayToText } from '../values/dates.js';
import { formatValue } from '../values/format.js';
import { explainRule } from './explain.js';
import { buildFinding, gradeOf } from './findings.js';
import { interpret } from './interpret.js';
import { evaluationDay } from './request.js';
import { inPeriod, makeCtx, type RequestCtx } from './run-ctx.js';
import { interpretRule } from './rule-runner.js';
import { paramsFor, scenarioOf } from './evaluate.js';
import type { CompiledRules } from './rule-code.js';

export interface BatchResult {
  readonly batch: true;
  readonly stage: IrStage;
  readonly pack: { readonly id: string; readonly version: string; readonly layers: readonly string[] };
  readonly requests: number;
  /** Number of groups per grouped indicator. */
  readonly groups: Readonly<Record<string, number>>;
  readonly findings: readonly Finding[];
  readonly shadow?: readonly Finding[];
}

interface Group {
  readonly keys: unknown[];
  readonly items: unknown[];
}

/** What a group record's key fields mean, for subjects and messages. */
const GROUP_SUBJECT = new WeakMap<object, Record<string, string>>();

export class BatchCollector {
  private readonly grouped: IrIndicator[];
  private readonly acc = new Map<string, Map<string, Group>>();
  private n = 0;
  private lastDay: number | undefined;
  /** Parameter values with the scenario's settings: the same for every request, so worked out once
   * (on first use: an unknown scenario is reported by the per-request evaluation, not here). */
  private paramsMemo: ReadonlyMap<string, unknown> | undefined;
  private get params(): ReadonlyMap<string, unknown> {
    return (this.paramsMemo ??= paramsFor(this.pack, scenarioOf(this.pack, this.options.scenario)));
  }

  constructor(
    private readonly pack: LoadedPack,
    private readonly options: EvalOptions = {},
  ) {
    this.grouped = pack.artifact.indicators.filter((i) => i.per.length > 0);
    for (const i of this.grouped) this.acc.set(i.name, new Map());
  }

  /** Whether the pack has anything to do in batch mode. */
  get active(): boolean {
    return this.grouped.length > 0;
  }

  /** Add one request that evaluated successfully (validated already). */
  add(request: Record<string, unknown>): void {
    this.n++;
    const enc = request['encounter'] as Record<string, unknown>;
    const day = evaluationDay(enc, this.options.asOf);
    if (this.lastDay === undefined || day > this.lastDay) this.lastDay = day;
    const ctx = makeCtx(this.pack, request, day, this.params, dayFromText);
    for (const ind of this.grouped) {
      const vars = new Array<unknown>(ind.vars.length);
      const elements = ind.unit ? asList(interpret(ind.unit.src as Expr, ctx, vars)) : [request];
      for (const el of elements) {
        if (ind.unit) vars[ind.unit.v] = el;
        if (ind.where && interpret(ind.where as Expr, ctx, vars) !== true) continue;
        const keys = ind.per.map((p) => interpret(p.e as Expr, ctx, vars));
        const kt = JSON.stringify(keys.map((k) => (k === undefined ? null : k)));
        const groups = this.acc.get(ind.name)!;
        let g = groups.get(kt);
        if (!g) groups.set(kt, (g = { keys, items: [] }));
        g.items.push(el);
      }
    }
  }

  /** Compute every group's value, run the batch rules, return their findings. */
  finish(): BatchResult {
    const a = this.pack.artifact;
    const stage: IrStage = 'post';
    const scenario = scenarioOf(this.pack, this.options.scenario);
    const asOf = this.options.asOf ? (dayFromText(this.options.asOf) ?? this.lastDay ?? 0) : (this.lastDay ?? 0);
    const ctx = makeCtx(this.pack, { patient: {}, encounter: {}, history: [] }, asOf, this.params, dayFromText);
    const records = new Map<string, Map<string, Record<string, unknown>>>();
    for (const ind of this.grouped) records.set(ind.name, this.groupRecords(ind, ctx));
    const batchCtx: RequestCtx = Object.assign(Object.create(ctx) as RequestCtx, {
      groups: (name: string) => [...(records.get(name)?.values() ?? [])],
      groupLookup: (name: string, keys: readonly unknown[]) => records.get(name)?.get(JSON.stringify(keys.map((k) => (k === undefined ? null : k)))),
    });
    const findings: Finding[] = [];
    const shadow: Finding[] = [];
    for (const r of a.rules) {
      if (!r.batch || (r.state !== 'active' && r.state !== 'shadow') || !r.stages.includes(stage) || !inPeriod(r.effective, asOf, dayFromText)) continue;
      if (scenario && (scenario.exclude.includes(r.code) || (scenario.include !== 'all' && !scenario.include.includes(r.code)))) continue;
      const out = r.state === 'shadow' ? shadow : findings;
      const make = (vars: unknown[]) => withSubject(buildFinding(r, gradeOf(r, stage, scenario), batchCtx, vars), r.flag as Expr[], batchCtx, vars);
      if (this.options.explain || r.state === 'shadow') {
        const bucket: Finding[] = [];
        explainRule(this.pack, r, batchCtx, make, bucket);
        out.push(...bucket);
      } else {
        // The generated code when the pack was loaded compiled; the reference interpreter otherwise.
        const compiled = this.pack.mode === 'compiled' ? (this.pack.compiled as CompiledRules | undefined)?.rules[a.rules.indexOf(r)] : undefined;
        (compiled ?? interpretRule(r)).run(batchCtx, (vars) => out.push(make(vars)));
      }
    }
    return {
      batch: true,
      stage,
      pack: { id: a.manifest.id, version: a.manifest.version, layers: a.manifest.layers.map((l) => `${l.id}@${l.version}`) },
      requests: this.n,
      groups: Object.fromEntries([...records].map(([k, v]) => [k, v.size])),
      findings,
      ...(shadow.length ? { shadow } : {}),
    };
  }

  private groupRecords(ind: IrIndicator, ctx: RequestCtx): Map<string, Record<string, unknown>> {
    const out = new Map<string, Record<string, unknown>>();
    for (const [kt, g] of this.acc.get(ind.name)!) {
      const vars = new Array<unknown>(ind.vars.length);
      if (ind.itemsVar !== undefined) vars[ind.itemsVar] = g.items;
      const value = interpret(ind.value as Expr, ctx, vars);
      const rec: Record<string, unknown> = { value, items: g.items, count: g.items.length };
      const subject: Record<string, string> = {};
      ind.per.forEach((p, i) => {
        rec[p.name] = g.keys[i];
        subject[p.name] = keyText(g.keys[i], p.e as Expr);
      });
      GROUP_SUBJECT.set(rec, subject);
      out.set(kt, rec);
    }
    return out;
  }
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v instanceof Set ? [...v] : [];
}

/** Key values as text for subjects: dates print as YYYY-MM-DD. */
function keyText(v: unknown, e: Expr): string {
  if (v === undefined || v === null) return '';
  const d = 'd' in e ? (e as { d?: string }).d : undefined;
  if (d === 'date' && typeof v === 'number') return dayToText(v);
  return formatValue(v, d as never);
}

/** A batch finding names what it is about: the keys of the flagged group(s). */
function withSubject(f: Finding, flags: readonly Expr[], ctx: RequestCtx, vars: unknown[]): Finding {
  for (const e of flags) {
    const v = interpret(e, ctx, vars);
    const s = v && typeof v === 'object' ? GROUP_SUBJECT.get(v) : undefined;
    if (s) return { ...f, subject: s };
  }
  return f;
}
