// A rule's finding expressions (flag, involve, amount, message) compiled to JavaScript, so a finding of
// a compiled rule is built without walking IR. Same CodeWriter as the pipelines, so the same answers as
// the interpreter; an expression the writer cannot compile leaves the rule on the interpreter (null).
import type { IrRule } from '../artifact/ir.js';
import type { Expr } from '../artifact/ir-node.js';
import type { RunCtx } from '../eval/context.js';
import { CodeWriter } from './emit-expr.js';
import { R } from './helpers.js';
import { varCount } from './generate.js';

export type FindingExpr = (ctx: RunCtx, vars: readonly unknown[]) => unknown;

export interface FindingCode {
  readonly flag: readonly FindingExpr[];
  readonly involve: readonly FindingExpr[];
  readonly amount: FindingExpr | null;
  readonly message: FindingExpr | null;
}

function compileExpr(e: Expr, nVars: number): FindingExpr {
  const w = new CodeWriter('');
  const body = w.expr(e);
  // The binding's variables are read from the snapshot into locals, as in the rule's own code.
  const vars = Array.from({ length: nVars }, (_, i) => `${w.v(i)} = vars[${i}]`);
  const temps = Array.from({ length: w.temps }, (_, i) => `t${i}`);
  const src = `${vars.length ? `let ${vars.join(', ')};` : ''} ${temps.length ? `let ${temps.join(', ')};` : ''} return ${body};`;
  const fn = new Function('R', 'K', 'ctx', 'vars', src) as (r: typeof R, k: unknown[], ctx: RunCtx, vars: readonly unknown[]) => unknown;
  const K = w.consts;
  return (ctx, v) => fn(R, K, ctx, v);
}

const CODE = new WeakMap<IrRule, FindingCode | null>();

/** The compiled finding expressions of a rule (made once per rule), or null to interpret them. */
export function findingCode(r: IrRule): FindingCode | null {
  let c = CODE.get(r);
  if (c === undefined) {
    try {
      const n = varCount(r);
      c = {
        flag: r.flag.map((e) => compileExpr(e as Expr, n)),
        involve: r.involve.map((e) => compileExpr(e as Expr, n)),
        amount: r.amount ? compileExpr(r.amount as Expr, n) : null,
        message: r.message ? compileExpr(r.message as Expr, n) : null,
      };
    } catch {
      c = null;
    }
    CODE.set(r, c);
  }
  return c;
}
