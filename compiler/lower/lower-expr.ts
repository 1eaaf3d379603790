// AST expression → IR expression, reading the checker's side tables (types and resolved names).
// Every IR node carries the run-time domain the runtime needs, so the runtime infers nothing.
// Mixed int/decimal arithmetic gets an explicit `to_dec` so the runtime never guesses a scale.
import type * as A from '../../dsl/ast/nodes.js';
import type { IrDomain, IrExpr } from '../../runtime/artifact/ir.js';
import type { Facts } from '../check/check-expr.js';
import { shiftDecimal } from '../check/constants.js';
import { domainOf, ERROR, isNumeric, type Ty } from '../check/types.js';

/** Records read straight from the request JSON (converted by `get`); other records are runtime-built. */
const CLAIM_RECORDS = new Set(['patient', 'encounter', 'feeline', 'diag', 'oprn', 'setlinfo', 'request']);

export class ExprLowerer {
  constructor(private readonly facts: Facts) {}

  private ty(e: { id: number }): Ty {
    return this.facts.types.get(e.id) ?? ERROR;
  }

  /** Lower `e`; `want` is the domain the context needs (guides literals and int→dec widening). */
  lower(e: A.Expr, want?: IrDomain): IrExpr {
    const out = this.lowerRaw(e, want);
    const d = this.dom(e, want);
    if (want === 'dec' && d === 'int') return { k: 'call', fn: 'to_dec', args: [out], d: 'dec' };
    return out;
  }

  /** The domain an expression's value has at run time (literals take the wanted domain). */
  dom(e: A.Expr, want?: IrDomain): IrDomain {
    const t = this.ty(e);
    if (t.k === 'num') return want === 'dec' || want === 'int' ? want : t.dec ? 'dec' : 'int';
    if (t.k === 'none') return want ?? 'any';
    return domainOf(t);
  }

  /** The common numeric domain of two operands: dec if either is dec. */
  private common(a: A.Expr, b: A.Expr): IrDomain {
    const ta = this.ty(a);
    const tb = this.ty(b);
    if (!isNumeric(ta) || !isNumeric(tb)) {
      const da = this.dom(a);
      return da === 'any' ? this.dom(b) : da;
    }
    const da = this.dom(a);
    const db = this.dom(b);
    if (ta.k === 'num' && tb.k !== 'num') return db === 'dec' || da === 'dec' ? 'dec' : db;
    if (tb.k === 'num' && ta.k !== 'num') return da === 'dec' || db === 'dec' ? 'dec' : da;
    return da === 'dec' || db === 'dec' ? 'dec' : 'int';
  }

