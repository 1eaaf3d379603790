// IR expression → JavaScript expression text. Only this file writes code, and it writes only:
// fixed operators, generated identifiers (p_v0, t3, K[2]), and literals through JSON.stringify.
// Nothing from the artifact is ever pasted in as code.
//
// What it optimises (each decision keeps the interpreter's answer; codegen.test.ts checks that):
//  - request-invariant expressions (no variable read: parameters, `any(… for d in encounter.diseinfo)`,
//    `sum(l.x for l in encounter.feedetail)`, literal sets) are computed at most once per request, in a
//    slot shared by every rule of the pack that contains the same expression (SlotTable, shapeKey);
//  - a comprehension over a request-invariant source filtered by equalities with its element
//    (`first(x for x in encounter.feedetail where x.code == a and date(x.time) == day)`) reads a hash
//    index of the source built once per request, then checks the full filter on the candidates only;
//  - aggregates fold in their own loop (no intermediate list), common built-ins are called directly,
//    field reads are inline (a constant key per site), knowledge look-ups with one key skip the key list.
import type { Expr, ExprOf } from '../artifact/ir-node.js';
import { BUILTINS } from '../eval/builtins.js';
import { litValue } from '../eval/interpret.js';
import { PROMOTE, type Conversion } from '../eval/promote.js';
import { VALUE_OF } from '../values/convert.js';
import { conjuncts, elementKey, freeVars, invariant, pinned, shapeKey } from './analyze.js';

