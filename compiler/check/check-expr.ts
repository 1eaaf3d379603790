// Types every expression, resolves every name, and records both in side tables keyed by node id.
// Never throws; a poisoned subexpression has type `error` and produces no further diagnostics.
import type * as A from '../../dsl/ast/nodes.js';
import type { Diagnostic } from '../../dsl/diagnostics/diagnostic.js';
import { closest } from '../../dsl/diagnostics/did-you-mean.js';
import { aggregates, builtinByName, type Aggregate, type ArgKind } from './builtins.js';
import { recordTy, type Env } from './env.js';
import { BOOL, ERROR, NONE, assignable, isNumeric, isOpt, isStringy, isTime, prim, show, withOpt, type Field, type Ty } from './types.js';

export type Ref =
  | { readonly k: 'var'; readonly index: number }
  | { readonly k: 'param'; readonly name: string }
  | { readonly k: 'value'; readonly name: string; readonly batch?: boolean }
  | { readonly k: 'root'; readonly name: 'patient' | 'encounter' | 'history' | 'request' }
  | { readonly k: 'table'; readonly name: string };

/** Side tables shared by every expression of one file. */
export interface Facts {
  readonly types: Map<number, Ty>;
  readonly refs: Map<number, Ref>;
  /** Binder Name id → variable index (for, let, comprehension and group binders). */
  readonly binders: Map<number, number>;
}

export const newFacts = (): Facts => ({ types: new Map(), refs: new Map(), binders: new Map() });

/** Variables of one rule/compute/indicator body, by index (names kept for explanations). */
export class Scope {
  readonly vars: string[] = [];
  private readonly frames: Map<string, { index: number; type: Ty }>[] = [new Map()];
  bind(name: string, type: Ty): number {
    const index = this.vars.length;
    this.vars.push(name);
    this.frames[this.frames.length - 1]!.set(name, { index, type });
    return index;
  }
  lookup(name: string): { index: number; type: Ty } | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const v = this.frames[i]!.get(name);
      if (v) return v;
    }
    return undefined;
  }
  push(): void {
    this.frames.push(new Map());
  }
  pop(): void {
    this.frames.pop();
  }
  names(): string[] {
    return this.frames.flatMap((f) => [...f.keys()]);
  }
}

const ROOTS = ['patient', 'encounter', 'history', 'request'] as const;

export class ExprChecker {
  /** Set when an expression reads batch (per-group) indicator groups: the rule is a batch rule. */
  usedBatch = false;
  constructor(
    private readonly env: Env,
    private readonly facts: Facts,
    private readonly file: string,
    private readonly out: Diagnostic[],
    private readonly scope: Scope,
  ) {}

  private err(code: string, span: A.Span, zh: string, en: string, extra: Partial<Diagnostic> = {}): Ty {
    this.out.push({ code, severity: 'error', file: this.file, span, message: { zh, en }, ...extra });
    return ERROR;
  }
  warn(code: string, span: A.Span, zh: string, en: string): void {
    this.out.push({ code, severity: 'warning', file: this.file, span, message: { zh, en } });
  }
  private set(e: { id: number }, t: Ty): Ty {
    this.facts.types.set(e.id, t);
    return t;
  }

  /** Type an expression; `expect` only guides literals (e.g. `0` next to money). */
  check(e: A.Expr): Ty {
    return this.set(e, this.infer(e));
  }

  /** Check a condition: must be a (possibly optional) boolean. */
  cond(e: A.Expr): void {
    const t = this.check(e);
    if (t.k !== 'error' && !(t.k === 'prim' && t.p === 'bool'))
      this.err('check/not-boolean', e.span, `条件应为真/假值，这里是 ${show(t)}`, `a condition must be true/false, this is ${show(t)}`);
  }

  bindVar(binder: A.Name, t: Ty): number {
    const index = this.scope.bind(binder.text, t);
    this.facts.binders.set(binder.id, index);
    return index;
  }

