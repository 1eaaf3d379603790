// The reference interpreter of IR expressions and pipeline steps. The code generator must agree
// with it on every input (test/runtime/codegen.test.ts checks that with random expressions).
import type { IrDomain } from '../artifact/ir.js';
import type { Expr as IrExpr, Step as IrStep } from '../artifact/ir-node.js';
import type { RunCtx } from './context.js';
import { BUILTINS } from './builtins.js';
import { getField, toDomain } from '../values/convert.js';
import { mul, div } from '../values/money.js';
import { formatValue } from '../values/format.js';
import { TEMPLATE_DOMAINS } from './static-domain.js';
import { PROMOTE, type Conversion } from './promote.js';
import { dayToSeconds } from '../values/dates.js';
import { fromInt } from '../values/money.js';

type Vars = unknown[];

const LITS = new WeakMap<object, unknown>();

export function litValue(e: Extract<IrExpr, { k: 'lit' }>): unknown {
  if (LITS.has(e)) return LITS.get(e);
  const v = e.v === null ? undefined : typeof e.v === 'number' && e.d === 'int' ? e.v : toDomain(e.v, e.d);
  LITS.set(e, v);
  return v;
}

/** Arithmetic in a domain; undefined in → undefined out. */
export function arith(op: string, a: unknown, b: unknown, d: IrDomain): unknown {
  if (typeof a !== 'number' || typeof b !== 'number') return undefined;
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return d === 'dec' ? mul(a, b) : a * b;
    case '/': return d === 'dec' ? div(a, b) : b === 0 ? undefined : Math.trunc(a / b);
  }
  return undefined;
}

/** Comparison; anything with none is false. */
export function compare(op: string, a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined || a === null || b === null) return false;
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '<': return (a as number) < (b as number);
    case '<=': return (a as number) <= (b as number);
    case '>': return (a as number) > (b as number);
    case '>=': return (a as number) >= (b as number);
  }
  return false;
}

export function inColl(x: unknown, coll: unknown): boolean {
  if (x === undefined) return false;
  if (coll instanceof Set) return coll.has(x);
  if (Array.isArray(coll)) return coll.includes(x);
  return false;
}

export function asList(src: unknown): readonly unknown[] {
  if (Array.isArray(src)) return src;
  if (src instanceof Set) return [...src];
  return [];
}

/** Fold the element values of an aggregate (after `where`). */
export function aggregate(fn: string, values: unknown[], _d?: IrDomain): unknown {
  const defined = values.filter((v) => v !== undefined);
  switch (fn) {
    case 'sum': return defined.reduce((s: number, v) => s + (typeof v === 'number' ? v : 0), 0);
    case 'count': return defined.filter((v) => v !== false).length;
    case 'min': return defined.length ? defined.reduce((m, v) => ((v as number) < (m as number) ? v : m)) : undefined;
    case 'max': return defined.length ? defined.reduce((m, v) => ((v as number) > (m as number) ? v : m)) : undefined;
    case 'any': return defined.some((v) => v === true);
    case 'all': return defined.every((v) => v === true);
    case 'distinct': return new Set(defined); // d is the element domain (the checker types distinct as a set)
    case 'list': return defined;
    case 'first': return defined[0];
  }
  return undefined;
}

export function groupBy(pairs: [unknown, unknown][]): { key: unknown; items: unknown[] }[] {
  const m = new Map<unknown, unknown[]>();
  for (const [k, v] of pairs) {
    if (k === undefined) continue;
    const items = m.get(k);
    if (items) items.push(v);
    else m.set(k, [v]);
  }
  return [...m].map(([key, items]) => ({ key, items }));
}

export function renderTemplate(e: Extract<IrExpr, { k: 'tmpl' }>, values: unknown[]): string {
  const ds = TEMPLATE_DOMAINS.get(e);
  let out = '';
  let j = 0;
  e.parts.forEach((p, i) => {
    out += typeof p === 'string' ? p : formatValue(values[j++], ds?.[i]);
  });
  return out;
}

export function fieldOf(of: unknown, field: string): unknown {
  if (of === null || of === undefined || typeof of !== 'object') return undefined;
  if (!Object.hasOwn(of, field)) return undefined;
  const v = (of as Record<string, unknown>)[field];
  return v === null ? undefined : v;
}

/** Apply a load-time operand conversion (int → micro-units, day → seconds). */
export function promote(v: unknown, how: Conversion | undefined): unknown {
  if (!how || typeof v !== 'number') return v;
  return how === 'dec' ? fromInt(v) : dayToSeconds(v);
}

