// Evaluate one audit request against a loaded pack (PREAMBLE "Rule semantics").
import type { EvalOptions, EvalResult, Finding, Notice } from '../api.js';
import type { IrRule, IrScene, IrScenario, IrStage } from '../artifact/ir.js';
import type { Expr } from '../artifact/ir-node.js';
import type { LoadedPack } from '../load/loaded-pack.js';
import type { CompiledRules, RuleCode } from './rule-code.js';
import { checkRequest, encounterScenes, evaluationDay, badRequest } from './request.js';
import { makeCtx, inPeriod, type RequestCtx } from './run-ctx.js';
import { interpret } from './interpret.js';
import { interpretRule } from './rule-runner.js';
import { buildFinding, gradeOf } from './findings.js';
import { findingCode, type FindingCode } from '../codegen/finding-code.js';
import { explainCompute, explainRule } from './explain.js';
import { paramValue } from '../load/load-pack.js';
import { dayFromText, dayToText } from '../values/dates.js';
import { toYuan } from '../values/money.js';
import { textOf } from '../values/text.js';

const interpreted = new WeakMap<IrRule, RuleCode>();
function interpretedRule(r: IrRule): RuleCode {
  let c = interpreted.get(r);
  if (!c) interpreted.set(r, (c = interpretRule(r)));
  return c;
}

export function scenarioOf(pack: LoadedPack, name: string | undefined): IrScenario | undefined {
  if (name === undefined) return undefined;
  const s = pack.scenarios.get(name);
  if (!s) throw badRequest(`unknown scenario ${name}; the pack has ${[...pack.scenarios.keys()].join(', ') || 'none'} / 规则包中没有场景 ${name}`, '');
  return s;
}

export function paramsFor(pack: LoadedPack, scenario: IrScenario | undefined): ReadonlyMap<string, unknown> {
  if (!scenario || scenario.set.length === 0) return pack.params;
  const m = new Map(pack.params);
  for (const s of scenario.set) m.set(s.param, paramValue(s.value, pack.paramIr.get(s.param)?.d ?? 'any'));
  return m;
}

function selected(r: IrRule, scenario: IrScenario | undefined): boolean {
  if (!scenario) return true;
  const hit = (code: string) => code === r.code || code === r.class;
  if (scenario.exclude.some(hit)) return false;
  return scenario.include === 'all' || scenario.include.some(hit);
}

function someScene(list: readonly IrScene[], scenes: Set<IrScene>): boolean {
  for (const s of list) if (scenes.has(s)) return true;
  return false;
}

/** Whether the rule runs for this request (state, stage, scenes, period, scenario, excludes). */
export function runs(r: IrRule, stage: IrStage, scenes: Set<IrScene>, ctx: RequestCtx, scenario: IrScenario | undefined): boolean {
  if (r.state !== 'active' && r.state !== 'shadow') return false;
  if (r.batch) return false; // batch rules run once over many requests (eval/batch.ts)
  if (!r.stages.includes(stage)) return false;
  if (r.scenes.length && !someScene(r.scenes, scenes)) return false;
  if (!inPeriod(r.effective, ctx.asOf, dayFromText)) return false;
  if (!selected(r, scenario)) return false;
  for (const x of r.excludes) if (interpret(x.when as Expr, ctx, new Array(r.vars.length)) === true) return false;
  return true;
}

interface CompiledPlan {
  /** Whether rule i runs in the fused pass (fused and not shadow: shadow rules are explained). */
  readonly inFused: readonly boolean[];
  /** Rule i's finding expressions compiled, or null (interpreted). */
  readonly codes: readonly (FindingCode | null)[];
}
const plans = new WeakMap<object, CompiledPlan>();
/** What never changes between requests of a compiled pack, worked out once. */
function compiledPlan(pack: LoadedPack, compiled: CompiledRules): CompiledPlan {
  let p = plans.get(compiled);
  if (!p) {
    const inFused = pack.rules.map(() => false);
    for (const i of compiled.fused?.indexes ?? []) inFused[i] = pack.rules[i].state !== 'shadow';
    p = { inFused, codes: pack.rules.map((r) => findingCode(r)) };
    plans.set(compiled, p);
  }
  return p;
}

const STAGES: readonly string[] = ['pre', 'mid', 'post'];

const LAYER_NAMES = new WeakMap<object, readonly string[]>();
/** `id@version` of each layer, made once per artifact (each result gets its own copy of the list). */
function layerNames(a: LoadedPack['artifact']): readonly string[] {
  let names = LAYER_NAMES.get(a);
  if (!names) LAYER_NAMES.set(a, (names = a.manifest.layers.map((l) => `${l.id}@${l.version}`)));
  return names;
}

/** int/days computes are counts, not money: they leave as they are. */
export const isWhole = (type: string): boolean => /^(int|days)\b/.test(type);

