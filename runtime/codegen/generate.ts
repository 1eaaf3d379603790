// Compile each rule's pipeline to a JavaScript function (new Function over code emitted by
// CodeWriter from validated IR), all rules of a pack sharing one slot table; on request, also fuse
// the rules that start with `for X in encounter.feedetail` into one pass over the fee lines. A rule
// the writer cannot compile falls back to the interpreter, so codegen can only make evaluation
// faster, never different.
import type { IrRule } from '../artifact/ir.js';
import type { Expr, Step } from '../artifact/ir-node.js';
import type { CompiledRules, FusedPass, RuleCode } from '../eval/rule-code.js';
import { interpretRule } from '../eval/rule-runner.js';
import { CodeWriter, SlotTable } from './emit-expr.js';
import { countElementUses, invariant, shapeKey } from './analyze.js';
import { R } from './helpers.js';

/** Statements for steps[i..], ending in `end` (a statement using the writer's variables). */
function steps(w: CodeWriter, list: readonly Step[], i: number, end: string): string {
  if (i === list.length) return end;
  const s = list[i];
  const rest = () => steps(w, list, i + 1, end);
  if (s.k === 'for') {
    if (w.slots && invariant(s.src as Expr)) {
      // Items of a list that is the same all request long, visited by index: expressions of one item
      // can then be shared between rules through per-request columns (CodeWriter.column).
      const x = w.v(s.v), list = `L_${x}`, idx = `i_${x}`;
      const src = w.expr(s.src);
      w.bindElement(s.v, shapeKey(s.src as Expr), idx);
      return `{ const ${list} = R.list(${src}); for (let ${idx} = 0; ${idx} < ${list}.length; ${idx}++) { ${x} = ${list}[${idx}]; ${rest()} } }`;
    }
    return `for (const x of R.list(${w.expr(s.src)})) { ${w.v(s.v)} = x; ${rest()} }`;
  }
  if (s.k === 'let') return `${w.v(s.v)} = ${w.expr(s.e)}; { ${rest()} }`;
  return `if ((${w.expr(s.e)}) === true) { ${rest()} }`;
}

function decls(w: CodeWriter, nVars: number): string {
  const names = [...Array.from({ length: nVars }, (_, i) => w.v(i))];
  return names.length ? `let ${names.join(', ')};` : '';
}

function snapshot(w: CodeWriter, nVars: number): string {
  return `[${Array.from({ length: nVars }, (_, i) => w.v(i)).join(', ')}]`;
}

function tempDecls(w: CodeWriter): string {
  return w.temps ? `let ${Array.from({ length: w.temps }, (_, i) => `t${i}`).join(', ')};` : '';
}

/**
 * A name for the generated function in profiles and stack traces (`liangku-rule-GZ001.js`). Only a
 * code made of safe characters is written into the comment; anything else is replaced, so artifact
 * text can never end the comment.
 */
function sourceUrl(code: string): string {
  return `//# sourceURL=liangku-rule-${/^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : 'x'}.js`;
}

/** Count of vars actually referenced (vars table may be shorter than indexes in hand-made IR). */
export function varCount(r: IrRule): number {
  let max = r.vars.length;
  const visit = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if ((o['k'] === 'var' || o['k'] === 'for' || o['k'] === 'let' || o['k'] === 'agg' || o['k'] === 'group') && typeof o['v'] === 'number') max = Math.max(max, o['v'] + 1);
    for (const val of Object.values(o)) if (typeof val === 'object') visit(val);
  };
  visit(r.steps);
  return max;
}

// Generated functions read this request's slots of their table (ctx.slots(SL)): a rule compiled on
// its own (tests, tools) never shares slot numbers with the pack it runs beside.
type SlotsCtx = { slots(t: SlotTable): unknown[] };

