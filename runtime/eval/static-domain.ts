// The domain of an expression known before it runs, for rendering template parts (a dec prints in
// yuan, a date as YYYY-MM-DD). Nodes carry `d` where the compiler knew it; the rest is derived here.
import type { IrDomain } from '../artifact/ir.js';
import type { Expr as IrExpr, Step as IrStep } from '../artifact/ir-node.js';

export interface DomainEnv {
  param(name: string): IrDomain | undefined;
  indicator(name: string): IrDomain | undefined;
  column(table: string, column: string): IrDomain | undefined;
}

export interface VarInfo {
  d?: IrDomain;
  table?: string; // the var holds a row of this table
}

const CMP = new Set(['==', '!=', '<', '<=', '>', '>=']);

export function domainOf(e: IrExpr, env: DomainEnv, vars: readonly VarInfo[]): IrDomain | undefined {
  switch (e.k) {
    case 'lit': case 'get': case 'call': case 'neg': case 'agg':
      return e.d;
    case 'bin':
      return CMP.has(e.op) ? 'bool' : e.d;
    case 'set': return 'set';
    case 'list': case 'group': case 'groups': return 'list';
    case 'group_lookup': return 'record';
    case 'var': return vars[e.v]?.d;
    case 'param': return env.param(e.name);
    case 'indicator': return env.indicator(e.name);
    case 'lookup': return 'record';
    case 'field': {
      const t = tableOf(e.of, vars);
      return t ? env.column(t, e.field) : undefined;
    }
    case 'not': case 'and': case 'or': case 'isnone': case 'in': case 'range': return 'bool';
    case 'coalesce': return domainOf(e.l, env, vars) ?? domainOf(e.r, env, vars);
    case 'if': return domainOf(e.a, env, vars) ?? domainOf(e.b, env, vars);
    case 'tmpl': return 'str';
    case 'root': return e.name === 'history' ? 'list' : 'record';
    default: return undefined;
  }
}

function tableOf(e: IrExpr, vars: readonly VarInfo[]): string | undefined {
  if (e.k === 'lookup') return e.table;
  if (e.k === 'var') return vars[e.v]?.table;
  return undefined;
}

/** Var facts from a pipeline's steps. */
export function varInfos(steps: readonly IrStep[], count: number, env: DomainEnv): VarInfo[] {
  const vars: VarInfo[] = Array.from({ length: count }, () => ({}));
  for (const s of steps) {
    if (s.k === 'let') vars[s.v] = { d: domainOf(s.e, env, vars), table: s.e.k === 'lookup' ? s.e.table : undefined };
    else if (s.k === 'for') vars[s.v] = { d: 'record' };
  }
  return vars;
}

/** Domains of each `tmpl` node's parts, filled at load (annotateTemplates), read when rendering. */
export const TEMPLATE_DOMAINS = new WeakMap<object, (IrDomain | undefined)[]>();

/** Record the part domains of every template inside `e`. */
export function annotateTemplates(e: IrExpr | null, env: DomainEnv, vars: readonly VarInfo[]): void {
  if (!e) return;
  if (e.k === 'tmpl') {
    // The compiler states each placeholder's domain (`ds`); infer only for artifacts without it.
    TEMPLATE_DOMAINS.set(e, e.parts.map((p, i) => (typeof p === 'string' ? undefined : (e.ds?.[i] ?? domainOf(p, env, vars)))));
  }
  for (const child of children(e)) annotateTemplates(child, env, vars);
}

export function children(e: IrExpr): IrExpr[] {
  switch (e.k) {
    case 'set': case 'list': return e.items;
    case 'get': case 'field': return [e.of];
    case 'lookup': return e.keys;
    case 'call': return e.args;
    case 'not': case 'neg': case 'isnone': return [e.e];
    case 'bin': case 'and': case 'or': case 'coalesce': return [e.l, e.r];
    case 'in': return [e.e, e.coll];
    case 'range': return [e.e, e.lo, e.hi];
    case 'if': return [e.c, e.a, e.b];
    case 'agg': return e.where ? [e.src, e.where, e.el] : [e.src, e.el];
    case 'group': return e.where ? [e.src, e.by, e.where, e.el] : [e.src, e.by, e.el];
    case 'tmpl': return e.parts.filter((p): p is IrExpr => typeof p !== 'string');
    case 'group_lookup': return e.keys;
    default: return [];
  }
}