const ARITH = new Set(['+', '-', '*', '/']);
const CMP: Record<string, string> = { '==': '===', '!=': '!==', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const q = (s: string): string => JSON.stringify(s);

/** Slots of request-invariant values, shared by all rules of a pack (ctx.S holds one request's values). */
export class SlotTable {
  private readonly keys = new Map<string, number>();
  /** How many places of the pack compute each per-element expression (elementKey): shared ones get a column. */
  readonly elementUses = new Map<string, number>();
  get size(): number {
    return this.keys.size;
  }
  slot(key: string): number {
    let i = this.keys.get(key);
    if (i === undefined) this.keys.set(key, (i = this.keys.size));
    return i;
  }
}

// Built-ins with a direct helper in R (same function BUILTINS wraps), by arity.
const DIRECT: Readonly<Record<string, [string, number]>> = {
  days: ['daysBetween', 2], age: ['ageAt', 2], icd3: ['icd3', 1], abs: ['absOf', 1], size: ['sizeOrZero', 1], to_dec: ['toDec', 1], dec: ['toDec', 1],
};

export class CodeWriter {
  temps = 0;
  private tempPrefix = 't';
  private scopes = 0;
  readonly consts: unknown[] = [];
  /** Pipeline variables bound to the items of a request-invariant list → that list's key and the loop index. */
  private readonly elements = new Map<number, { src: string; idx: string }>();
  /** Column slots used by this function → their local (declared in the preamble). */
  private readonly columns = new Map<number, string>();
  /** Knowledge tables read with one key → the local holding the table's direct index (see preamble). */
  private readonly tables = new Map<string, string>();
  /** Per-request slots; null where expressions are compiled alone (finding expressions). */
  constructor(readonly prefix: string, readonly slots: SlotTable | null = null) {}

  v(n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new Error('bad variable index');
    return `${this.prefix}v${n}`;
  }
  temp(): string {
    return `${this.tempPrefix}${this.temps++}`;
  }
  konst(x: unknown): string {
    this.consts.push(x);
    return `K[${this.consts.length - 1}]`;
  }

  promoted(code: string, how: Conversion | undefined): string {
    return how === 'dec' || how === 'sec' ? `R.promote(${code}, ${q(how)})` : code;
  }

  /**
   * Code for the body of a comprehension's own function, with temporaries declared inside it. A
   * temporary of the enclosing function used in there would be captured, and captured variables live
   * in a heap context instead of registers — for the whole rule function, on every call.
   */
  private scoped(make: () => string): string {
    const outer = [this.tempPrefix, this.temps] as const;
    this.tempPrefix = `s${++this.scopes}_`;
    this.temps = 0;
    const body = make();
    const decl = this.temps ? `let ${Array.from({ length: this.temps }, (_, i) => `${this.tempPrefix}${i}`).join(', ')}; ` : '';
    [this.tempPrefix, this.temps] = outer;
    return decl + body;
  }

  /** Declarations the function body needs before its first statement (the tables' direct indexes). */
  preamble(): string {
    const cols = [...this.columns].map(([slot, local]) => `const ${local} = S[${slot}] ?? (S[${slot}] = []);`);
    return [...cols, ...[...this.tables].map(([name, local]) => `const ${local} = ctx.direct(${q(name)});`)].join(' ');
  }

  /** `v` iterates a request-invariant list (key `src`) by the index variable `idx` from here on. */
  bindElement(v: number, src: string, idx: string): void {
    this.elements.set(v, { src, idx });
  }

  /**
   * An expression of one list item alone (`l.med_list_codg`, `date(l.fee_ocur_time)`) that several places
   * of the pack compute: read from this request's column for it, computed on first use per item. Only
   * at the function's own level (inside a comprehension's function the column would be captured).
   */
  private column(e: Expr): string | null {
    if (this.tempPrefix !== 't' || e.k === 'var' || e.k === 'lit' || e.k === 'root') return null;
    const fv = freeVars(e);
    if (fv.size !== 1) return null;
    const v = fv.values().next().value as number;
    const el = this.elements.get(v);
    if (!el || pinned(e)) return null;
    const key = elementKey(el.src, e, v);
    if ((this.slots!.elementUses.get(key) ?? 0) < 2) return null;
    const slot = this.slots!.slot(key);
    let local = this.columns.get(slot);
    if (!local) this.columns.set(slot, (local = `${this.prefix}C${this.columns.size}`));
    const t = this.temp();
    return `((${t} = ${local}[${el.idx}]) !== undefined ? ${t} : (${local}[${el.idx}] = ${this.raw(e)}))`;
  }

  /** A slot read that computes `code` on first use in the request (none is recomputed: it is cheap to find again). */
  private memo(key: string, code: () => string): string {
    const i = this.slots!.slot(key);
    const t = this.temp();
    return `((${t} = S[${i}]) !== undefined ? ${t} : (S[${i}] = ${code()}))`;
  }

  expr(e: Expr): string {
    if (this.slots) {
      if (invariant(e)) return this.memo(shapeKey(e), () => this.raw(e));
      const col = this.column(e);
      if (col) return col;
    }
    return this.raw(e);
  }

  /** `of.field` read inline: a constant key per site (V8 caches it), null and absent are none. */
  private read(of: string, field: string): [string, string] {
    const o = this.temp(), raw = this.temp();
    // Own fields only (as getField): a record made with a prototype, or a name like `constructor`, must
    // not read inherited values. A plain object (JSON) inherits only Object.prototype's names, so for
    // any other name a value found on one is its own, and the cheaper prototype test settles it.
    const own = `Object.hasOwn(${o}, ${q(field)})`;
    const check = field in Object.prototype ? own : `(Object.getPrototypeOf(${o}) === R.OP || ${own})`;
    return [`(${o} = ${of}) !== null && typeof ${o} === 'object' && (${raw} = ${o}[${q(field)}]) !== undefined && ${raw} !== null && ${check}`, raw];
  }

  private raw(e: Expr): string {
    switch (e.k) {
      case 'lit': {
        const v = litValue(e as never);
        if (v === undefined) return 'undefined';
        if (typeof v === 'number' && !Number.isFinite(v)) throw new Error('non-finite literal');
        return typeof v === 'object' ? this.konst(v) : `(${JSON.stringify(v)})`;
      }
      case 'set': return `R.set([${e.items.map((x) => this.expr(x)).join(', ')}])`;
      case 'list': return `[${e.items.map((x) => this.expr(x)).join(', ')}]`;
      case 'var': return this.v(e.v);
      case 'root': return `ctx[${q(e.name)}]`;
      case 'get': {
        const conv = Object.hasOwn(VALUE_OF, e.d) ? VALUE_OF[e.d] : undefined;
        if (!conv) return `R.get(${this.expr(e.of)}, ${q(e.field)}, ${q(e.d)})`;
        const [test, raw] = this.read(this.expr(e.of), e.field);
        return `((${test}) ? R.${conv}(${raw}) : undefined)`;
      }
      case 'field': {
        const [test, raw] = this.read(this.expr(e.of), e.field);
        return `((${test}) ? ${raw} : undefined)`;
      }
      case 'param': return `ctx.param(${q(e.name)})`;
      case 'indicator': return `ctx.indicator(${q(e.name)})`;
      case 'groups': return `(ctx.groups ? ctx.groups(${q(e.name)}) : [])`;
      case 'group_lookup': return `(ctx.groupLookup ? ctx.groupLookup(${q(e.name)}, [${e.keys.map((k) => this.expr(k)).join(', ')}]) : undefined)`;
      case 'lookup':
        if (e.keys.length === 1 && this.slots) {
          // Text keys read the table's direct index (row, absent, or DATED: in force by date, asked of ctx).
          let d = this.tables.get(e.table);
          if (!d) this.tables.set(e.table, (d = `${this.prefix}D${this.tables.size}`));
          const k = this.temp(), row = this.temp();
          return `(typeof (${k} = ${this.expr(e.keys[0])}) === 'string' ? ((${row} = ${d}.get(${k})) === R.DATED ? ctx.lookup1(${q(e.table)}, ${k}) : ${row}) : ctx.lookup1(${q(e.table)}, ${k}))`;
        }
        if (e.keys.length === 1) return `ctx.lookup1(${q(e.table)}, ${this.expr(e.keys[0])})`;
        return `R.lookup(ctx, ${q(e.table)}, [${e.keys.map((x) => this.expr(x)).join(', ')}])`;
      case 'call': {
        if (!Object.hasOwn(BUILTINS, e.fn)) throw new Error(`unknown function ${e.fn}`);
        // date(x) is toDay(x) (BUILTINS.date); a few others have direct helpers; the rest are called
        // through a constant key, so each call site has one target instead of R.call's dynamic BUILTINS[fn].
        if (e.fn === 'date' && e.args.length === 1) return `R.toDay(${this.expr(e.args[0])})`;
        const direct = Object.hasOwn(DIRECT, e.fn) ? DIRECT[e.fn] : undefined;
        if (direct && direct[1] === e.args.length) return `R.${direct[0]}(${e.args.map((x) => this.expr(x)).join(', ')})`;
        return `R.B[${q(e.fn)}]([${e.args.map((x) => this.expr(x)).join(', ')}], ctx, ${q(e.d)})`;
      }
      case 'not': return `((${this.expr(e.e)}) !== true)`;
      case 'neg': return `R.neg(${this.expr(e.e)})`;
      case 'bin': {
        const p = PROMOTE.get(e);
        const l = this.promoted(this.expr(e.l), p?.[0]), r = this.promoted(this.expr(e.r), p?.[1]);
        const a = this.temp(), b = this.temp();
        if (ARITH.has(e.op)) {
          // + and - are exact on integers and on micro-units alike; * and / of decimals round (R.arith).
          if (e.op === '+' || e.op === '-' || (e.op === '*' && e.d !== 'dec')) {
            return `((${a} = ${l}), (${b} = ${r}), typeof ${a} === 'number' && typeof ${b} === 'number' ? ${a} ${e.op} ${b} : undefined)`;
          }
          return `R.arith(${q(e.op)}, ${l}, ${r}, ${q(e.d)})`;
        }
        const op = CMP[e.op];
        if (!op) throw new Error('bad operator');
        return `((${a} = ${l}), (${b} = ${r}), ${a} != null && ${b} != null && ${a} ${op} ${b})`;
      }
      case 'and': return `((${this.expr(e.l)}) === true && (${this.expr(e.r)}) === true)`;
      case 'or': return `((${this.expr(e.l)}) === true || (${this.expr(e.r)}) === true)`;
      case 'coalesce': {
        const t = this.temp();
        return `((${t} = ${this.expr(e.l)}) !== undefined ? ${t} : ${this.expr(e.r)})`;
      }
      case 'isnone': return `((${this.expr(e.e)}) ${e.neg ? '!==' : '==='} undefined)`;
      case 'in': {
        const t = this.temp();
        return `((${t} = ${this.expr(e.e)}) === undefined ? false : R.inColl(${t}, ${this.expr(e.coll)}) !== ${e.neg === true})`;
      }
      case 'range': {
        const x = this.temp(), lo = this.temp(), hi = this.temp();
        const p = PROMOTE.get(e);
        const ex = this.promoted(this.expr(e.e), p?.[0]), elo = this.promoted(this.expr(e.lo), p?.[1]), ehi = this.promoted(this.expr(e.hi), p?.[2]);
        return `((${x} = ${ex}), (${lo} = ${elo}), (${hi} = ${ehi}), ` +
          `(${x} != null && ${lo} != null && ${hi} != null) && ((${x} >= ${lo} && ${x} <= ${hi}) !== ${e.neg === true}))`;
      }
      case 'if': return `((${this.expr(e.c)}) === true ? ${this.expr(e.a)} : ${this.expr(e.b)})`;
      case 'agg': return this.agg(e);
      case 'group': {
        // As interpret's groupBy: key then element for each item passing `where`; none keys dropped.
        const src = this.source(e);
        return `R.groups(((g_src) => { ${this.scoped(() => {
          const where = e.where ? `(${this.expr(e.where)}) === true` : 'true';
          return `let ${this.v(e.v)}; const g_m = new Map(); for (const x of g_src) { ${this.v(e.v)} = x; ` +
            `if (${where}) { const g_k = ${this.expr(e.by)}; const g_e = ${this.expr(e.el)}; ` +
            `if (g_k !== undefined) { const g_it = g_m.get(g_k); if (g_it) g_it.push(g_e); else g_m.set(g_k, [g_e]); } } } return g_m;`;
        })} })(${src}))`;
      }
      case 'tmpl': {
        const parts = e.parts.filter((p): p is Expr => typeof p !== 'string').map((p) => this.expr(p));
        return `R.tmpl(${this.konst(e)}, [${parts.join(', ')}])`;
      }
    }
    throw new Error('unknown expression');
  }

  /** An aggregate folded in its own loop, exactly as R.aggregate folds the list of defined elements. */
  private agg(e: ExprOf<'agg'>): string {
    const x = this.v(e.v);
    const src = this.source(e);
    const loop = (init: string, step: string, done: string): string => `((g_src) => { ${this.scoped(() => {
      const where = e.where ? `(${this.expr(e.where)}) === true` : 'true';
      return `let ${x}; ${init} for (const x of g_src) { ${x} = x; if (${where}) { const g_e = ${this.expr(e.el)}; ${step} } } ${done}`;
    })} })(${src})`;
    switch (e.fn) {
      case 'sum': return loop('let g_s = 0;', `if (typeof g_e === 'number') g_s += g_e;`, 'return g_s;');
      case 'count': return loop('let g_n = 0;', 'if (g_e !== undefined && g_e !== false) g_n++;', 'return g_n;');
      case 'any': return loop('', 'if (g_e === true) return true;', 'return false;');
      case 'all': return loop('', 'if (g_e !== undefined && g_e !== true) return false;', 'return true;');
      case 'first': return loop('', 'if (g_e !== undefined) return g_e;', 'return undefined;');
      case 'min': case 'max': {
        const cmp = e.fn === 'min' ? '<' : '>';
        return loop('let g_m, g_has = false;', `if (g_e !== undefined) { if (!g_has) { g_m = g_e; g_has = true; } else if (g_e ${cmp} g_m) g_m = g_e; }`, 'return g_m;');
      }
      case 'distinct': return loop('const g_d = new Set();', 'if (g_e !== undefined) g_d.add(g_e);', 'return g_d;');
      case 'list': return loop('const g_l = [];', 'if (g_e !== undefined) g_l.push(g_e);', 'return g_l;');
    }
    throw new Error('unknown aggregate');
  }

  /**
   * The items a comprehension visits, as an array: its source, or — when the source is the same for
   * the whole request and the filter equates a function of the element with something that is not —
   * only the source's items whose key matches, from a hash index built once per request. Every
   * visited item still passes the whole filter, so the index only skips items that would fail it.
   */
  private source(e: ExprOf<'agg'> | ExprOf<'group'>): string {
    const all = `R.list(${this.expr(e.src)})`;
    if (!this.slots || !e.where || !invariant(e.src)) return all;
    const terms: [Expr, Expr][] = [];
    for (const t of conjuncts(e.where)) {
      if (t.k !== 'bin' || t.op !== '==' || PROMOTE.has(t)) continue;
      for (const [mine, other] of [[t.l, t.r], [t.r, t.l]] as const) {
        const fm = freeVars(mine), fo = freeVars(other);
        if (fm.size === 1 && fm.has(e.v) && !fo.has(e.v) && !pinned(mine) && !pinned(other)) {
          terms.push([mine, other]);
          break;
        }
      }
    }
    if (terms.length === 0) return all;
    // One key (a Map of item lists; the other equalities are checked with the rest of the filter):
    // a code read straight from the element is the usual selective one; else the first equality.
    const [mine, other] = terms.find(([m]) => m.k === 'get' && m.d === 'str') ?? terms[0];
    const x = this.v(e.v);
    const pt = this.temp();
    // Items whose key is none can never satisfy `==` (a comparison with none is false).
    const index = this.memo(`index|${shapeKey(e.src)}|${shapeKey(mine, e.v)}`, () => {
      const inner = this.scoped(() => {
        const kt = this.temp();
        return `let ${x}; const g_m = new Map(); for (const x of g_src) { ${x} = x; ` +
          `if ((${kt} = ${this.expr(mine)}) == null) continue; const g_it = g_m.get(${kt}); if (g_it) g_it.push(x); else g_m.set(${kt}, [x]); } return g_m;`;
      });
      return `((g_src) => { ${inner} })(${all})`;
    });
    return `((${pt} = ${this.expr(other)}) == null ? R.NONE : (${index}.get(${pt}) ?? R.NONE))`;
  }
}