export function evaluate(pack: LoadedPack, request: unknown, options: EvalOptions = {}): EvalResult {
  const a = pack.artifact;
  checkRequest(request, a);
  const scenario = scenarioOf(pack, options.scenario);
  const stage: IrStage = options.stage ?? scenario?.stage ?? 'mid';
  if (!STAGES.includes(stage)) throw badRequest(`stage should be pre, mid or post, got ${JSON.stringify(stage)} / 审核环节应为 pre、mid 或 post`, '');
  const asOf = evaluationDay(request.encounter, options.asOf);
  const scenes = encounterScenes(request.patient, request.encounter);
  const ctx = makeCtx(pack, request, asOf, paramsFor(pack, scenario), dayFromText);
  const inScenarioScenes = !scenario?.scenes || scenario.scenes.some((s) => scenes.has(s));

  const rules = pack.rules;
  const n = rules.length;
  const compiled = pack.mode === 'compiled' && !options.explain ? (pack.compiled as CompiledRules | undefined) : undefined;
  const plan = compiled ? compiledPlan(pack, compiled) : undefined;
  // Per-rule findings, made only for rules that find something (most rules find nothing on most requests).
  const buckets: (Finding[] | undefined)[] = new Array(n).fill(undefined);
  const notices: Notice[] = [];
  const emitAt = (i: number, vars: unknown[]): void => {
    const r = rules[i];
    (buckets[i] ??= []).push(buildFinding(r, gradeOf(r, stage, scenario), ctx, vars, plan?.codes[i]));
  };
  // One emitter for every rule run in turn (no closure per rule per request).
  let current = 0;
  const emitCurrent = (vars: unknown[]): void => emitAt(current, vars);
  // One failing rule (a runtime bug or an unforeseen value) must not cost the request its other findings.
  const fail = (i: number, e: unknown): void => {
    buckets[i] = undefined;
    notices.push({ code: 'rule-failed', subject: rules[i].code, message: `rule ${rules[i].code} failed on this request: ${e instanceof Error ? e.message : String(e)} / 规则执行失败` });
  };
  const on: boolean[] = new Array(n).fill(false);
  if (inScenarioScenes) {
    for (let i = 0; i < n; i++) {
      try {
        on[i] = runs(rules[i], stage, scenes, ctx, scenario);
      } catch (e) {
        fail(i, e);
      }
    }
  }
  // Shadow rules are always explained (they are under review), so they take the interpreter path.
  const explained = (r: IrRule) => options.explain === true || r.state === 'shadow';
  let fusedOk = false;
  if (compiled?.fused && plan) {
    const idx = compiled.fused.indexes;
    const onFused = idx.map((i) => on[i] && plan.inFused[i]);
    fusedOk = true;
    try {
      if (onFused.includes(true)) compiled.fused.run(ctx, onFused, (k, vars) => emitAt(idx[k], vars));
    } catch {
      for (const i of idx) buckets[i] = undefined;
      fusedOk = false; // rerun them one by one so only the failing rule is lost
    }
  }
  for (let i = 0; i < n; i++) {
    if (!on[i] || (fusedOk && plan!.inFused[i])) continue;
    const r = rules[i];
    try {
      if (explained(r)) {
        // A shadow rule is explained, but only when it fires: run the generated code first and pay
        // for the interpreter's explanation only on requests where it finds something.
        if (r.state === 'shadow' && options.explain !== true && compiled) {
          let fired = false;
          compiled.rules[i]!.run(ctx, () => (fired = true));
          if (!fired) continue;
        }
        explainRule(pack, r, ctx, (vars) => buildFinding(r, gradeOf(r, stage, scenario), ctx, vars), (buckets[i] ??= []));
      } else {
        current = i;
        (compiled ? compiled.rules[i] : interpretedRule(r)).run(ctx, emitCurrent);
      }
    } catch (e) {
      fail(i, e);
    }
  }

  const findings: Finding[] = [];
  const shadow: Finding[] = [];
  for (let i = 0; i < n; i++) {
    const b = buckets[i];
    if (b) (rules[i].state === 'shadow' ? shadow : findings).push(...b);
  }

  const values: Record<string, number | null> = {};
  for (const c of a.computes) {
    let out: ReturnType<typeof ctx.compute>;
    try {
      out = ctx.compute(c.name);
    } catch (e) {
      out = { value: undefined, notInForce: false };
      notices.push({ code: 'compute-failed', subject: c.name, message: `${c.name} failed on this request: ${e instanceof Error ? e.message : String(e)} / 计算失败` });
    }
    values[c.name] = typeof out.value === 'number' ? (isWhole(c.type) ? out.value : toYuan(out.value)) : null;
    if (out.notInForce) notices.push({ code: 'not-in-force', subject: c.name, message: `${c.name} is not in force on the evaluation date / ${c.name} 在评估日期不适用` });
  }
  if (!inPeriod(a.manifest.effective, asOf, dayFromText)) {
    notices.push({ code: 'pack-not-in-force', subject: a.manifest.id, message: `pack ${a.manifest.id}@${a.manifest.version} is not in force on ${dayToText(asOf)} / 规则包在评估日期不在有效期内` });
  }
  const explanations: Record<string, NonNullable<ReturnType<typeof explainCompute>>> = {};
  if (options.explain) {
    for (const c of a.computes) {
      if (values[c.name] === null) continue;
      try {
        const x = explainCompute(pack, c.name, ctx);
        if (x) explanations[c.name] = x;
      } catch {
        // an explanation is a courtesy: the value itself was computed above
      }
    }
  }
  const enc = request.encounter;
  const reqId = request['request_id'];
  // Built field by field in the order the spreads gave (callers may compare results as JSON text).
  const out: Record<string, unknown> = {};
  if (typeof reqId === 'string' || typeof reqId === 'number') out['request_id'] = String(reqId);
  const mdtrt = textOf(enc['mdtrt_id']);
  if (mdtrt !== '') out['mdtrt_id'] = mdtrt;
  out['stage'] = stage;
  out['pack'] = { id: a.manifest.id, version: a.manifest.version, layers: layerNames(a).slice() };
  out['findings'] = findings;
  if (shadow.length) out['shadow'] = shadow;
  out['values'] = values;
  if (options.explain && Object.keys(explanations).length) out['explanations'] = explanations;
  if (notices.length) out['notices'] = notices;
  return out as unknown as EvalResult;
}
