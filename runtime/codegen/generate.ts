// Compile each rule's pipeline to a JavaScript function (new Function over code emitted by
// CodeWriter from validated IR), and fuse the rules that start with `for X in encounter.feedetail`
// into one shared pass over the fee lines. A rule the writer cannot compile falls back to the
// interpreter, so codegen can only make evaluation faster, never different.
import type { IrRule } from '../artifact/ir.js';
import type { Expr, Step } from '../artifact/ir-node.js';
import type { CompiledRules, FusedPass, RuleCode } from '../eval/rule-code.js';
import { interpretRule } from '../eval/rule-runner.js';
import { CodeWriter } from './emit-expr.js';
import { R } from './helpers.js';

/** Statements for steps[i..], ending in `end` (a statement using the writer's variables). */
function steps(w: CodeWriter, list: readonly Step[], i: number, end: string): string {
  if (i === list.length) return end;
  const s = list[i];
  const rest = () => steps(w, list, i + 1, end);
  if (s.k === 'for') return `for (const x of R.list(${w.expr(s.src)})) { ${w.v(s.v)} = x; ${rest()} }`;
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

export function compileRule(r: IrRule): RuleCode {
  const w = new CodeWriter('');
  const n = varCount(r);
  const body = steps(w, r.steps as Step[], 0, `emit(${snapshot(w, n)});`);
  const src = `${decls(w, n)} ${tempDecls(w)} ${body}`;
  const fn = new Function('R', 'K', 'ctx', 'emit', src) as (r: typeof R, k: unknown[], ctx: unknown, emit: unknown) => void;
  const K = w.consts;
  return { run: (ctx, emit) => fn(R, K, ctx, emit) };
}

function fusable(r: IrRule): boolean {
  const s = r.steps[0] as Step | undefined;
  if (!s || s.k !== 'for') return false;
  const src = s.src as Expr;
  return src.k === 'get' && src.field === 'feedetail' && src.of.k === 'root' && src.of.name === 'encounter';
}

function compileFused(rules: readonly IrRule[], indexes: number[]): FusedPass {
  const blocks: string[] = [];
  const declared: string[] = [];
  let temps = 0;
  const consts: unknown[] = [];
  indexes.forEach((ri, k) => {
    const r = rules[ri];
    const w = new CodeWriter(`r${k}_`);
    w.temps = temps;
    (w.consts as unknown[]).push(...consts);
    const n = varCount(r);
    const first = r.steps[0] as Extract<Step, { k: 'for' }>;
    const body = steps(w, r.steps as Step[], 1, `emit(${k}, ${snapshot(w, n)});`);
    blocks.push(`if (on[${k}]) { ${w.v(first.v)} = x; ${body} }`);
    declared.push(decls(w, n));
    temps = w.temps;
    consts.splice(0, consts.length, ...w.consts);
  });
  const tdecl = temps ? `let ${Array.from({ length: temps }, (_, i) => `t${i}`).join(', ')};` : '';
  const src = `${declared.join(' ')} ${tdecl} for (const x of R.list(R.get(ctx.encounter, "feedetail", "list"))) { ${blocks.join(' ')} }`;
  const fn = new Function('R', 'K', 'ctx', 'on', 'emit', src) as (r: typeof R, k: unknown[], ctx: unknown, on: unknown, emit: unknown) => void;
  return { indexes, run: (ctx, on, emit) => fn(R, consts, ctx, on, emit) };
}

export function compileRules(rules: readonly IrRule[]): CompiledRules {
  const code: RuleCode[] = [];
  const fusedIdx: number[] = [];
  rules.forEach((r, i) => {
    try {
      code.push(compileRule(r));
      if (fusable(r)) fusedIdx.push(i);
    } catch {
      code.push(interpretRule(r)); // not compilable (e.g. unknown function): the interpreter reports it at run time
    }
  });
  let fused: FusedPass | null = null;
  if (fusedIdx.length > 1) {
    try {
      fused = compileFused(rules, fusedIdx);
    } catch {
      fused = null;
    }
  }
  return { rules: code, fused };
}