  private infer(e: A.Expr): Ty {
    switch (e.kind) {
      case 'NumberLit':
        return { k: 'num', dec: e.text.includes('.'), opt: false };
      case 'PercentLit':
        return prim('decimal');
      case 'StringLitExpr':
        return { k: 'str', opt: false };
      case 'TemplateExpr':
        this.template(e.template);
        return prim('text');
      case 'DateLit':
        return prim('date');
      case 'BoolLit':
        return BOOL;
      case 'NoneLit':
        return NONE;
      case 'ErrorExpr':
        return ERROR;
      case 'NameRef':
        return this.name(e);
      case 'MemberExpr':
        return this.member(e);
      case 'IndexExpr':
        return this.index(e);
      case 'CallExpr':
        return this.call(e);
      case 'UnaryExpr': {
        if (e.op === 'not') {
          this.cond(e.operand);
          return BOOL;
        }
        const t = this.check(e.operand);
        if (t.k !== 'error' && !isNumeric(t)) return this.err('check/type-mismatch', e.span, `负号只能用于数值，这里是 ${show(t)}`, `unary minus needs a number, got ${show(t)}`);
        return t;
      }
      case 'BinaryExpr':
        return this.binary(e);
      case 'InExpr': {
        const el = this.check(e.element);
        const coll = this.check(e.collection);
        if (el.k === 'error' || coll.k === 'error') return BOOL;
        if (coll.k !== 'set' && coll.k !== 'list')
          return this.err('check/not-a-collection', e.collection.span, `\`in\` 右侧应为集合或列表，这里是 ${show(coll)}`, `the right side of \`in\` must be a set or list, got ${show(coll)}`);
        if (!comparable(el, coll.el))
          this.err('check/type-mismatch', e.span, `不能在 ${show(coll)} 中查找 ${show(el)}`, `cannot look for ${show(el)} in ${show(coll)}`);
        return BOOL;
      }
      case 'RangeTest': {
        const v = this.check(e.value);
        const lo = this.check(e.lo);
        const hi = this.check(e.hi);
        for (const [bound, t] of [[e.lo, lo], [e.hi, hi]] as const) {
          if (v.k !== 'error' && t.k !== 'error' && !ordered(v, t))
            this.unitOrType(bound.span, v, t);
        }
        return BOOL;
      }
      case 'IfExpr': {
        this.cond(e.cond);
        const a = this.check(e.then);
        const b = this.check(e.else);
        return this.join(a, b, e.span);
      }
      case 'SetExpr':
      case 'ListExpr': {
        let el: Ty = NONE;
        for (const item of e.items) el = this.join(el, this.check(item), item.span);
        const elTy = el.k === 'none' ? { k: 'str', opt: false } as Ty : el;
        return e.kind === 'SetExpr' ? { k: 'set', el: elTy, opt: false } : { k: 'list', el: elTy, opt: false };
      }
      case 'Comprehension':
        return this.comprehension(e);
      case 'GroupExpr':
        return this.group(e);
    }
  }

  template(t: A.Template): void {
    for (const p of t.parts) {
      if (p.kind === 'TemplateText') continue;
      const ty = this.check(p);
      if (ty.k === 'record' || ty.k === 'list')
        this.err('check/bad-placeholder', p.span, `占位符不能显示整个${ty.k === 'record' ? '记录' : '列表'}（${show(ty)}）；请取其中的字段`, `a placeholder cannot show a whole ${ty.k} (${show(ty)}); pick a field`);
    }
  }

  private allNames(): string[] {
    return [...this.scope.names(), ...ROOTS, ...this.env.params.keys(), ...this.env.values.keys(), ...this.env.tables.keys()];
  }

  private name(e: A.NameRef): Ty {
    const n = e.name.text;
    const v = this.scope.lookup(n);
    if (v) {
      this.facts.refs.set(e.id, { k: 'var', index: v.index });
      return v.type;
    }
    if ((ROOTS as readonly string[]).includes(n)) {
      this.facts.refs.set(e.id, { k: 'root', name: n as (typeof ROOTS)[number] });
      if (n === 'history') return { k: 'list', el: recordTy(this.env, 'encounter'), opt: false };
      return recordTy(this.env, n);
    }
    const p = this.env.params.get(n);
    if (p) {
      this.facts.refs.set(e.id, { k: 'param', name: n });
      return p.type;
    }
    const val = this.env.values.get(n);
    if (val) {
      this.facts.refs.set(e.id, { k: 'value', name: n, batch: val.batch });
      if (val.batch) {
        // A batch indicator names its groups: `for g in daily_swipes` (事后, across many requests).
        this.usedBatch = true;
        if (!val.group) return this.err('check/batch-indicator', e.span, `分组指标 \`${n}\` 有错误，无法使用`, `batch indicator \`${n}\` has errors and cannot be used`);
        return { k: 'list', el: val.group, opt: false };
      }
      return val.type;
    }
    if (this.env.tables.has(n)) {
      this.facts.refs.set(e.id, { k: 'table', name: n });
      return this.err('check/table-needs-key', e.span, `知识表 \`${n}\` 需按键查询，如 \`${n}[line.med_list_codg]\``, `knowledge table \`${n}\` must be looked up by key, e.g. \`${n}[line.med_list_codg]\``);
    }
    return this.unknown(e.name, this.allNames(), 'check/unknown-name', '名称', 'name');
  }

