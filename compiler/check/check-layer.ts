// Check one pack layer (all its .lk files) against its bases' environment and lower it to LayerIr.
// Pass 1 declares every name (so order of declarations never matters); pass 2 types every body and
// lowers it. Local changes (set/disable/…) are lowered here and validated by layering.
import type * as A from '../../dsl/ast/nodes.js';
import type { Diagnostic } from '../../dsl/diagnostics/diagnostic.js';
import { closest } from '../../dsl/diagnostics/did-you-mean.js';
import type { IrCompute, IrIndicator, IrInput, IrParam, IrPeriod, IrProvenance, IrRule, IrScenario, IrStep, IrGrade, IrStage, IrScene } from '../../runtime/artifact/ir.js';
import type { ChangeOrigin, DeclaredTable, LayerChange, LayerIr, LayerPackInfo, LoweredTest } from '../layer/layer-ir.js';
import { ExprLowerer } from '../lower/lower-expr.js';
import { ExprChecker, newFacts, Scope, type Facts } from './check-expr.js';
import { compareDecimal, constantOf, type ConstValue } from './constants.js';
import { extendEnv, recordTy, type Env } from './env.js';
import { resolveType } from './resolve-type.js';
import { assignable, domainOf, ERROR, isNumeric, isOpt, show, type Field, type Ty } from './types.js';

export interface LayerFile {
  readonly path: string; // relative to the pack dir
  readonly ast: A.SourceFile;
}

export interface CheckedLayer {
  readonly layer: LayerIr | undefined;
  readonly env: Env;
  readonly diagnostics: Diagnostic[];
}

const ALL_STAGES: IrStage[] = ['pre', 'mid', 'post'];

export function checkLayer(files: readonly LayerFile[], baseEnv: Env): CheckedLayer {
  return new LayerChecker(files, extendEnv(baseEnv)).run();
}

class LayerChecker {
  private readonly out: Diagnostic[] = [];
  private pack: LayerPackInfo | null = null;
  private layerName = '?';
  private readonly inputs: IrInput[] = [];
  private readonly params: IrParam[] = [];
  private readonly tables: DeclaredTable[] = [];
  private readonly indicators: IrIndicator[] = [];
  private readonly rules: IrRule[] = [];
  private readonly computes: IrCompute[] = [];
  private readonly scenarios: IrScenario[] = [];
  private readonly tests: LoweredTest[] = [];
  private readonly changes: LayerChange[] = [];
  private readonly paramTypes = new Map<string, Ty>();
  private fileIndex = 0;
  private file = '';

  constructor(
    private readonly files: readonly LayerFile[],
    private readonly env: Env,
  ) {}

  private err(code: string, span: A.Span, zh: string, en: string, extra: Partial<Diagnostic> = {}): void {
    this.out.push({ code, severity: 'error', file: this.file, span, message: { zh, en }, ...extra });
  }
  private warn(code: string, span: A.Span, zh: string, en: string): void {
    this.out.push({ code, severity: 'warning', file: this.file, span, message: { zh, en } });
  }
  private prov(span: A.Span, action: string, reason: string | null = null): IrProvenance {
    return { layer: this.layerName, file: this.file, span: { start: span.start, end: span.end }, action, reason };
  }
  private irSpan(span: A.Span) {
    return { file: this.fileIndex, start: span.start, end: span.end };
  }

  run(): CheckedLayer {
    this.findPack();
    this.eachFile((d) => this.declare(d));
    // Indicators first: batch indicators define the group records that rules iterate.
    this.eachFile((d, facts) => d.kind === 'IndicatorDecl' && this.indicator(d, facts));
    this.eachFile((d, facts) => d.kind !== 'IndicatorDecl' && this.body(d, facts));
    if (!this.pack) return { layer: undefined, env: this.env, diagnostics: this.out };
    const layer: LayerIr = {
      pack: this.pack,
      files: this.files.map((f) => f.path),
      inputs: this.inputs,
      params: this.params,
      tables: this.tables,
      indicators: this.indicators,
      rules: this.rules,
      computes: this.computes,
      scenarios: this.scenarios,
      tests: this.tests,
      changes: this.changes,
    };
    return { layer, env: this.env, diagnostics: this.out };
  }

  private eachFile(fn: (d: A.Decl, facts: Facts) => void): void {
    this.files.forEach((f, i) => {
      this.fileIndex = i;
      this.file = f.path;
      const facts = newFacts();
      for (const d of f.ast.decls) fn(d, facts);
    });
  }

