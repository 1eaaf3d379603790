// Operand conversions decided before run time, for mixed operands the checker accepts:
//   'dec'  an int operand where the node works in dec (int → micro-units); the compiler usually wraps
//          these in `to_dec` itself, and then nothing is marked here;
//   'sec'  a date operand compared with a datetime (day number → seconds at midnight), so
//          `fee_ocur_time >= 2025-01-01` compares like with like.
import type { Expr, Step } from '../artifact/ir-node.js';
import { children, domainOf, varInfos, type DomainEnv, type VarInfo } from './static-domain.js';

export type Conversion = 'dec' | 'sec' | null;

/** Per node: the conversion of each operand ([l, r] for bin; [e, lo, hi] for range). */
export const PROMOTE = new WeakMap<object, readonly Conversion[]>();

const CMP = new Set(['==', '!=', '<', '<=', '>', '>=']);

function visit(e: Expr | null, env: DomainEnv, vars: readonly VarInfo[]): void {
  if (!e) return;
  if (e.k === 'bin') mark(e, e.d, CMP.has(e.op), [e.l, e.r], env, vars);
  if (e.k === 'range') mark(e, e.d, true, [e.e, e.lo, e.hi], env, vars);
  for (const c of children(e)) visit(c, env, vars);
}

function mark(node: object, d: string, compares: boolean, ops: Expr[], env: DomainEnv, vars: readonly VarInfo[]): void {
  const ds = ops.map((o) => domainOf(o, env, vars));
  const anyDatetime = ds.includes('datetime') || d === 'datetime';
  const conv: Conversion[] = ds.map((x) => {
    if (d === 'dec' && x === 'int') return 'dec';
    if (compares && anyDatetime && x === 'date') return 'sec';
    return null;
  });
  if (conv.some((c) => c !== null)) PROMOTE.set(node, conv);
}

/** Mark the conversions in a pipeline and the expressions evaluated after it. */
export function annotatePromotions(steps: readonly Step[], nVars: number, extra: readonly (Expr | null)[], env: DomainEnv): void {
  const vars = varInfos(steps, nVars, env);
  for (const s of steps) visit(s.k === 'for' ? s.src : s.e, env, vars);
  for (const x of extra) visit(x, env, vars);
}
