// Facts about IR expressions the code generator plans with: which variables an expression reads
// (free variables), whether it may be computed once per request, and a structural key under which
// equal expressions — from any rule of the pack — share that one computation.
import type { Expr, Step } from '../artifact/ir-node.js';
import { children } from '../eval/static-domain.js';
import { PROMOTE } from '../eval/promote.js';
import { TEMPLATE_DOMAINS } from '../eval/static-domain.js';

const FREE = new WeakMap<object, ReadonlySet<number>>();

/** The variables an expression reads that it does not bind itself (a comprehension binds its `v`). */
export function freeVars(e: Expr): ReadonlySet<number> {
  let out = FREE.get(e);
  if (out) return out;
  const s = new Set<number>();
  if (e.k === 'var') s.add(e.v);
  else if (e.k === 'agg' || e.k === 'group') {
    for (const v of freeVars(e.src)) s.add(v);
    const inner = e.k === 'agg' ? [e.where, e.el] : [e.where, e.by, e.el];
    for (const c of inner) if (c) for (const v of freeVars(c)) if (v !== e.v) s.add(v);
  } else for (const c of children(e)) for (const v of freeVars(c)) s.add(v);
  FREE.set(e, (out = s));
  return out;
}

const PINNED = new WeakMap<object, boolean>();

/**
 * Whether the value depends on more than the request: batch groups differ between the per-request
 * context and the batch view of it, so such expressions are never shared through a request slot.
 */
export function pinned(e: Expr): boolean {
  let p = PINNED.get(e);
  if (p === undefined) {
    p = e.k === 'groups' || e.k === 'group_lookup' || children(e).some(pinned);
    PINNED.set(e, p);
  }
  return p;
}

/** Computed once per request and shared: reads no variable, worth a slot (not a literal or a root). */
export function invariant(e: Expr): boolean {
  return e.k !== 'lit' && e.k !== 'root' && e.k !== 'var' && freeVars(e).size === 0 && !pinned(e);
}

/**
 * A text equal for two expressions exactly when they compute the same thing: every field except
 * spans, with comprehension variables renamed by nesting depth (so `sum(l.x for l in …)` written in two
 * rules with different variable numbers is one key), plus the load-time annotations (operand
 * promotions, template domains) the generated code depends on. `loopVar` names a variable bound
 * outside the expression that should match across rules too (the element of an indexed source).
 */
export function shapeKey(e: Expr, loopVar?: number): string {
  const names = new Map<number, string>();
  if (loopVar !== undefined) names.set(loopVar, '@L');
  return shape(e, names, 0);
}

function shape(x: unknown, names: ReadonlyMap<number, string>, depth: number): string {
  if (x === null || typeof x !== 'object') return JSON.stringify(x) ?? 'undefined';
  if (Array.isArray(x)) return `[${x.map((i) => shape(i, names, depth)).join(',')}]`;
  const o = x as Record<string, unknown> & Expr;
  if (o.k === 'var') return `{var:${names.get(o.v) ?? `$${o.v}`}}`;
  let inner = names;
  if (o.k === 'agg' || o.k === 'group') {
    const m = new Map(names);
    m.set(o.v, `@${depth}`);
    inner = m;
  }
  const parts: string[] = [];
  for (const key of Object.keys(o).sort()) {
    if (key === 'span' || ((o.k === 'agg' || o.k === 'group') && key === 'v')) continue;
    // A comprehension's source is read outside its own binding.
    const scope = key === 'src' ? names : inner;
    parts.push(`${key}:${shape(o[key as keyof typeof o], scope, depth + 1)}`);
  }
  const promo = PROMOTE.get(o);
  if (promo) parts.push(`~p:${JSON.stringify(promo)}`);
  const tds = TEMPLATE_DOMAINS.get(o);
  if (tds) parts.push(`~t:${JSON.stringify(tds)}`);
  return `{${parts.join(',')}}`;
}

/** The terms of a conjunction (`a and b and c` → [a, b, c]). */
export function conjuncts(e: Expr): Expr[] {
  return e.k === 'and' ? [...conjuncts(e.l), ...conjuncts(e.r)] : [e];
}

/** The key of `e`, an expression of the item `v` of the list keyed `src`, in a pack's element columns. */
export function elementKey(src: string, e: Expr, v: number): string {
  return `elem|${src}|${shapeKey(e, v)}`;
}

/**
 * Count, per element key, the places of a pipeline that compute an expression of one item of a
 * request-invariant list (a `for` over such a list binds the item). The writer gives a column only to
 * expressions counted twice or more in the pack: one use would pay for the column and gain nothing.
 */
export function countElementUses(steps: readonly Step[], uses: Map<string, number>): void {
  const items = new Map<number, string>();
  const visit = (e: Expr): void => {
    const fv = freeVars(e);
    if (fv.size === 1 && e.k !== 'var' && e.k !== 'lit' && e.k !== 'root' && !pinned(e)) {
      const v = fv.values().next().value as number;
      const src = items.get(v);
      if (src !== undefined) {
        const key = elementKey(src, e, v);
        uses.set(key, (uses.get(key) ?? 0) + 1);
      }
    }
    for (const c of children(e)) visit(c);
  };
  for (const s of steps) {
    visit(s.k === 'for' ? s.src : s.e);
    if (s.k === 'for' && invariant(s.src)) items.set(s.v, shapeKey(s.src));
  }
}