  private lowerRaw(e: A.Expr, want?: IrDomain): IrExpr {
    switch (e.kind) {
      case 'NumberLit': {
        const d = this.dom(e, want);
        return d === 'dec' ? { k: 'lit', d: 'dec', v: e.text } : { k: 'lit', d: 'int', v: Number(e.text) };
      }
      case 'PercentLit':
        return { k: 'lit', d: 'dec', v: shiftDecimal(e.text, -2) };
      case 'StringLitExpr':
        return { k: 'lit', d: 'str', v: e.value };
      case 'TemplateExpr':
        return this.template(e.template);
      case 'DateLit':
        return { k: 'lit', d: 'date', v: e.text };
      case 'BoolLit':
        return { k: 'lit', d: 'bool', v: e.value };
      case 'NoneLit':
      case 'ErrorExpr':
        return { k: 'lit', d: want ?? 'any', v: null };
      case 'NameRef':
        return this.name(e);
      case 'MemberExpr': {
        const objTy = this.ty(e.object);
        const of = this.lower(e.object);
        if (objTy.k === 'record' && CLAIM_RECORDS.has(objTy.name)) return { k: 'get', of, field: e.member.text, d: domainOf(this.ty(e)) };
        return { k: 'field', of, field: e.member.text };
      }
      case 'IndexExpr': {
        const ref = e.object.kind === 'NameRef' ? this.facts.refs.get(e.object.id) : undefined;
        if (ref?.k === 'table') return { k: 'lookup', table: ref.name, keys: e.keys.map((k) => this.lower(k, 'str')) };
        if (ref?.k === 'value' && ref.batch) return { k: 'group_lookup', name: ref.name, keys: e.keys.map((k) => this.lower(k)) };
        return { k: 'call', fn: 'at', args: [this.lower(e.object), this.lower(e.keys[0]!, 'int')], d: domainOf(this.ty(e)) };
      }
      case 'CallExpr': {
        const d = this.dom(e, want);
        const numericResult = ['round', 'min', 'max', 'abs'].includes(e.callee.text);
        return {
          k: 'call',
          fn: e.callee.text,
          args: e.args.map((a, i) => this.lower(a, numericResult && !(e.callee.text === 'round' && i === 1) ? d : i > 0 && ['prefix', 'round'].includes(e.callee.text) ? 'int' : undefined)),
          d,
        };
      }
      case 'UnaryExpr':
        if (e.op === 'not') return { k: 'not', e: this.lower(e.operand) };
        return { k: 'neg', e: this.lower(e.operand, want), d: this.dom(e, want) };
      case 'BinaryExpr':
        return this.binary(e, want);
      case 'InExpr': {
        const coll = this.ty(e.collection);
        const elDom = coll.k === 'set' || coll.k === 'list' ? domainOf(coll.el) : undefined;
        return { k: 'in', e: this.lower(e.element, elDom), coll: this.lower(e.collection), neg: e.negated };
      }
      case 'RangeTest': {
        const d = this.common(e.value, e.lo) === 'dec' || this.common(e.value, e.hi) === 'dec' ? 'dec' : this.dom(e.value);
        return { k: 'range', e: this.lower(e.value, d), lo: this.lower(e.lo, d), hi: this.lower(e.hi, d), neg: e.negated, d };
      }
      case 'IfExpr': {
        const d = this.dom(e, want);
        return { k: 'if', c: this.lower(e.cond), a: this.lower(e.then, d), b: this.lower(e.else, d) };
      }
      case 'SetExpr': {
        const t = this.ty(e);
        const d = t.k === 'set' ? domainOf(t.el) : 'str';
        return { k: 'set', d, items: e.items.map((i) => this.lower(i, d)) };
      }
      case 'ListExpr': {
        const t = this.ty(e);
        const d = t.k === 'list' ? domainOf(t.el) : undefined;
        return { k: 'list', items: e.items.map((i) => this.lower(i, d)) };
      }
      case 'Comprehension': {
        const v = this.facts.binders.get(e.binder.id) ?? 0;
        const t = this.ty(e);
        const elWant = e.fn.text === 'sum' ? (this.dom(e, want) === 'dec' ? 'dec' : undefined) : undefined;
        return {
          k: 'agg',
          fn: e.fn.text as 'sum',
          v,
          src: this.lower(e.source),
          where: e.where ? this.lower(e.where) : null,
          el: this.lower(e.element, elWant),
          d: e.fn.text === 'count' ? 'int' : t.k === 'set' || t.k === 'list' ? domainOf(t.el) : this.dom(e, want),
        };
      }
      case 'GroupExpr': {
        const v = this.facts.binders.get(e.binder.id) ?? 0;
        return { k: 'group', v, src: this.lower(e.source), by: this.lower(e.by), where: e.where ? this.lower(e.where) : null, el: this.lower(e.element) };
      }
    }
  }

  template(t: A.Template): IrExpr {
    return {
      k: 'tmpl',
      parts: t.parts.map((p) => (p.kind === 'TemplateText' ? p.text : this.lower(p))),
      ds: t.parts.map((p) => (p.kind === 'TemplateText' ? null : this.dom(p))),
    };
  }

  private name(e: A.NameRef): IrExpr {
    const ref = this.facts.refs.get(e.id);
    if (!ref) return { k: 'lit', d: 'any', v: null };
    switch (ref.k) {
      case 'var':
        return { k: 'var', v: ref.index };
      case 'param':
        return { k: 'param', name: ref.name };
      case 'value':
        return ref.batch ? { k: 'groups', name: ref.name } : { k: 'indicator', name: ref.name };
      case 'root':
        return { k: 'root', name: ref.name };
      case 'table':
        return { k: 'lit', d: 'any', v: null };
    }
  }

  private binary(e: A.BinaryExpr, want?: IrDomain): IrExpr {
    switch (e.op) {
      case 'and':
        return { k: 'and', l: this.lower(e.left), r: this.lower(e.right) };
      case 'or':
        return { k: 'or', l: this.lower(e.left), r: this.lower(e.right) };
      case '??': {
        const d = this.dom(e, want);
        return { k: 'coalesce', l: this.lower(e.left, d), r: this.lower(e.right, d) };
      }
      default:
        break;
    }
    if ((e.op === '==' || e.op === '!=') && (e.left.kind === 'NoneLit' || e.right.kind === 'NoneLit')) {
      const other = e.left.kind === 'NoneLit' ? e.right : e.left;
      return { k: 'isnone', e: this.lower(other), neg: e.op === '!=' };
    }
    const lt = this.ty(e.left);
    if (lt.k === 'prim' && lt.p === 'date' && (e.op === '+' || e.op === '-') && isNumeric(this.ty(e.right)))
      return { k: 'bin', op: e.op, l: this.lower(e.left), r: this.lower(e.right, 'int'), d: 'date' };
    let d = this.common(e.left, e.right);
    if (e.op === '/' && d === 'int') d = 'dec';
    return { k: 'bin', op: e.op, l: this.lower(e.left, d), r: this.lower(e.right, d), d };
  }
}