  // ---- pack -----------------------------------------------------------------------------------
  private findPack(): void {
    const packs: { d: A.PackDecl; file: string }[] = [];
    for (const f of this.files) for (const d of f.ast.decls) if (d.kind === 'PackDecl') packs.push({ d, file: f.path });
    if (packs.length === 0) {
      this.file = this.files[0]?.path ?? 'pack.lk';
      this.err('check/missing-pack', { start: 0, end: 0 }, '包中没有 `pack` 声明', 'the pack has no `pack` declaration', {
        help: { zh: '在 pack.lk 开头写：pack 地区.用途 1.0.0 "标题" { region "000000" }', en: 'start pack.lk with: pack area.purpose 1.0.0 "title" { region "000000" }' },
      });
      return;
    }
    for (const extra of packs.slice(1)) {
      this.file = extra.file;
      this.err('check/duplicate-pack', extra.d.span, '一个包只能有一个 `pack` 声明', 'a pack has exactly one `pack` declaration');
    }
    const { d, file } = packs[0]!;
    this.file = file;
    const region = d.region?.value ?? '';
    if (!/^\d{6}$/.test(region))
      this.err('check/bad-region', d.region?.span ?? d.name.span, `医保区划应为 6 位数字（如 "370100"），这里是 "${region}"`, `region must be a 6-digit division code (e.g. "370100"), got "${region}"`);
    if (!/^[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(d.name.text))
      this.err('check/bad-pack-id', d.name.span, '包标识只能用小写字母、数字、下划线和点（如 jinan.audit）', 'a pack id uses lower-case letters, digits, `_` and dots (e.g. jinan.audit)');
    const year = d.year?.text ?? 'calendar';
    this.layerName = `${d.name.text}@${d.version.text}`;
    this.pack = {
      id: d.name.text,
      version: d.version.text,
      title: d.title?.value ?? d.name.text,
      region,
      effective: period(d.effective),
      yearStart: year === 'calendar' ? '01-01' : year,
      extends: d.extends ? { id: d.extends.base.text, range: d.extends.range.text } : null,
      file,
      span: d.span,
    };
  }

  // ---- pass 1: declarations -------------------------------------------------------------------
  private nameTaken(name: A.Name): boolean {
    const n = name.text;
    if (this.env.params.has(n) || this.env.tables.has(n) || this.env.values.has(n) || ['patient', 'encounter', 'history', 'request'].includes(n)) {
      this.err('check/duplicate-name', name.span, `名称 \`${n}\` 已被使用（参数、知识表、指标和计算共用一个命名空间）`, `the name \`${n}\` is already used (parameters, tables, indicators and computations share one namespace)`);
      return true;
    }
    return false;
  }

  private declare(d: A.Decl): void {
    switch (d.kind) {
      case 'InputDecl':
        return this.declareInput(d);
      case 'KnowledgeDecl':
        return this.declareTable(d);
      case 'ParamDecl': {
        const t = resolveType(d.type, this.file, this.out);
        if (!this.nameTaken(d.name)) {
          this.paramTypes.set(d.name.text, t);
          this.env.params.set(d.name.text, { name: d.name.text, type: t, title: d.title?.value ?? d.name.text, layer: this.layerName, locked: false, range: null });
        }
        return;
      }
      case 'IndicatorDecl':
      case 'ComputeDecl': {
        const t = resolveType(d.type, this.file, this.out);
        if (!this.nameTaken(d.name))
          this.env.values.set(d.name.text, {
            name: d.name.text,
            type: d.kind === 'ComputeDecl' ? { ...t, opt: true } as Ty : t,
            title: d.title?.value ?? d.name.text,
            kind: d.kind === 'ComputeDecl' ? 'compute' : 'indicator',
            batch: d.kind === 'IndicatorDecl' && d.per.length > 0,
          });
        return;
      }
      case 'RuleDecl': {
        const code = d.code.text;
        if (this.env.rules.has(code)) {
          const where = this.env.rules.get(code)!.layer;
          this.err('check/duplicate-rule', d.code.span, `规则编码 \`${code}\` 已在 ${where} 中定义；修改已有规则请用 regrade/restage/state/disable`, `rule code \`${code}\` is already defined in ${where}; change an inherited rule with regrade/restage/state/disable`);
        } else this.env.rules.set(code, { layer: this.layerName, locked: false });
        return;
      }
      case 'ScenarioDecl':
        if (this.env.scenarios.has(d.name.text)) this.err('check/duplicate-name', d.name.span, `场景 \`${d.name.text}\` 已存在`, `scenario \`${d.name.text}\` already exists`);
        this.env.scenarios.add(d.name.text);
        return;
      default:
        return;
    }
  }

  private declareInput(d: A.InputDecl): void {
    const t = resolveType(d.type, this.file, this.out);
    const [root, ...rest] = d.path;
    if (!root || rest.length === 0 || (root.text !== 'patient' && root.text !== 'encounter')) {
      this.err('check/bad-input-path', d.span, '输入字段须写在 patient 或 encounter 之下，如 `encounter.fee_price_class`', 'an input field lives under patient or encounter, e.g. `encounter.fee_price_class`');
      return;
    }
    let rec = recordTy(this.env, root.text);
    for (const seg of rest.slice(0, -1)) {
      const f = rec.fields.get(seg.text);
      const inner = f?.type.k === 'list' ? f.type.el : f?.type;
      if (!inner || inner.k !== 'record') {
        this.err('check/bad-input-path', seg.span, `\`${seg.text}\` 不是 ${rec.name} 下的记录或列表`, `\`${seg.text}\` is not a record or list under ${rec.name}`);
        return;
      }
      rec = recordTy(this.env, inner.name);
    }
    const last = rest[rest.length - 1]!;
    if (rec.fields.has(last.text)) {
      this.err('check/duplicate-field', last.span, `字段 \`${last.text}\` 已在 ${rec.fields.get(last.text)!.origin ?? '平台接口'} 中定义`, `field \`${last.text}\` is already defined (${rec.fields.get(last.text)!.origin ?? 'claim schema'})`);
      return;
    }
    const values = Object.fromEntries(d.values.map((v) => [v.value.value, v.label?.value ?? v.value.value]));
    (rec.fields as Map<string, Field>).set(last.text, { type: t, title: d.title?.value ?? last.text, origin: this.layerName, ...(d.values.length ? { values } : {}) });
    if (t.k === 'error') return;
    this.inputs.push({
      path: d.path.map((p) => p.text),
      type: show(t),
      d: domainOf(t),
      title: d.title?.value ?? last.text,
      values: d.values.map((v) => ({ value: v.value.value, label: v.label?.value ?? null })),
      provenance: [this.prov(d.span, 'declare')],
    });
  }

  private declareTable(d: A.KnowledgeDecl): void {
    if (this.nameTaken(d.name)) return;
    const fields = new Map<string, Field>();
    const key: string[] = [];
    const columns: DeclaredTable['columns'][number][] = [];
    for (const c of d.columns) {
      if (fields.has(c.name.text)) {
        this.err('check/duplicate-column', c.name.span, `列 \`${c.name.text}\` 重复`, `column \`${c.name.text}\` is declared twice`);
        continue;
      }
      const t = resolveType(c.type, this.file, this.out);
      fields.set(c.name.text, { type: t, title: c.title?.value ?? c.name.text, origin: this.layerName });
      if (c.isKey) {
        key.push(c.name.text);
        if (isOpt(t)) this.err('check/optional-key', c.type.span, '键列不能是可选的', 'a key column cannot be optional');
      }
      columns.push({ name: c.name.text, type: show(t), d: domainOf(t), title: c.title?.value ?? c.name.text, key: c.isKey, optional: isOpt(t), locked: d.lockedAll });
    }
    if (key.length === 0) this.err('check/no-key', d.name.span, `知识表 \`${d.name.text}\` 没有键列；在列前加 \`key\``, `knowledge table \`${d.name.text}\` has no key column; mark one with \`key\``);
    const locked = new Set<string>();
    for (const l of d.locks) {
      if (!fields.has(l.text)) {
        const guess = closest(l.text, fields.keys());
        this.err('check/unknown-column', l.span, `锁定的列 \`${l.text}\` 不存在${guess ? `；是否想写 \`${guess}\`？` : ''}`, `locked column \`${l.text}\` does not exist${guess ? `; did you mean \`${guess}\`?` : ''}`);
      } else locked.add(l.text);
    }
    const lockedColumns = columns.map((c) => ({ ...c, locked: d.lockedAll || locked.has(c.name) }));
    const row = { k: 'record' as const, name: d.name.text, fields, opt: false };
    this.env.tables.set(d.name.text, { name: d.name.text, title: d.title?.value ?? d.name.text, row, key, layer: this.layerName, lockedColumns: locked, lockedAll: d.lockedAll });
    this.env.records.set(d.name.text, fields);
    this.tables.push({
      name: d.name.text,
      title: d.title?.value ?? d.name.text,
      columns: lockedColumns,
      key,
      provenance: [this.prov(d.span, 'declare')],
      source: d.source?.value ?? null,
      lockedAll: d.lockedAll,
      span: d.span,
      file: this.file,
    });
  }

  // ---- pass 2: bodies -------------------------------------------------------------------------
  private checker(facts: Facts, scope: Scope): ExprChecker {
    return new ExprChecker(this.env, facts, this.file, this.out, scope);
  }

  private body(d: A.Decl, facts: Facts): void {
    switch (d.kind) {
      case 'ParamDecl':
        return this.param(d, facts);
      case 'ComputeDecl':
        return this.compute(d, facts);
      case 'RuleDecl':
        return this.rule(d, facts);
      case 'ScenarioDecl':
        return this.scenario(d, facts);
      case 'TestDecl':
        return this.test(d);
      case 'SetChange':
      case 'DisableChange':
      case 'RegradeChange':
      case 'RestageChange':
      case 'StateChange':
      case 'KnowledgeRowsChange':
      case 'LockChange':
        return this.change(d, facts);
      default:
        return;
    }
  }

  /** A constant of type `t` (parameter defaults, bounds, `set` values). */
  constant(e: A.Expr, t: Ty, facts: Facts, what: { zh: string; en: string }): ConstValue | undefined {
    const c = this.checker(facts, new Scope());
    const et = c.check(e);
    if (et.k === 'error') return undefined; // already reported (or a parse error): stay silent
    if (t.k !== 'error' && !assignable(et, t)) {
      this.err('check/type-mismatch', e.span, `${what.zh}的类型应为 ${show(t)}，这里是 ${show(et)}`, `${what.en} must be ${show(t)}, got ${show(et)}`);
      return undefined;
    }
    const v = constantOf(e, domainOf(t) === 'dec');
    if (v === undefined) {
      this.err('check/not-constant', e.span, `${what.zh}必须是常量（数字、百分比、字符串、日期、集合或 none）`, `${what.en} must be a constant (number, percentage, string, date, set or none)`);
      return undefined;
    }
    return v;
  }

  private param(d: A.ParamDecl, facts: Facts): void {
    const t = this.paramTypes.get(d.name.text);
    if (!t) return;
    const value = this.constant(d.value, t, facts, { zh: '参数默认值', en: 'the default' });
    let range: IrParam['range'] = null;
    if (d.range && t.k !== 'error') {
      const lo = this.constant(d.range.lo, t, facts, { zh: '下限', en: 'the lower bound' });
      const hi = this.constant(d.range.hi, t, facts, { zh: '上限', en: 'the upper bound' });
      if ((typeof lo === 'string' || typeof lo === 'number') && (typeof hi === 'string' || typeof hi === 'number')) {
        range = { lo, hi };
        if (!isNumeric(t)) this.err('check/range-not-numeric', d.range.lo.span, '只有数值参数可以设定范围', 'only numeric parameters take a range');
        else if (compareDecimal(lo, hi) > 0) this.err('check/bad-range', d.range.lo.span, '下限大于上限', 'the lower bound is above the upper bound');
        else if ((typeof value === 'string' || typeof value === 'number') && (compareDecimal(value, lo) < 0 || compareDecimal(value, hi) > 0))
          this.err('check/param-out-of-range', d.value.span, `默认值 ${value} 不在范围 ${lo} .. ${hi} 内`, `the default ${value} is outside ${lo} .. ${hi}`);
      }
    }
    if (value === undefined) return;
    const sym = this.env.params.get(d.name.text)!;
    this.env.params.set(d.name.text, { ...sym, range });
    this.params.push({
      name: d.name.text,
      title: d.title?.value ?? d.name.text,
      type: show(t),
      d: domainOf(t),
      value,
      range,
      unit: d.unit?.value ?? null,
      illustrative: d.illustrative,
      locked: false,
      provenance: [this.prov(d.span, 'declare')],
    });
  }

  private indicator(d: A.IndicatorDecl, facts: Facts): void {
    const sym = this.env.values.get(d.name.text);
    if (!sym || sym.kind !== 'indicator') return;
    const scope = new Scope();
    const c = this.checker(facts, scope);
    const low = new ExprLowerer(facts);
    const batch = d.per.length > 0;
    if (d.unit && !batch) this.err('check/unit-without-per', d.unit.binder.span, '`for … in …` 只用于分组（per）指标', '`for … in …` is only for grouped (per) indicators');
    let unit: { v: number; src: ReturnType<ExprLowerer['lower']> } | null = null;
    let element: Ty = recordTy(this.env, 'request');
    if (d.unit) {
      const st = c.check(d.unit.source);
      element = st.k === 'list' || st.k === 'set' ? st.el : ERROR;
      if (st.k !== 'error' && element.k === 'error') this.err('check/not-a-collection', d.unit.source.span, `\`for\` 需要列表或集合，这里是 ${show(st)}`, `\`for\` needs a list or set, got ${show(st)}`);
      unit = { v: c.bindVar(d.unit.binder, element), src: low.lower(d.unit.source) };
    }
    const keyFields = new Map<string, Field>();
    const per = d.per.map((g) => {
      const kt = c.check(g.value);
      if (keyFields.has(g.name.text)) this.err('check/duplicate-name', g.name.span, `分组键 \`${g.name.text}\` 重复`, `group key \`${g.name.text}\` is repeated`);
      keyFields.set(g.name.text, { type: kt, title: g.name.text });
      return { name: g.name.text, e: low.lower(g.value) };
    });
    if (d.where) c.cond(d.where);
    let itemsVar: number | undefined;
    if (batch) {
      // Inside the value, `items` is the list of the group's elements (requests, or `for` elements).
      scope.push();
      itemsVar = scope.bind('items', { k: 'list', el: element, opt: false });
    }
    const vt = c.check(d.value);
    this.expectType(d.value, vt, sym.type, d.name.text);
    if (batch) {
      for (const reserved of ['value', 'items', 'count'])
        if (keyFields.has(reserved)) this.err('check/duplicate-name', d.per.find((g) => g.name.text === reserved)!.name.span, `分组键不能叫 \`${reserved}\``, `a group key cannot be called \`${reserved}\``);
      const fields = new Map<string, Field>([
        ...keyFields,
        ['value', { type: sym.type, title: sym.title }],
        ['items', { type: { k: 'list', el: element, opt: false }, title: '组内元素' }],
        ['count', { type: { k: 'prim', p: 'int', opt: false }, title: '组内元素个数' }],
      ]);
      this.env.values.set(d.name.text, { ...sym, group: { k: 'record', name: `group:${d.name.text}`, fields, opt: false }, keys: [...keyFields.keys()] });
    }
    this.indicators.push({
      name: d.name.text,
      title: sym.title,
      type: show(sym.type),
      d: domainOf(sym.type),
      vars: scope.vars,
      per,
      unit,
      ...(itemsVar !== undefined ? { itemsVar } : {}),
      where: d.where ? low.lower(d.where) : null,
      value: low.lower(d.value, domainOf(sym.type)),
      span: this.irSpan(d.span),
      provenance: [this.prov(d.span, 'declare')],
    });
  }