  private unknown(name: A.Name, candidates: Iterable<string>, code: string, zhWhat: string, enWhat: string): Ty {
    const guess = closest(name.text, candidates);
    return this.err(
      code,
      name.span,
      `未知的${zhWhat} \`${name.text}\`${guess ? `；是否想写 \`${guess}\`？` : ''}`,
      `unknown ${enWhat} \`${name.text}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
      guess ? { fixes: [{ title: { zh: `改为 \`${guess}\``, en: `change to \`${guess}\`` }, edits: [{ span: name.span, text: guess }] }] } : {},
    );
  }

  private member(e: A.MemberExpr): Ty {
    const obj = this.check(e.object);
    if (obj.k === 'error') return ERROR;
    if (obj.k !== 'record') return this.err('check/not-a-record', e.member.span, `${show(obj)} 没有字段 \`${e.member.text}\``, `${show(obj)} has no field \`${e.member.text}\``);
    const f: Field | undefined = obj.fields.get(e.member.text);
    if (!f) return this.unknown(e.member, obj.fields.keys(), 'check/unknown-field', `${obj.name} 字段`, `field of ${obj.name}`);
    return isOpt(obj) ? withOpt(f.type, true) : f.type;
  }

  private index(e: A.IndexExpr): Ty {
    if (e.object.kind === 'NameRef' && this.env.tables.has(e.object.name.text) && !this.scope.lookup(e.object.name.text)) {
      const table = this.env.tables.get(e.object.name.text)!;
      this.facts.refs.set(e.object.id, { k: 'table', name: table.name });
      this.set(e.object, ERROR);
      if (e.keys.length !== table.key.length)
        return this.err('check/key-count', e.span, `知识表 \`${table.name}\` 的键是 (${table.key.join(', ')})，需要 ${table.key.length} 个值`, `knowledge table \`${table.name}\` is keyed by (${table.key.join(', ')}): give ${table.key.length} value(s)`);
      e.keys.forEach((k, i) => {
        const kt = this.check(k);
        const col = table.row.fields.get(table.key[i]!)!;
        if (kt.k !== 'error' && !comparable(kt, col.type))
          this.err('check/type-mismatch', k.span, `键 \`${table.key[i]}\` 的类型是 ${show(col.type)}，这里是 ${show(kt)}`, `key \`${table.key[i]}\` is ${show(col.type)}, got ${show(kt)}`);
      });
      return withOpt(table.row, true);
    }
    if (e.object.kind === 'NameRef' && this.env.values.get(e.object.name.text)?.batch && !this.scope.lookup(e.object.name.text)) {
      const val = this.env.values.get(e.object.name.text)!;
      this.facts.refs.set(e.object.id, { k: 'value', name: val.name, batch: true });
      this.usedBatch = true;
      this.set(e.object, ERROR);
      e.keys.forEach((k) => this.check(k));
      if (!val.group) return ERROR;
      if (e.keys.length !== (val.keys?.length ?? 0))
        return this.err('check/key-count', e.span, `分组指标 \`${val.name}\` 按 (${val.keys?.join(', ')}) 分组，需要 ${val.keys?.length} 个值`, `batch indicator \`${val.name}\` is grouped by (${val.keys?.join(', ')}): give ${val.keys?.length} value(s)`);
      return withOpt(val.group, true);
    }
    const obj = this.check(e.object);
    for (const k of e.keys) this.check(k);
    if (obj.k === 'error') return ERROR;
    if (obj.k !== 'list') return this.err('check/not-a-collection', e.object.span, `只能对列表或知识表取下标，这里是 ${show(obj)}`, `only lists and knowledge tables can be indexed, got ${show(obj)}`);
    return withOpt(obj.el, true);
  }

  private call(e: A.CallExpr): Ty {
    const name = e.callee.text;
    const fn = builtinByName.get(name);
    if (!fn) {
      e.args.forEach((a) => this.check(a));
      if ((aggregates as readonly string[]).includes(name))
        return this.err('check/aggregate-form', e.span, `\`${name}\` 写作 \`${name}(表达式 for x in 集合 where 条件)\``, `write \`${name}(expr for x in collection where cond)\``);
      return this.unknown(e.callee, builtinByName.keys(), 'check/unknown-function', '函数', 'function');
    }
    const min = fn.optionalFrom ?? fn.params.length;
    if (e.args.length < min || e.args.length > fn.params.length) {
      e.args.forEach((a) => this.check(a));
      return this.err('check/arity', e.span, `\`${name}\` 需要 ${min === fn.params.length ? min : `${min}–${fn.params.length}`} 个参数，这里有 ${e.args.length} 个`, `\`${name}\` takes ${min === fn.params.length ? min : `${min}–${fn.params.length}`} argument(s), got ${e.args.length}`);
    }
    let opt = false;
    let same: Ty | null = null;
    let poisoned = false;
    e.args.forEach((a, i) => {
      const t = this.check(a);
      if (t.k === 'error') {
        poisoned = true;
        return;
      }
      opt ||= isOpt(t);
      const kind = fn.params[i]!;
      if (!fitsKind(t, kind)) {
        poisoned = true;
        this.err('check/type-mismatch', a.span, `\`${name}\` 的第 ${i + 1} 个参数应为${KIND_WORDS[kind].zh}，这里是 ${show(t)}`, `argument ${i + 1} of \`${name}\` must be ${KIND_WORDS[kind].en}, got ${show(t)}`);
      }
      if (kind === 'numeric') same = same ? this.join(same, t, a.span) : t;
    });
    if (poisoned) return ERROR;
    const result = fn.result === 'same' ? (same ?? ERROR) : fn.result;
    if (name === 'size' || name === 'is_empty' || name === 'diag_codes') return result;
    return withOpt(result, opt || isOpt(result));
  }

  private binary(e: A.BinaryExpr): Ty {
    const l = this.check(e.left);
    const r = this.check(e.right);
    if (l.k === 'error' || r.k === 'error') return e.op === 'and' || e.op === 'or' || isCmp(e.op) ? BOOL : ERROR;
    switch (e.op) {
      case 'and':
      case 'or':
        for (const [x, t] of [[e.left, l], [e.right, r]] as const)
          if (!(t.k === 'prim' && t.p === 'bool')) this.err('check/not-boolean', x.span, `\`${e.op}\` 两侧应为真/假值，这里是 ${show(t)}`, `both sides of \`${e.op}\` must be true/false, got ${show(t)}`);
        return BOOL;
      case '??': {
        if (!isOpt(l)) this.warn('check/needless-coalesce', e.left.span, `左侧不会为空，\`??\` 无效`, `the left side is never none, so \`??\` has no effect`);
        const t = this.join(withOpt(l, false), r, e.span);
        return withOpt(t, isOpt(r));
      }
      case '==':
      case '!=':
        if (l.k === 'none' || r.k === 'none') return BOOL;
        if (!comparable(l, r)) this.unitOrType(e.span, l, r);
        return BOOL;
      case '<':
      case '<=':
      case '>':
      case '>=':
        if (!ordered(l, r)) this.unitOrType(e.span, l, r);
        return BOOL;
      default:
        return this.arith(e, l, r);
    }
  }

  private arith(e: A.BinaryExpr, l: Ty, r: Ty): Ty {
    const opt = isOpt(l) || isOpt(r);
    const res = arithResult(e.op as '+' | '-' | '*' | '/', l, r);
    if (res === 'unit')
      return this.err('check/unit-mismatch', e.span, `单位不一致：${show(l)} ${e.op} ${show(r)}`, `units do not match: ${show(l)} ${e.op} ${show(r)}`, {
        help: { zh: '金额只能与金额相加减；金额 × 比例 得到金额；天数与天数相加减', en: 'money adds to money; money × ratio is money; days add to days' },
      });
    if (res === null) return this.err('check/type-mismatch', e.span, `不能计算 ${show(l)} ${e.op} ${show(r)}`, `cannot compute ${show(l)} ${e.op} ${show(r)}`);
    return withOpt(res, opt);
  }

  private unitOrType(span: A.Span, l: Ty, r: Ty): void {
    const unit = isNumeric(l) && isNumeric(r);
    if (unit) this.err('check/unit-mismatch', span, `不能比较 ${show(l)} 与 ${show(r)}（单位不同）`, `cannot compare ${show(l)} with ${show(r)} (different units)`);
    else this.err('check/type-mismatch', span, `不能比较 ${show(l)} 与 ${show(r)}`, `cannot compare ${show(l)} with ${show(r)}`);
  }

  /** The common type of two branches/items (literals adapt). */
  join(a: Ty, b: Ty, span: A.Span): Ty {
    if (a.k === 'error' || b.k === 'error') return ERROR;
    if (a.k === 'none') return withOpt(b, true);
    if (b.k === 'none') return withOpt(a, true);
    const opt = isOpt(a) || isOpt(b);
    if (assignable(a, b) && b.k !== 'num' && b.k !== 'str') return withOpt(b, opt);
    if (assignable(b, a)) return withOpt(a, opt);
    if (a.k === 'num' && b.k === 'num') return { k: 'num', dec: a.dec || b.dec, opt };
    if (isNumeric(a) && isNumeric(b)) {
      this.err('check/unit-mismatch', span, `单位不一致：${show(a)} 与 ${show(b)}`, `units do not match: ${show(a)} and ${show(b)}`);
      return ERROR;
    }
    this.err('check/type-mismatch', span, `类型不一致：${show(a)} 与 ${show(b)}`, `types do not match: ${show(a)} and ${show(b)}`);
    return ERROR;
  }

  private source(src: A.Expr): Ty {
    const t = this.check(src);
    if (t.k === 'error') return ERROR;
    if (t.k !== 'list' && t.k !== 'set') {
      this.err('check/not-a-collection', src.span, `\`for\` 需要列表或集合，这里是 ${show(t)}`, `\`for\` needs a list or set, got ${show(t)}`);
      return ERROR;
    }
    return t.el;
  }

  private comprehension(e: A.Comprehension): Ty {
    const fn = e.fn.text;
    if (!(aggregates as readonly string[]).includes(fn)) {
      this.unknown(e.fn, aggregates, 'check/unknown-aggregate', '汇总函数', 'aggregate');
    }
    const el = this.source(e.source);
    this.scope.push();
    this.bindVar(e.binder, el);
    if (e.where) this.cond(e.where);
    const t = this.check(e.element);
    this.scope.pop();
    if (t.k === 'error' || el.k === 'error') return ERROR;
    switch (fn as Aggregate) {
      case 'sum':
        if (!isNumeric(t)) return this.err('check/type-mismatch', e.element.span, `sum 需要数值，这里是 ${show(t)}`, `sum needs numbers, got ${show(t)}`);
        return withOpt(t.k === 'num' ? { k: 'num', dec: t.dec, opt: false } : t, false);
      case 'count':
        return prim('int');
      case 'min':
      case 'max':
        if (!isNumeric(t) && !isTime(t)) return this.err('check/type-mismatch', e.element.span, `${fn} 需要数值或日期，这里是 ${show(t)}`, `${fn} needs numbers or dates, got ${show(t)}`);
        return withOpt(t, true);
      case 'any':
      case 'all':
        if (!(t.k === 'prim' && t.p === 'bool')) return this.err('check/not-boolean', e.element.span, `${fn} 需要真/假值`, `${fn} needs true/false values`);
        return BOOL;
      case 'distinct':
        return { k: 'set', el: withOpt(t, false), opt: false };
      case 'list':
        return { k: 'list', el: t, opt: false };
      case 'first':
        return withOpt(t, true);
      default:
        return ERROR;
    }
  }

  private group(e: A.GroupExpr): Ty {
    const el = this.source(e.source);
    this.scope.push();
    this.bindVar(e.binder, el);
    if (e.where) this.cond(e.where);
    const key = this.check(e.by);
    const item = this.check(e.element);
    this.scope.pop();
    if (el.k === 'error' || key.k === 'error' || item.k === 'error') return ERROR;
    const fields = new Map<string, Field>([
      ['key', { type: key, title: '分组键' }],
      ['items', { type: { k: 'list', el: item, opt: false }, title: '组内元素' }],
    ]);
    return { k: 'list', el: { k: 'record', name: 'group', fields, opt: false }, opt: false };
  }
}

