// int → dec promotion decided before run time. A `bin`/`range` node with d 'dec' whose operand is
// statically an int (counts, days, int literals) would otherwise mix a plain integer with
// micro-units; the checker allows int where decimal is expected, so the runtime promotes it here
// (compilers may also emit `call dec` explicitly — then the operand is already dec).
import type { Expr, Step } from '../artifact/ir-node.js';
import { children, domainOf, varInfos, type DomainEnv, type VarInfo } from './static-domain.js';

/** Per node: which operands to promote ([l, r] for bin; [e, lo, hi] for range). */
export const PROMOTE = new WeakMap<object, readonly boolean[]>();

function visit(e: Expr | null, env: DomainEnv, vars: readonly VarInfo[]): void {
  if (!e) return;
  if (e.k === 'bin' && e.d === 'dec') mark(e, [e.l, e.r], env, vars);
  if (e.k === 'range' && e.d === 'dec') mark(e, [e.e, e.lo, e.hi], env, vars);
  for (const c of children(e)) visit(c, env, vars);
}

function mark(node: object, ops: Expr[], env: DomainEnv, vars: readonly VarInfo[]): void {
  const flags = ops.map((o) => domainOf(o, env, vars) === 'int');
  if (flags.some(Boolean)) PROMOTE.set(node, flags);
}

/** Mark the promotions in a pipeline and the expressions evaluated after it. */
export function annotatePromotions(steps: readonly Step[], nVars: number, extra: readonly (Expr | null)[], env: DomainEnv): void {
  const vars = varInfos(steps, nVars, env);
  for (const s of steps) visit(s.k === 'for' ? s.src : s.e, env, vars);
  for (const x of extra) visit(x, env, vars);
}
