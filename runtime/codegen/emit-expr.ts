// IR expression → JavaScript expression text. Only this file writes code, and it writes only:
// fixed operators, generated identifiers (p_v0, t3, K[2]), and literals through JSON.stringify.
// Nothing from the artifact is ever pasted in as code.
import type { Expr } from '../artifact/ir-node.js';
import { BUILTINS } from '../eval/builtins.js';
import { litValue } from '../eval/interpret.js';
import { PROMOTE, type Conversion } from '../eval/promote.js';
import { VALUE_OF } from '../values/convert.js';

const ARITH = new Set(['+', '-', '*', '/']);
const CMP: Record<string, string> = { '==': '===', '!=': '!==', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const q = (s: string): string => JSON.stringify(s);

export class CodeWriter {
  temps = 0;
  readonly consts: unknown[] = [];
  constructor(readonly prefix: string) {}

  v(n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new Error('bad variable index');
    return `${this.prefix}v${n}`;
  }
  temp(): string {
    return `t${this.temps++}`;
  }
  konst(x: unknown): string {
    this.consts.push(x);
    return `K[${this.consts.length - 1}]`;
  }

  promoted(code: string, how: Conversion | undefined): string {
    return how === 'dec' || how === 'sec' ? `R.promote(${code}, ${q(how)})` : code;
  }

  expr(e: Expr): string {
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
        // getField inline: the read has a constant key, so V8 caches it per site (a shared helper's
        // o[field] is a megamorphic keyed load); own fields only, null and absent are none.
        const o = this.temp(), raw = this.temp();
        return `(((${o} = ${this.expr(e.of)}) !== null && typeof ${o} === 'object' && (${raw} = ${o}[${q(e.field)}]) !== undefined && ` +
          `${raw} !== null && Object.hasOwn(${o}, ${q(e.field)})) ? R.${conv}(${raw}) : undefined)`;
      }
      case 'field': return `R.field(${this.expr(e.of)}, ${q(e.field)})`;
      case 'param': return `ctx.param(${q(e.name)})`;
      case 'indicator': return `ctx.indicator(${q(e.name)})`;
      case 'groups': return `(ctx.groups ? ctx.groups(${q(e.name)}) : [])`;
      case 'group_lookup': return `(ctx.groupLookup ? ctx.groupLookup(${q(e.name)}, [${e.keys.map((k) => this.expr(k)).join(', ')}]) : undefined)`;
      case 'lookup': return `R.lookup(ctx, ${q(e.table)}, [${e.keys.map((x) => this.expr(x)).join(', ')}])`;
      case 'call':
        if (!Object.hasOwn(BUILTINS, e.fn)) throw new Error(`unknown function ${e.fn}`);
        // date(x) is toDay(x) (BUILTINS.date); other builtins are called through a constant key, so each
        // call site has one target instead of R.call's dynamic BUILTINS[fn].
        if (e.fn === 'date' && e.args.length === 1) return `R.toDay(${this.expr(e.args[0])})`;
        return `R.B[${q(e.fn)}]([${e.args.map((x) => this.expr(x)).join(', ')}], ctx, ${q(e.d)})`;
      case 'not': return `((${this.expr(e.e)}) !== true)`;
      case 'neg': return `R.neg(${this.expr(e.e)})`;
      case 'bin': {
        const p = PROMOTE.get(e);
        const l = this.promoted(this.expr(e.l), p?.[0]), r = this.promoted(this.expr(e.r), p?.[1]);
        if (ARITH.has(e.op)) return `R.arith(${q(e.op)}, ${l}, ${r}, ${q(e.d)})`;
        const op = CMP[e.op];
        if (!op) throw new Error('bad operator');
        const a = this.temp(), b = this.temp();
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
      case 'agg': {
        // Collected in a loop of its own (one inlinable function, no per-element closures), as R.collect does.
        const where = e.where ? `(${this.expr(e.where)}) === true` : 'true';
        return `R.aggregate(${q(e.fn)}, ((g_src) => { const g_out = []; for (const x of R.list(g_src)) { ${this.v(e.v)} = x; ` +
          `if (${where}) g_out.push(${this.expr(e.el)}); } return g_out; })(${this.expr(e.src)}), ${q(e.d)})`;
      }
      case 'group': {
        // As R.groupBy(R.pairs(...)): key then element for each item passing `where`; none keys dropped.
        const where = e.where ? `(${this.expr(e.where)}) === true` : 'true';
        return `R.groups(((g_src) => { const g_m = new Map(); for (const x of R.list(g_src)) { ${this.v(e.v)} = x; ` +
          `if (${where}) { const g_k = ${this.expr(e.by)}; const g_e = ${this.expr(e.el)}; ` +
          `if (g_k !== undefined) { const g_it = g_m.get(g_k); if (g_it) g_it.push(g_e); else g_m.set(g_k, [g_e]); } } } return g_m; })(${this.expr(e.src)}))`;
      }
      case 'tmpl': {
        const parts = e.parts.filter((p): p is Expr => typeof p !== 'string').map((p) => this.expr(p));
        return `R.tmpl(${this.konst(e)}, [${parts.join(', ')}])`;
      }
    }
    throw new Error('unknown expression');
  }
}