  private expectType(e: A.Expr, got: Ty, want: Ty, name: string): void {
    if (got.k === 'error' || want.k === 'error') return;
    if (!assignable(got, want)) {
      const unit = isNumeric(got) && isNumeric(want);
      this.err(unit ? 'check/unit-mismatch' : 'check/type-mismatch', e.span, `\`${name}\` 声明为 ${show(want)}，这里的值是 ${show(got)}`, `\`${name}\` is declared ${show(want)} but this value is ${show(got)}`);
    } else if (isOpt(got) && !isOpt(want))
      this.err('check/maybe-none', e.span, `这个值可能为空（${show(got)}），而 \`${name}\` 声明为 ${show(want)}；用 \`?? 默认值\` 处理，或把类型写成 ${show(want)}?`, `this value may be none (${show(got)}) but \`${name}\` is ${show(want)}; handle it with \`?? default\` or declare ${show(want)}?`);
  }

  private steps(body: readonly A.Step[], c: ExprChecker, low: ExprLowerer, onFor?: (depth: number) => void): IrStep[] {
    const out: IrStep[] = [];
    let depth = 0;
    for (const s of body) {
      if (s.kind === 'ForStep') {
        const t = c.check(s.source);
        let el: Ty = ERROR;
        if (t.k === 'list' || t.k === 'set') el = t.el;
        else if (t.k !== 'error') this.err('check/not-a-collection', s.source.span, `\`for\` 需要列表或集合，这里是 ${show(t)}`, `\`for\` needs a list or set, got ${show(t)}`);
        const v = c.bindVar(s.binder, el);
        out.push({ k: 'for', v, src: low.lower(s.source), span: this.irSpan(s.span) });
        onFor?.(++depth);
      } else if (s.kind === 'LetStep') {
        const t = c.check(s.value);
        const v = c.bindVar(s.binder, t);
        out.push({ k: 'let', v, e: low.lower(s.value), span: this.irSpan(s.span), d: low.dom(s.value) });
      } else {
        c.cond(s.cond);
        out.push({ k: 'when', e: low.lower(s.cond), span: this.irSpan(s.span) });
      }
    }
    return out;
  }

