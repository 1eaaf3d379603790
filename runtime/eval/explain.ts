// Explanations: rerun a rule with the interpreter, recording each step's value along the binding,
// the knowledge rows and parameters it read.
import type { IrRule, IrDomain } from '../artifact/ir.js';
import type { Expr, Step } from '../artifact/ir-node.js';
import type { Explanation, ExplainStep, Finding } from '../api.js';
import type { LoadedPack } from '../load/loaded-pack.js';
import type { RequestCtx } from './run-ctx.js';
import { interpret, asList } from './interpret.js';
import { printExpr } from './print-expr.js';
import { varInfos } from './static-domain.js';
import { toText } from '../values/money.js';
import { dayToText, secondsToText } from '../values/dates.js';
import { textOf } from '../values/text.js';

/** A JSON-friendly picture of a runtime value. */
export function describe(v: unknown, d?: IrDomain): unknown {
  if (v === undefined) return null;
  if (typeof v === 'number') return d === 'dec' ? toText(v) : d === 'date' ? dayToText(v) : d === 'datetime' ? secondsToText(v) : v;
  if (v instanceof Set) return [...v].map((x) => describe(x));
  if (Array.isArray(v)) return v.length > 10 ? `${v.length} items` : v.map((x) => describe(x));
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o['feedetl_sn'] !== undefined) return `fee line ${textOf(o['feedetl_sn'])}${textOf(o['med_list_name']) ? ` ${textOf(o['med_list_name'])}` : ''}`;
    if ('key' in o && 'items' in o) return `group ${textOf(o['key'])}`;
    return '{…}';
  }
  return v;
}

/**
 * runSteps, but what one binding read stays with that binding: the trace is cut back to where it
 * stood when each `for` iteration (or passing step) began, once that branch is done.
 */
function walk(steps: readonly Step[], ctx: RequestCtx, vars: unknown[], end: (path: unknown[]) => void, i = 0, path: unknown[] = []): void {
  if (i === steps.length) return end(path);
  const trace = ctx.trace!;
  const mark = [trace.rows.length, trace.params.length] as const;
  const reset = () => {
    trace.rows.length = mark[0];
    trace.params.length = mark[1];
  };
  const s = steps[i];
  if (s.k === 'for') {
    for (const item of asList(interpret(s.src, ctx, vars))) {
      vars[s.v] = item;
      path.push(item);
      walk(steps, ctx, vars, end, i + 1, path);
      path.pop();
      reset();
    }
    return;
  }
  const v = interpret(s.e, ctx, vars);
  if (s.k === 'let') vars[s.v] = v;
  else if (v !== true) return;
  path.push(v);
  walk(steps, ctx, vars, end, i + 1, path);
  path.pop();
}

type Trace = NonNullable<RequestCtx['trace']>;

/** The knowledge rows a trace read (each once), with the layer, file and line each came from. */
function rowsRead(pack: LoadedPack, trace: Trace): Explanation['knowledge'] {
  const seen = new Set<string>();
  return trace.rows.filter((x) => {
    const id = `${x.table}\u0000${x.index}`;
    return seen.has(id) ? false : (seen.add(id), true);
  }).map((x) => {
    const t = pack.tables.get(x.table)!;
    const row: Record<string, unknown> = {};
    for (const c of t.ir.columns) row[c.name] = describe(t.rows[x.index][c.name], c.d);
    const m = t.meta[x.index];
    return { table: x.table, key: x.key.map((k) => describe(k)), row, layer: m.layer, file: m.file, line: m.line };
  });
}

/** The parameters a trace read, with their values and the layer that last set each (and why). Call with ctx.trace off. */
function paramsRead(pack: LoadedPack, ctx: RequestCtx, trace: Trace): Explanation['params'] {
  return [...new Set(trace.params)].map((name) => {
    const p = pack.paramIr.get(name);
    const last = p?.provenance[p.provenance.length - 1];
    return { name, value: describe(ctx.param(name), p?.d), layer: last?.layer ?? '', reason: last?.reason ?? null };
  });
}

