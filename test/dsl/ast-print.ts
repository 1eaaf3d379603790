// Test helpers: print parsed ASTs without ids and spans, so golden tests compare structure only.
import type * as A from '../../dsl/ast/nodes.js';

/** Remove `id`/`span`, collapse Name → text, EnumWord → value, StringLit → value. */
export function strip(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(strip);
  if (!x || typeof x !== 'object') return x;
  const o = x as Record<string, unknown>;
  if (o['kind'] === 'Name') return o['text'];
  if (o['kind'] === 'EnumWord') return o['value'] ?? `?${String(o['text'])}`;
  if (o['kind'] === 'StringLit') return o['value'];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (k !== 'id' && k !== 'span') out[k] = strip(v);
  return out;
}

/** An expression as a compact S-expression: `(> (. encounter med_type) "21")`. */
export function sx(e: A.Expr): string {
  switch (e.kind) {
    case 'NumberLit':
      return e.text;
    case 'PercentLit':
      return `${e.text}%`;
    case 'StringLitExpr':
      return JSON.stringify(e.value);
    case 'TemplateExpr':
      return `(tpl ${e.template.parts.map((p) => (p.kind === 'TemplateText' ? JSON.stringify(p.text) : sx(p))).join(' ')})`;
    case 'DateLit':
      return e.text;
    case 'BoolLit':
      return String(e.value);
    case 'NoneLit':
      return 'none';
    case 'ErrorExpr':
      return '<error>';
    case 'NameRef':
      return e.name.text;
    case 'MemberExpr':
      return `(. ${sx(e.object)} ${e.member.text})`;
    case 'IndexExpr':
      return `([] ${sx(e.object)} ${e.keys.map(sx).join(' ')})`;
    case 'CallExpr':
      return `(${e.callee.text} ${e.args.map(sx).join(' ')})`.replace(/ \)$/, ')');
    case 'UnaryExpr':
      return `(${e.op} ${sx(e.operand)})`;
    case 'BinaryExpr':
      return `(${e.op} ${sx(e.left)} ${sx(e.right)})`;
    case 'InExpr':
      return `(${e.negated ? 'not-in' : 'in'} ${sx(e.element)} ${sx(e.collection)})`;
    case 'RangeTest':
      return `(${e.negated ? 'not-in' : 'in'} ${sx(e.value)} ${sx(e.lo)} .. ${sx(e.hi)})`;
    case 'IfExpr':
      return `(if ${sx(e.cond)} ${sx(e.then)} ${sx(e.else)})`;
    case 'SetExpr':
      return `{${e.items.map(sx).join(' ')}}`;
    case 'ListExpr':
      return `[${e.items.map(sx).join(' ')}]`;
    case 'Comprehension':
      return `(${e.fn.text} ${sx(e.element)} for ${e.binder.text} in ${sx(e.source)}${e.where ? ` where ${sx(e.where)}` : ''})`;
    case 'GroupExpr':
      return `(group ${sx(e.element)} for ${e.binder.text} in ${sx(e.source)} by ${sx(e.by)}${e.where ? ` where ${sx(e.where)}` : ''})`;
  }
}

/** Every node (anything with a numeric id and a span) in a tree, with its path. */
export function* nodes(x: unknown, path = '$'): Generator<{ node: { id: number; span: A.Span; kind?: string }; path: string }> {
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) yield* nodes(x[i], `${path}[${i}]`);
    return;
  }
  if (!x || typeof x !== 'object') return;
  const o = x as Record<string, unknown>;
  if (typeof o['id'] === 'number' && o['span'] && typeof o['span'] === 'object') yield { node: o as never, path };
  for (const [k, v] of Object.entries(o)) if (k !== 'span') yield* nodes(v, `${path}.${k}`);
}