  private compute(d: A.ComputeDecl, facts: Facts): void {
    const sym = this.env.values.get(d.name.text);
    if (!sym || sym.kind !== 'compute') return;
    const declared = resolveType(d.type, this.file, []);
    const scope = new Scope();
    const c = this.checker(facts, scope);
    const low = new ExprLowerer(facts);
    const steps = this.steps(d.body, c, low);
    if (!d.value) {
      this.err('check/missing-value', d.name.span, `计算 \`${d.name.text}\` 缺少 \`value\``, `computation \`${d.name.text}\` has no \`value\``);
      return;
    }
    const vt = c.check(d.value);
    this.expectType(d.value, vt, declared, d.name.text);
    this.computes.push({
      name: d.name.text,
      title: sym.title,
      type: show(declared),
      effective: period(d.effective),
      vars: scope.vars,
      steps,
      value: low.lower(d.value, domainOf(declared)),
      span: this.irSpan(d.span),
      provenance: [this.prov(d.span, 'declare')],
    });
  }

  private rule(d: A.RuleDecl, facts: Facts): void {
    if (this.env.rules.get(d.code.text)?.layer !== this.layerName) return;
    const attr = <K extends A.RuleAttr['kind']>(k: K) => d.attrs.filter((a): a is Extract<A.RuleAttr, { kind: K }> => a.kind === k);
    for (const k of ['ClassAttr', 'ResultAttr', 'StagesAttr', 'ScenesAttr', 'WindowAttr', 'BasisAttr', 'StateAttr', 'NeedsAttr', 'EffectiveAttr'] as const)
      for (const dup of attr(k).slice(1)) this.err('check/duplicate-attr', dup.span, '同一属性写了两次', 'this attribute is written twice');
    const result = attr('ResultAttr')[0]?.value.value;
    if (!attr('ResultAttr')[0]) this.err('check/missing-result', d.code.span, `规则 \`${d.code.text}\` 缺少 \`result\`（definite/suspicious/reminder）`, `rule \`${d.code.text}\` needs \`result\` (definite/suspicious/reminder)`);
    const cls = attr('ClassAttr')[0]?.value;
    const state = attr('StateAttr')[0];
    if (state?.value.value === 'retired' && !state.reason) this.err('check/missing-reason', state.span, '停用规则须写明原因：`state retired because "…"`', 'retiring a rule needs a reason: `state retired because "…"`');
    const scope = new Scope();
    const c = this.checker(facts, scope);
    const low = new ExprLowerer(facts);
    const excludes = attr('ExcludeAttr').map((x) => {
      c.cond(x.when);
      return { when: low.lower(x.when), reason: x.reason?.value ?? null };
    });
    let cost = 1;
    const steps = this.steps(d.body, c, low, (depth) => (cost = Math.max(cost, depth)));
    const f = d.finding;
    // A draft or retired rule never runs: it may be declared before it can say what it flags.
    if (!f && state?.value.value !== 'draft' && state?.value.value !== 'retired') this.err('check/missing-flag', d.code.span, `规则 \`${d.code.text}\` 没有 \`flag\`：命中时标记什么？`, `rule \`${d.code.text}\` has no \`flag\`: what does a hit mark?`);
    const flag = (f?.flagged ?? []).map((e) => this.flagTarget(e, c, low));
    const involve = (f?.involved ?? []).map((e) => this.flagTarget(e, c, low));
    let amount = null;
    if (f?.amount) {
      const at = c.check(f.amount);
      if (at.k !== 'error' && !(at.k === 'num' || (at.k === 'prim' && at.p === 'money')))
        this.err('check/unit-mismatch', f.amount.span, `违规金额应为金额（money），这里是 ${show(at)}`, `the amount must be money, got ${show(at)}`);
      amount = low.lower(f.amount, 'dec');
    }
    if (f?.message) c.template(f.message);
    if (c.usedBatch) {
      const st = attr('StagesAttr')[0];
      if (st && st.values.some((v) => v.value && v.value !== 'post'))
        this.err('check/batch-stage', st.span, '批量（分组指标）规则只在事后（post）运行', 'a batch (grouped-indicator) rule runs only at the post stage');
    }
    if (cost >= 3) this.warn('check/costly-rule', d.code.span, `规则嵌套 ${cost} 层循环，大请求上可能很慢`, `the rule nests ${cost} loops; it may be slow on large requests`);
    const stagesAttr = attr('StagesAttr')[0];
    const scenesAttr = attr('ScenesAttr')[0];
    this.rules.push({
      code: d.code.text,
      name: d.name?.value ?? d.code.text,
      class: cls ? (cls.kind === 'StringLit' ? cls.value : cls.text) : '',
      result: result ?? 'suspicious',
      stageResults: {} as IrRule["stageResults"],
      stages: c.usedBatch ? ['post'] : stagesAttr ? (stagesAttr.values.map((v) => v.value).filter(Boolean) as IrStage[]) : ALL_STAGES,
      ...(c.usedBatch ? { batch: true } : {}),
      scenes: scenesAttr ? (scenesAttr.values.map((v) => v.value).filter(Boolean) as IrScene[]) : [],
      window: attr('WindowAttr')[0]?.value.value ?? 'encounter',
      basis: attr('BasisAttr')[0]?.value.value ?? '',
      state: state?.value.value ?? 'active',
      stateReason: state?.reason?.value ?? null,
      needs: attr('NeedsAttr')[0]?.value.value ?? null,
      effective: period(attr('EffectiveAttr')[0]?.value ?? null),
      excludes,
      vars: scope.vars,
      steps,
      flag,
      involve,
      amount,
      message: f?.message ? low.template(f.message) : null,
      cost,
      span: this.irSpan(d.span),
      provenance: [this.prov(d.span, 'declare', state?.reason?.value ?? null)],
    });
  }