/** A rule's pipeline as a function; `slots` is the pack's table when rules share invariant values. */
export function compileRule(r: IrRule, shared?: SlotTable): RuleCode {
  const slots = shared ?? new SlotTable();
  if (!shared) countElementUses(r.steps as Step[], slots.elementUses); // a rule alone shares only with itself
  const w = new CodeWriter('', slots);
  const n = varCount(r);
  const body = steps(w, r.steps as Step[], 0, `emit(${snapshot(w, n)});`);
  const src = `const S = ctx.slots(SL); ${w.preamble()} ${decls(w, n)} ${tempDecls(w)} ${body}\n${sourceUrl(r.code)}`;
  const fn = new Function('R', 'K', 'SL', 'ctx', 'emit', src) as (r: typeof R, k: unknown[], sl: SlotTable, ctx: unknown, emit: unknown) => void;
  const K = w.consts;
  return { run: (ctx, emit) => fn(R, K, slots, ctx as unknown as SlotsCtx, emit) };
}

function fusable(r: IrRule): boolean {
  const s = r.steps[0] as Step | undefined;
  if (!s || s.k !== 'for') return false;
  const src = s.src as Expr;
  return src.k === 'get' && src.field === 'feedetail' && src.of.k === 'root' && src.of.name === 'encounter';
}

/**
 * One loop over the fee lines for every rule that starts with `for X in encounter.feedetail`. Each
 * rule's per-line body is its own small function (V8 optimises and inlines per function, so one giant
 * body measured slower than separate passes); the loop, the line list and the request's slots are shared.
 */
function compileFused(rules: readonly IrRule[], indexes: number[], slots: SlotTable): FusedPass {
  const bodies: string[] = [];
  const consts: unknown[] = [];
  indexes.forEach((ri, k) => {
    const r = rules[ri];
    const w = new CodeWriter(`r${k}_`, slots);
    (w.consts as unknown[]).push(...consts);
    const n = varCount(r);
    const first = r.steps[0] as Extract<Step, { k: 'for' }>;
    const body = steps(w, r.steps as Step[], 1, `emit(${k}, ${snapshot(w, n)});`);
    bodies.push(`${w.preamble()} const b${k} = (x) => { ${decls(w, n)} ${tempDecls(w)} ${w.v(first.v)} = x; ${body} };`);
    consts.splice(0, consts.length, ...w.consts);
  });
  const calls = indexes.map((_, k) => `if (on[${k}]) b${k}(x);`).join(' ');
  const src = `const S = ctx.slots(SL); ${bodies.join(' ')} for (const x of R.list(R.get(ctx.encounter, "feedetail", "list"))) { ${calls} }`;
  const fn = new Function('R', 'K', 'SL', 'ctx', 'on', 'emit', src) as (r: typeof R, k: unknown[], sl: SlotTable, ctx: unknown, on: unknown, emit: unknown) => void;
  return { indexes, run: (ctx, on, emit) => fn(R, consts, slots, ctx, on, emit) };
}

/**
 * Every rule compiled; with `fuse`, also one shared pass over the fee lines for the rules that start
 * with one. Fusion is off by default: with invariant values and indexes already shared through the
 * request's slots, the shared loop measured slower than each rule's own loop (bench/RESULTS.md, the
 * "fused pass" row), because the per-line bodies are called through closures made per request.
 */
export function compileRules(rules: readonly IrRule[], options: { fuse?: boolean } = {}): CompiledRules {
  const code: RuleCode[] = [];
  const fusedIdx: number[] = [];
  const slots = new SlotTable(); // one per pack: equal invariant expressions of different rules share a slot
  for (const r of rules) {
    try {
      countElementUses(r.steps as Step[], slots.elementUses);
    } catch {
      // a malformed rule falls back to the interpreter below; it just shares nothing
    }
  }
  rules.forEach((r, i) => {
    try {
      code.push(compileRule(r, slots));
      if (fusable(r)) fusedIdx.push(i);
    } catch {
      code.push(interpretRule(r)); // not compilable (e.g. unknown function): the interpreter reports it at run time
    }
  });
  let fused: FusedPass | null = null;
  if (options.fuse === true && fusedIdx.length > 1) {
    try {
      fused = compileFused(rules, fusedIdx, slots);
    } catch {
      fused = null;
    }
  }
  return { rules: code, fused };
}