export function interpret(e: IrExpr, ctx: RunCtx, vars: Vars): unknown {
  switch (e.k) {
    case 'lit': return litValue(e);
    case 'set': {
      const s = new Set<unknown>();
      for (const it of e.items) {
        const v = interpret(it, ctx, vars);
        if (v !== undefined) s.add(v);
      }
      return s;
    }
    case 'list': return e.items.map((it) => interpret(it, ctx, vars));
    case 'var': return vars[e.v];
    case 'root': return ctx[e.name];
    case 'get': return getField(interpret(e.of, ctx, vars), e.field, e.d);
    case 'field': return fieldOf(interpret(e.of, ctx, vars), e.field);
    case 'param': return ctx.param(e.name);
    case 'indicator': return ctx.indicator(e.name);
    case 'groups': return ctx.groups?.(e.name) ?? [];
    case 'group_lookup': return ctx.groupLookup?.(e.name, e.keys.map((k) => interpret(k, ctx, vars)));
    case 'lookup': {
      const keys = e.keys.map((k) => interpret(k, ctx, vars));
      return keys.includes(undefined) ? undefined : ctx.lookup(e.table, keys);
    }
    case 'call': {
      const fn = BUILTINS[e.fn];
      if (!fn) throw new Error(`unknown function ${e.fn}`);
      return fn(e.args.map((a) => interpret(a, ctx, vars)), ctx, e.d);
    }
    case 'not': return interpret(e.e, ctx, vars) !== true;
    case 'neg': {
      const v = interpret(e.e, ctx, vars);
      return typeof v === 'number' ? -v || 0 : undefined;
    }
    case 'bin': {
      let a = interpret(e.l, ctx, vars), b = interpret(e.r, ctx, vars);
      const p = PROMOTE.get(e);
      if (p) [a, b] = [promote(a, p[0]), promote(b, p[1])];
      return e.op.length === 1 && e.op !== '<' && e.op !== '>' ? arith(e.op, a, b, e.d) : compare(e.op, a, b);
    }
    case 'and': return interpret(e.l, ctx, vars) === true && interpret(e.r, ctx, vars) === true;
    case 'or': return interpret(e.l, ctx, vars) === true || interpret(e.r, ctx, vars) === true;
    case 'coalesce': {
      const l = interpret(e.l, ctx, vars);
      return l !== undefined ? l : interpret(e.r, ctx, vars);
    }
    case 'isnone': return (interpret(e.e, ctx, vars) === undefined) !== e.neg;
    case 'in': {
      const x = interpret(e.e, ctx, vars);
      if (x === undefined) return false;
      return inColl(x, interpret(e.coll, ctx, vars)) !== e.neg;
    }
    case 'range': {
      let x = interpret(e.e, ctx, vars), lo = interpret(e.lo, ctx, vars), hi = interpret(e.hi, ctx, vars);
      const p = PROMOTE.get(e);
      if (p) [x, lo, hi] = [promote(x, p[0]), promote(lo, p[1]), promote(hi, p[2])];
      if (x === undefined || lo === undefined || hi === undefined) return false;
      return (compare('>=', x, lo) && compare('<=', x, hi)) !== e.neg;
    }
    case 'if': return interpret(e.c, ctx, vars) === true ? interpret(e.a, ctx, vars) : interpret(e.b, ctx, vars);
    // A comprehension's variable is lexical: it is bound inside the comprehension only, and whatever
    // the same slot held outside (an enclosing comprehension's element) is back afterwards.
    case 'agg': {
      const out: unknown[] = [];
      const outer = vars[e.v];
      for (const item of asList(interpret(e.src, ctx, vars))) {
        vars[e.v] = item;
        if (e.where && interpret(e.where, ctx, vars) !== true) continue;
        out.push(interpret(e.el, ctx, vars));
      }
      vars[e.v] = outer;
      return aggregate(e.fn, out, e.d);
    }
    case 'group': {
      const pairs: [unknown, unknown][] = [];
      const outer = vars[e.v];
      for (const item of asList(interpret(e.src, ctx, vars))) {
        vars[e.v] = item;
        if (e.where && interpret(e.where, ctx, vars) !== true) continue;
        pairs.push([interpret(e.by, ctx, vars), interpret(e.el, ctx, vars)]);
      }
      vars[e.v] = outer;
      return groupBy(pairs);
    }
    case 'tmpl':
      return renderTemplate(e, e.parts.filter((p): p is IrExpr => typeof p !== 'string').map((p) => interpret(p, ctx, vars)));
  }
}

export interface StepObserver {
  /** Called as each step passes (for explanations); return nothing. */
  (step: IrStep, value: unknown): void;
}

/**
 * Run a pipeline from step i; call `end` once per binding that reaches the end. The observer sees
 * each step along the current path (it keeps its own stack via `depth`).
 */
export function runSteps(
  steps: readonly IrStep[], ctx: RunCtx, vars: Vars, end: (vars: Vars, path: unknown[]) => void,
  i = 0, path: unknown[] = [],
): void {
  if (i === steps.length) return end(vars, path);
  const s = steps[i];
  if (s.k === 'for') {
    for (const item of asList(interpret(s.src, ctx, vars))) {
      vars[s.v] = item;
      path.push(item);
      runSteps(steps, ctx, vars, end, i + 1, path);
      path.pop();
    }
  } else if (s.k === 'let') {
    const v = interpret(s.e, ctx, vars);
    vars[s.v] = v;
    path.push(v);
    runSteps(steps, ctx, vars, end, i + 1, path);
    path.pop();
  } else {
    const ok = interpret(s.e, ctx, vars) === true;
    if (!ok) return;
    path.push(true);
    runSteps(steps, ctx, vars, end, i + 1, path);
    path.pop();
  }
}