  private flagTarget(e: A.Expr, c: ExprChecker, low: ExprLowerer) {
    const t = c.check(e);
    const ok = t.k === 'error' || (t.k === 'record' && (t.name === 'feeline' || t.name === 'encounter' || t.name.startsWith('group:'))) || (t.k === 'list' && t.el.k === 'record' && t.el.name === 'feeline');
    if (!ok) this.err('check/bad-flag', e.span, `flag 的对象应为费用明细、明细列表或 encounter，这里是 ${show(t)}`, `flag a fee line, a list of fee lines or \`encounter\`; this is ${show(t)}`);
    return low.lower(e);
  }

  private scenario(d: A.ScenarioDecl, facts: Facts): void {
    let stage: IrStage | null = null;
    let scenes: IrScene[] | null = null;
    let include: 'all' | string[] = 'all';
    const exclude: string[] = [];
    const regrade: { target: string; to: IrGrade }[] = [];
    const set: { param: string; value: ConstValue }[] = [];
    for (const item of d.items) {
      switch (item.kind) {
        case 'ScenarioStage':
          stage = item.value.value;
          break;
        case 'ScenarioScenes':
          scenes = item.values.map((v) => v.value).filter(Boolean) as IrScene[];
          break;
        case 'ScenarioInclude':
          include = item.all ? 'all' : [...(include === 'all' ? [] : include), ...item.codes.map((c) => this.ruleRef(c))];
          break;
        case 'ScenarioExclude':
          exclude.push(...item.codes.map((c) => this.ruleRef(c)));
          break;
        case 'ScenarioRegrade':
          if (item.to.value) regrade.push({ target: item.target.kind === 'Name' ? this.ruleRef(item.target) : (item.target.value ?? ''), to: item.to.value });
          break;
        case 'ScenarioSet': {
          const p = this.env.params.get(item.param.text);
          if (!p) {
            this.unknownParam(item.param);
            break;
          }
          const v = this.constant(item.value, p.type, facts, { zh: '场景参数值', en: 'the scenario value' });
          if (v !== undefined) set.push({ param: item.param.text, value: v });
          break;
        }
      }
    }
    this.scenarios.push({ name: d.name.text, title: d.title?.value ?? d.name.text, stage, scenes, include, exclude, regrade, set, provenance: [this.prov(d.span, 'declare')] });
  }

