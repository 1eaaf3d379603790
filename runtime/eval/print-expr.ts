// IR → readable text for explanations (the artifact keeps spans, not source text).
import type { Expr } from '../artifact/ir-node.js';
import { children } from './static-domain.js';

export function printExpr(e: Expr, vars: readonly string[]): string {
  const p = (x: Expr): string => printExpr(x, vars);
  switch (e.k) {
    case 'lit': return e.v === null ? 'none' : typeof e.v === 'string' && e.d !== 'dec' ? JSON.stringify(e.v) : String(e.v);
    case 'set': return `{${e.items.map(p).join(', ')}}`;
    case 'list': return `[${e.items.map(p).join(', ')}]`;
    case 'var': return vars[e.v] ?? `v${e.v}`;
    case 'root': return e.name;
    case 'get': case 'field': return `${p(e.of)}.${e.field}`;
    case 'param': case 'indicator': case 'groups': return e.name;
    case 'group_lookup': return `${e.name}[${e.keys.map(p).join(', ')}]`;
    case 'lookup': return `${e.table}[${e.keys.map(p).join(', ')}]`;
    case 'call': return `${e.fn}(${e.args.map(p).join(', ')})`;
    case 'not': return `not ${p(e.e)}`;
    case 'neg': return `-${p(e.e)}`;
    case 'bin': return `${p(e.l)} ${e.op} ${p(e.r)}`;
    case 'and': return `(${p(e.l)} and ${p(e.r)})`;
    case 'or': return `(${p(e.l)} or ${p(e.r)})`;
    case 'coalesce': return `${p(e.l)} ?? ${p(e.r)}`;
    case 'isnone': return `${p(e.e)} ${e.neg ? '!=' : '=='} none`;
    case 'in': return `${p(e.e)} ${e.neg ? 'not in' : 'in'} ${p(e.coll)}`;
    case 'range': return `${p(e.e)} ${e.neg ? 'not between' : 'between'} ${p(e.lo)} and ${p(e.hi)}`;
    case 'if': return `if ${p(e.c)} then ${p(e.a)} else ${p(e.b)}`;
    case 'agg': return `${e.fn}(${p(e.el)} for ${vars[e.v] ?? `v${e.v}`} in ${p(e.src)}${e.where ? ` where ${p(e.where)}` : ''})`;
    case 'group': return `group(${p(e.el)} for ${vars[e.v] ?? `v${e.v}`} in ${p(e.src)} by ${p(e.by)}${e.where ? ` where ${p(e.where)}` : ''})`;
    case 'tmpl': return JSON.stringify(e.parts.map((x) => (typeof x === 'string' ? x : `{${p(x)}}`)).join(''));
    default: return children(e as Expr).map(p).join(' ');
  }
}