export function explainRule(pack: LoadedPack, r: IrRule, ctx: RequestCtx, build: (vars: unknown[]) => Finding, out: Finding[]): void {
  const files = pack.artifact.manifest.files;
  const span = (s: { file: number; start: number; end: number }) => ({ file: files[s.file] ?? '', start: s.start, end: s.end });
  const steps = r.steps as Step[];
  const infos = varInfos(steps, r.vars.length, pack.domains);
  const excludes: ExplainStep[] = r.excludes.map((x) => ({ kind: 'exclude', text: printExpr(x.when as Expr, r.vars), span: span(r.span), value: false }));
  ctx.trace = { rows: [], params: [] };
  const vars = new Array(r.vars.length);
  walk(steps, ctx, vars, (path) => {
    const trace = ctx.trace!;
    const f = build(vars);
    const stepsOut: ExplainStep[] = [
      ...excludes,
      ...steps.map((s, i) => ({
        kind: s.k,
        text: s.k === 'for' ? `for ${r.vars[s.v] ?? `v${s.v}`} in ${printExpr(s.src, r.vars)}` : s.k === 'let' ? `let ${r.vars[s.v] ?? `v${s.v}`} = ${printExpr(s.e, r.vars)}` : printExpr(s.e, r.vars),
        span: span(s.span),
        value: describe(path[i], s.k === 'when' ? 'bool' : (s.k === 'let' ? s.d : undefined) ?? infos[s.v]?.d),
      })),
    ];
    const knowledge = rowsRead(pack, trace);
    ctx.trace = null; // reading values for the explanation is not part of what the rule read
    const params = paramsRead(pack, ctx, trace);
    const explanation: Explanation = {
      steps: stepsOut,
      knowledge,
      params,
      rule: { ...span(r.span), layer: r.provenance[0]?.layer ?? '' },
    };
    ctx.trace = trace;
    out.push({ ...f, explanation });
  });
  ctx.trace = null;
}

/**
 * Explain a computation (`values` in the result): rerun its steps with a fresh trace and report each
 * step's value, the parameters it read with the layer that set each (and why), and knowledge rows.
 */
export function explainCompute(pack: LoadedPack, name: string, ctx: RequestCtx): Explanation | undefined {
  const c = pack.computes.get(name);
  if (!c) return undefined;
  const files = pack.artifact.manifest.files;
  const span = (s: { file: number; start: number; end: number }) => ({ file: files[s.file] ?? '', start: s.start, end: s.end });
  const steps = c.steps as Step[];
  const saved = ctx.trace;
  ctx.trace = { rows: [], params: [] };
  const vars = new Array(c.vars.length);
  const out: ExplainStep[] = [];
  let ok = true;
  for (const s of steps) {
    const v = interpret(s.k === 'for' ? s.src : s.e, ctx, vars);
    if (s.k === 'let') vars[s.v] = v;
    out.push({
      kind: s.k,
      text: s.k === 'let' ? `let ${c.vars[s.v] ?? `v${s.v}`} = ${printExpr(s.e, c.vars)}` : s.k === 'when' ? printExpr(s.e, c.vars) : printExpr(s.src, c.vars),
      span: span(s.span),
      value: describe(v, s.k === 'when' ? 'bool' : s.k === 'let' ? s.d : undefined),
    });
    if (s.k === 'when' && v !== true) {
      ok = false;
      break;
    }
  }
  if (ok) out.push({ kind: 'let', text: `value = ${printExpr(c.value as Expr, c.vars)}`, span: span(c.span), value: describe(interpret(c.value as Expr, ctx, vars), 'dec') });
  const trace = ctx.trace;
  ctx.trace = null;
  const params = paramsRead(pack, ctx, trace);
  const knowledge = rowsRead(pack, trace);
  ctx.trace = saved;
  const last = c.provenance[c.provenance.length - 1];
  return { steps: out, knowledge, params, rule: { ...span(c.span), layer: last?.layer ?? '' } };
}
