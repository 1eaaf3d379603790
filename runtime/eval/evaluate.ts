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

/** Whether the rule runs for this request (state, stage, scenes, period, scenario, excludes). */
export function runs(r: IrRule, stage: IrStage, scenes: Set<IrScene>, ctx: RequestCtx, scenario: IrScenario | undefined): boolean {
  if (r.state !== 'active' && r.state !== 'shadow') return false;
  if (r.batch) return false; // batch rules run once over many requests (eval/batch.ts)
  if (!r.stages.includes(stage)) return false;
  if (r.scenes.length && !r.scenes.some((s) => scenes.has(s))) return false;
  if (!inPeriod(r.effective, ctx.asOf, dayFromText)) return false;
  if (!selected(r, scenario)) return false;
  for (const x of r.excludes) if (interpret(x.when as Expr, ctx, new Array(r.vars.length)) === true) return false;
  return true;
}

/** int/days computes are counts, not money: they leave as they are. */
export const isWhole = (type: string): boolean => /^(int|days)\b/.test(type);

export function evaluate(pack: LoadedPack, request: unknown, options: EvalOptions = {}): EvalResult {
  const a = pack.artifact;
  checkRequest(request, a);
  const scenario = scenarioOf(pack, options.scenario);
  const stage: IrStage = options.stage ?? scenario?.stage ?? 'mid';
  if (!['pre', 'mid', 'post'].includes(stage)) throw badRequest(`stage should be pre, mid or post, got ${JSON.stringify(stage)} / 审核环节应为 pre、mid 或 post`, '');
  const asOf = evaluationDay(request.encounter, options.asOf);
  const scenes = encounterScenes(request.patient, request.encounter);
  const ctx = makeCtx(pack, request, asOf, paramsFor(pack, scenario), dayFromText);
  const inScenarioScenes = !scenario?.scenes || scenario.scenes.some((s) => scenes.has(s));

  const rules = pack.rules;
  const buckets: Finding[][] = rules.map(() => []);
  const compiled = pack.mode === 'compiled' && !options.explain ? (pack.compiled as CompiledRules | undefined) : undefined;
  const emitFor = (i: number) => (vars: unknown[]) => {
    const r = rules[i];
    buckets[i].push(buildFinding(r, gradeOf(r, stage, scenario), ctx, vars));
  };
  const notices: Notice[] = [];
  // One failing rule (a runtime bug or an unforeseen value) must not cost the request its other findings.
  const guard = (i: number, run: () => void) => {
    try {
      run();
    } catch (e) {
      buckets[i] = [];
      notices.push({ code: 'rule-failed', subject: rules[i].code, message: `rule ${rules[i].code} failed on this request: ${e instanceof Error ? e.message : String(e)} / 规则执行失败` });
    }
  };
  const on = rules.map((r, i) => {
    let yes = false;
    guard(i, () => (yes = inScenarioScenes && runs(r, stage, scenes, ctx, scenario)));
    return yes;
  });
  // Shadow rules are always explained (they are under review), so they take the interpreter path.
  const explained = (r: IrRule) => options.explain === true || r.state === 'shadow';
  let fusedSet = new Set((compiled?.fused?.indexes ?? []).filter((i) => !explained(rules[i])));
  if (compiled?.fused) {
    const idx = compiled.fused.indexes;
    const onFused = idx.map((i) => on[i] && fusedSet.has(i));
    try {
      if (onFused.some(Boolean)) compiled.fused.run(ctx, onFused, (k, vars) => emitFor(idx[k])(vars));
    } catch {
      for (const i of idx) buckets[i] = [];
      fusedSet = new Set(); // rerun them one by one so only the failing rule is lost
    }
  }
  rules.forEach((r, i) => {
    if (!on[i] || fusedSet.has(i)) return;
    if (explained(r)) return guard(i, () => explainRule(pack, r, ctx, (vars) => buildFinding(r, gradeOf(r, stage, scenario), ctx, vars), buckets[i]));
    guard(i, () => (compiled ? compiled.rules[i] : interpretedRule(r)).run(ctx, emitFor(i)));
  });

  const findings: Finding[] = [];
  const shadow: Finding[] = [];
  rules.forEach((r, i) => (r.state === 'shadow' ? shadow : findings).push(...buckets[i]));

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
  return {
    ...(typeof reqId === 'string' || typeof reqId === 'number' ? { request_id: String(reqId) } : {}),
    ...(textOf(enc['mdtrt_id']) !== '' ? { mdtrt_id: textOf(enc['mdtrt_id']) } : {}),
    stage,
    pack: { id: a.manifest.id, version: a.manifest.version, layers: a.manifest.layers.map((l) => `${l.id}@${l.version}`) },
    findings,
    ...(shadow.length ? { shadow } : {}),
    values,
    ...(Object.keys(explanations).length ? { explanations } : {}),
    ...(notices.length ? { notices } : {}),
  };
}