  private ruleRef(code: A.Name): string {
    if (!this.env.rules.has(code.text)) {
      const guess = closest(code.text, this.env.rules.keys());
      this.err('check/unknown-rule', code.span, `未知的规则编码 \`${code.text}\`${guess ? `；是否想写 \`${guess}\`？` : ''}`, `unknown rule code \`${code.text}\`${guess ? `; did you mean \`${guess}\`?` : ''}`);
    }
    return code.text;
  }
  private unknownParam(name: A.Name): void {
    const guess = closest(name.text, this.env.params.keys());
    this.err('check/unknown-param', name.span, `未知的参数 \`${name.text}\`${guess ? `；是否想写 \`${guess}\`？` : ''}`, `unknown parameter \`${name.text}\`${guess ? `; did you mean \`${guess}\`?` : ''}`, guess ? { fixes: [{ title: { zh: `改为 \`${guess}\``, en: `change to \`${guess}\`` }, edits: [{ span: name.span, text: guess }] }] } : {});
  }

  private test(d: A.TestDecl): void {
    const expects: LoweredTest['expects'][number][] = [];
    for (const x of d.expects) {
      if (x.kind === 'ExpectFinding') {
        this.ruleRef(x.code);
        expects.push({ kind: 'finding', negated: x.negated, code: x.code.text, line: x.line?.value ?? null, amount: x.amount?.text ?? null, result: x.result?.value ?? null, span: x.span });
      } else if (x.kind === 'ExpectCount') expects.push({ kind: 'count', count: Number(x.count.text), span: x.span });
      else if (x.kind === 'ExpectValue') {
        const v = this.env.values.get(x.name.text);
        if (!v || v.kind !== 'compute') {
          const guess = closest(x.name.text, [...this.env.values.values()].filter((s) => s.kind === 'compute').map((s) => s.name));
          this.err('check/unknown-value', x.name.span, `未知的计算 \`${x.name.text}\`${guess ? `；是否想写 \`${guess}\`？` : ''}`, `unknown computation \`${x.name.text}\`${guess ? `; did you mean \`${guess}\`?` : ''}`);
        }
        expects.push({ kind: 'value', name: x.name.text, value: x.value.kind === 'NoneLit' ? null : x.value.text, span: x.span });
      } else expects.push({ kind: 'notice', code: x.code.value, span: x.span });
    }
    if (!d.request) this.err('check/missing-request', d.name.span, '测试缺少 `request "文件"`', 'the test has no `request "file"`');
    if (d.scenario && !this.env.scenarios.has(d.scenario.text)) this.err('check/unknown-scenario', d.scenario.span, `未知的场景 \`${d.scenario.text}\``, `unknown scenario \`${d.scenario.text}\``);
    this.tests.push({
      name: d.name.value,
      file: this.file,
      span: d.span,
      request: d.request?.value ?? null,
      patches: d.patches.map((p) => ({
        path: p.path.map((s) => (s.kind === 'NumberLit' ? Number(s.text) : s.text)),
        value: patchValue(p.value),
      })),
      stage: d.stage?.value ?? null,
      scenario: d.scenario?.text ?? null,
      asOf: d.asOf?.text ?? null,
      expects,
    });
  }

  private change(d: A.SetChange | A.DisableChange | A.RegradeChange | A.RestageChange | A.StateChange | A.KnowledgeRowsChange | A.LockChange, facts: Facts): void {
    const origin = (reason: A.StringLit | null): ChangeOrigin => ({ file: this.file, span: d.span, reason: reason?.value ?? null });
    switch (d.kind) {
      case 'SetChange': {
        const p = this.env.params.get(d.param.text);
        if (!p) return this.unknownParam(d.param);
        const v = this.constant(d.value, p.type, facts, { zh: '参数值', en: 'the value' });
        if (v === undefined) return;
        this.changes.push({ kind: 'set', param: d.param.text, value: v, origin: origin(d.reason), nameSpan: d.param.span });
        return;
      }
      case 'DisableChange':
        this.changes.push({ kind: 'disable', code: this.ruleRef(d.code), origin: origin(d.reason), nameSpan: d.code.span });
        return;
      case 'RegradeChange':
        if (d.to.value) this.changes.push({ kind: 'regrade', code: this.ruleRef(d.code), to: d.to.value, stages: d.stages.map((s) => s.value).filter(Boolean) as IrStage[], origin: origin(d.reason), nameSpan: d.code.span });
        return;
      case 'RestageChange':
        this.changes.push({
          kind: 'restage',
          code: this.ruleRef(d.code),
          stages: d.stages ? (d.stages.map((s) => s.value).filter(Boolean) as IrStage[]) : null,
          scenes: d.scenes ? (d.scenes.map((s) => s.value).filter(Boolean) as IrScene[]) : null,
          origin: origin(d.reason),
          nameSpan: d.code.span,
        });
        return;
      case 'StateChange':
        if (d.to.value) this.changes.push({ kind: 'state', code: this.ruleRef(d.code), to: d.to.value, origin: origin(d.reason), nameSpan: d.code.span });
        return;
      case 'KnowledgeRowsChange':
        if (!this.env.tables.has(d.table.text)) {
          const guess = closest(d.table.text, this.env.tables.keys());
          this.err('check/unknown-table', d.table.span, `未知的知识表 \`${d.table.text}\`${guess ? `；是否想写 \`${guess}\`？` : ''}`, `unknown knowledge table \`${d.table.text}\`${guess ? `; did you mean \`${guess}\`?` : ''}`);
          return;
        }
        this.changes.push({ kind: 'rows', table: d.table.text, mode: d.mode, source: d.source.value, origin: origin(d.reason), nameSpan: d.table.span });
        return;
      case 'LockChange':
        if (d.target === 'param' && !this.env.params.has(d.name.text)) return this.unknownParam(d.name);
        if (d.target === 'rule') this.ruleRef(d.name);
        if (d.target === 'knowledge' && !this.env.tables.has(d.name.text)) {
          this.err('check/unknown-table', d.name.span, `未知的知识表 \`${d.name.text}\``, `unknown knowledge table \`${d.name.text}\``);
          return;
        }
        this.changes.push({ kind: 'lock', target: d.target, name: d.name.text, columns: d.columns.map((c) => c.text), origin: origin(null), nameSpan: d.name.span });
        return;
    }
  }
}

function period(p: A.EffectivePeriod | null): IrPeriod | null {
  return p ? { from: p.from.text, to: p.to?.text ?? null } : null;
}

/** Test patch values are JSON-like: numbers stay numbers (money in requests is yuan as JSON numbers). */
function patchValue(e: A.Expr): unknown {
  switch (e.kind) {
    case 'NumberLit':
      return Number(e.text);
    case 'PercentLit':
      return Number(e.text) / 100;
    case 'StringLitExpr':
      return e.value;
    case 'DateLit':
      return e.text;
    case 'BoolLit':
      return e.value;
    case 'NoneLit':
      return null;
    case 'UnaryExpr':
      return e.op === '-' && e.operand.kind === 'NumberLit' ? -Number(e.operand.text) : null;
    case 'ListExpr':
    case 'SetExpr':
      return e.items.map(patchValue);
    default:
      return null;
  }
}