const isCmp = (op: string) => ['==', '!=', '<', '<=', '>', '>='].includes(op);

const KIND_WORDS: Record<ArgKind, { zh: string; en: string }> = {
  time: { zh: '日期或日期时间', en: 'a date or date-time' },
  date: { zh: '日期', en: 'a date' },
  stringy: { zh: '编码或文字', en: 'a code or text' },
  int: { zh: '整数', en: 'an integer' },
  numeric: { zh: '数值', en: 'a number' },
  collection: { zh: '列表或集合', en: 'a list or set' },
  encounter: { zh: '就诊记录', en: 'an encounter' },
};

function fitsKind(t: Ty, kind: ArgKind): boolean {
  switch (kind) {
    case 'time':
      return isTime(t);
    case 'date':
      return isTime(t);
    case 'stringy':
      return isStringy(t);
    case 'int':
      return t.k === 'num' ? !t.dec : t.k === 'prim' && (t.p === 'int' || t.p === 'days');
    case 'numeric':
      return isNumeric(t);
    case 'collection':
      return t.k === 'list' || t.k === 'set';
    case 'encounter':
      return t.k === 'record' && t.name === 'encounter';
  }
}

/** Can two values be compared for equality? Money only with money (or a literal), and so on. */
export function comparable(a: Ty, b: Ty): boolean {
  if (a.k === 'error' || b.k === 'error' || a.k === 'none' || b.k === 'none') return true;
  if (isNumeric(a) && isNumeric(b)) return sameUnit(a, b);
  if (isStringy(a) && isStringy(b)) return true;
  if (a.k === 'prim' && b.k === 'prim') return a.p === b.p;
  if ((a.k === 'set' || a.k === 'list') && (b.k === 'set' || b.k === 'list')) return comparable(a.el, b.el);
  return false;
}
function ordered(a: Ty, b: Ty): boolean {
  if (isNumeric(a) && isNumeric(b)) return sameUnit(a, b);
  if (a.k === 'prim' && b.k === 'prim' && isTime(a)) return a.p === b.p;
  return isStringy(a) && isStringy(b);
}
const UNIT: Record<string, string> = { money: 'money', days: 'days', int: 'count', decimal: 'ratio' };
function sameUnit(a: Ty, b: Ty): boolean {
  if (a.k === 'num' || b.k === 'num') return true;
  if (a.k !== 'prim' || b.k !== 'prim') return false;
  const ua = UNIT[a.p];
  const ub = UNIT[b.p];
  if (ua === ub) return true;
  // Counts and ratios mix freely (both are plain numbers); a count compares with days (counting
  // dates gives days); money never mixes with anything but money.
  if ((ua === 'count' && ub === 'days') || (ua === 'days' && ub === 'count')) return true;
  return (ua === 'count' || ua === 'ratio') && (ub === 'count' || ub === 'ratio');
}

