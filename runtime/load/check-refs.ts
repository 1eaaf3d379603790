// Load-time check that every name an expression uses exists in this runtime and this artifact, so a
// compiler/runtime version mismatch is reported once at load instead of failing every request.
import type { Artifact } from '../artifact/ir.js';
import type { Expr, Step } from '../artifact/ir-node.js';
import { BUILTINS } from '../eval/builtins.js';
import { children } from '../eval/static-domain.js';
import type { Diag } from './bind-knowledge.js';

export function checkRefs(a: Artifact): Diag[] {
  const tables = new Set(a.tables.map((t) => t.name));
  const params = new Set(a.params.map((p) => p.name));
  const named = new Set([...a.indicators.map((i) => i.name), ...a.computes.map((c) => c.name)]);
  const diags: Diag[] = [];
  const seen = new Set<string>();
  const report = (code: string, message: string) => {
    if (!seen.has(message)) diags.push({ code, message }), seen.add(message);
  };
  const visit = (e: Expr | null, owner: string): void => {
    if (!e) return;
    if (e.k === 'call' && !Object.hasOwn(BUILTINS, e.fn)) report('artifact-unknown-function', `${owner} calls ${e.fn}, which this runtime does not provide; use a matching liangku version / 运行时不支持函数 ${e.fn}`);
    if (e.k === 'lookup' && !tables.has(e.table)) report('artifact-unknown-table', `${owner} looks up table ${e.table}, which the artifact does not contain / 制品中没有知识表 ${e.table}`);
    if (e.k === 'param' && !params.has(e.name)) report('artifact-unknown-param', `${owner} reads parameter ${e.name}, which the artifact does not contain / 制品中没有参数 ${e.name}`);
    if ((e.k === 'groups' || e.k === 'group_lookup') && !a.indicators.some((i) => i.name === e.name && i.per.length > 0)) report('artifact-unknown-indicator', `${owner} reads the groups of ${e.name}, which is not a grouped indicator / 制品中没有分组指标 ${e.name}`);
    if (e.k === 'indicator' && !named.has(e.name)) report('artifact-unknown-indicator', `${owner} reads ${e.name}, which is neither an indicator nor a compute / 制品中没有指标 ${e.name}`);
    for (const c of children(e)) visit(c, owner);
  };
  const visitSteps = (steps: readonly unknown[], owner: string) => {
    for (const s of steps as Step[]) visit(s.k === 'for' ? s.src : s.e, owner);
  };
  for (const r of a.rules) {
    const owner = `rule ${r.code}`;
    visitSteps(r.steps, owner);
    for (const x of [...r.flag, ...r.involve, r.amount, r.message, ...r.excludes.map((e) => e.when)]) visit(x as Expr | null, owner);
  }
  for (const c of a.computes) {
    visitSteps(c.steps, `compute ${c.name}`);
    visit(c.value as Expr, `compute ${c.name}`);
  }
  for (const i of a.indicators) {
    for (const x of [i.where, i.value, i.unit?.src ?? null, ...i.per.map((p) => p.e)]) visit(x as Expr | null, `indicator ${i.name}`);
  }
  return diags;
}