function arithResult(op: '+' | '-' | '*' | '/', l: Ty, r: Ty): Ty | 'unit' | null {
  if (op === '+' || op === '-') {
    if (l.k === 'prim' && l.p === 'date' && (r.k === 'num' || (r.k === 'prim' && (r.p === 'int' || r.p === 'days')))) return prim('date');
    if (!isNumeric(l) || !isNumeric(r)) return null;
    if (l.k === 'num' && r.k === 'num') return { k: 'num', dec: l.dec || r.dec, opt: false };
    if (l.k === 'num') return withOpt(r, false);
    if (r.k === 'num') return withOpt(l, false);
    const lp = (l as { p: string }).p;
    const rp = (r as { p: string }).p;
    if (lp === rp) return prim(lp as 'int');
    if ((lp === 'days' && rp === 'int') || (lp === 'int' && rp === 'days')) return prim('days');
    if ((lp === 'int' && rp === 'decimal') || (lp === 'decimal' && rp === 'int')) return prim('decimal');
    return 'unit';
  }
  if (!isNumeric(l) || !isNumeric(r)) return null;
  if (l.k === 'num' && r.k === 'num') return { k: 'num', dec: op === '/' || l.dec || r.dec, opt: false };
  const lp = l.k === 'num' ? (l.dec ? 'decimal' : 'int') : (l as { p: string }).p;
  const rp = r.k === 'num' ? (r.dec ? 'decimal' : 'int') : (r as { p: string }).p;
  if (op === '*') {
    if (lp === 'money' && rp === 'money') return 'unit';
    if (lp === 'money' || rp === 'money') return prim('money');
    if (lp === 'days' && rp === 'days') return 'unit';
    if (lp === 'days' || rp === 'days') return rp === 'decimal' || lp === 'decimal' ? prim('decimal') : prim('days');
    if (lp === 'int' && rp === 'int') return prim('int');
    return prim('decimal');
  }
  // division
  if (lp === 'money' && rp === 'money') return prim('decimal');
  if (lp === 'money') return prim('money');
  if (rp === 'money') return 'unit';
  return prim('decimal');
}
