// Declarations in canonical layout: one item per line, two-space indent inside `{ }`, rule attributes
// in the grammar's order, the finding clause as `flag …` / `involve …` / `amount …` / `say "…"` lines
// at the body's indent.
import type {
  Comment,
  ComputeDecl,
  Decl,
  EffectivePeriod,
  EnumWord,
  Expectation,
  Expr,
  FindingClause,
  IndicatorDecl,
  InputDecl,
  KnowledgeDecl,
  Name,
  PackDecl,
  ParamDecl,
  Patch,
  RuleAttr,
  RuleDecl,
  ScenarioDecl,
  ScenarioItem,
  Step,
  StringLit,
  TestDecl,
  TypeRef,
} from '../ast/nodes.js';
import { LineSink } from './lines.js';
import { Prec, printExpr, printTemplate, quoteString, type ExprContext } from './print-expr.js';

/** Grammar order of rule attributes (GRAMMAR.md `ruleAttr`); the formatter sorts attributes by it. */
export const RULE_ATTR_ORDER: readonly RuleAttr['kind'][] = [
  'ClassAttr',
  'ResultAttr',
  'StagesAttr',
  'ScenesAttr',
  'WindowAttr',
  'BasisAttr',
  'StateAttr',
  'NeedsAttr',
  'EffectiveAttr',
  'ExcludeAttr',
];

export function sortRuleAttrs(attrs: readonly RuleAttr[]): RuleAttr[] {
  // Array.prototype.sort is stable, so repeated attributes (several `exclude when`) keep their order.
  return [...attrs].sort((a, b) => RULE_ATTR_ORDER.indexOf(a.kind) - RULE_ATTR_ORDER.indexOf(b.kind));
}

export class DeclPrinter {
  constructor(
    private readonly out: LineSink,
    private readonly ctx: ExprContext,
    /** Source comments; a block holding one is never collapsed to `{}` (the comment stays inside). */
    private readonly comments: readonly Comment[] = [],
  ) {}

  decl(d: Decl): void {
    const o = this.out;
    const at = d.span.start;
    switch (d.kind) {
      case 'PackDecl':
        return this.pack(d);
      case 'InputDecl':
        return this.input(d);
      case 'KnowledgeDecl':
        return this.knowledge(d);
      case 'ParamDecl':
        return o.add(0, this.param(d), at);
      case 'IndicatorDecl':
        return o.add(0, this.indicator(d), at);
      case 'RuleDecl':
        return this.rule(d);
      case 'ScenarioDecl':
        return this.scenario(d);
      case 'ComputeDecl':
        return this.compute(d);
      case 'TestDecl':
        return this.test(d);
      case 'SetChange':
        return o.add(0, `set ${d.param.text} = ${this.e(d.value)}${because(d.reason)}`, at);
      case 'DisableChange':
        return o.add(0, `disable ${d.code.text}${because(d.reason)}`, at);
      case 'RegradeChange': {
        const stages = d.stages.length ? ` in ${words(d.stages)}` : '';
        return o.add(0, `regrade ${d.code.text} to ${d.to.text}${stages}${because(d.reason)}`, at);
      }
      case 'RestageChange': {
        const stages = d.stages ? ` stages ${words(d.stages)}` : '';
        const scenes = d.scenes ? ` scenes ${words(d.scenes)}` : '';
        return o.add(0, `restage ${d.code.text}${stages}${scenes}${because(d.reason)}`, at);
      }
      case 'StateChange':
        return o.add(0, `state ${d.code.text} ${d.to.text}${because(d.reason)}`, at);
      case 'KnowledgeRowsChange':
        return o.add(0, `knowledge ${d.table.text} ${d.mode} from ${str(d.source)}${because(d.reason)}`, at);
      case 'LockChange': {
        const cols = d.columns.length ? ` columns ${names(d.columns)}` : '';
        return o.add(0, `lock ${d.target} ${d.name.text}${cols}`, at);
      }
      case 'ErrorDecl':
        // Broken text is kept as written (the CLI never rewrites such a file; the studio may format while typing).
        for (const [i, line] of this.ctx.text.slice(d.span.start, d.span.end).trim().split('\n').entries())
          o.add(0, line.trimEnd(), i === 0 ? at : -1);
        return;
    }
  }

  /**
   * Offset of the last `word` keyword inside [start, end) of the source, for lines with no node of
   * their own (`locked`), so comments written around them stay with them. -1 when not found.
   */
  private keywordAt(word: string, start: number, end: number): number {
    const re = new RegExp(`(?<![\\p{L}\\p{N}_])${word}(?![\\p{L}\\p{N}_])`, 'gu');
    let found = -1;
    for (const m of this.ctx.text.slice(start, end).matchAll(re)) found = start + m.index;
    return found;
  }

  private e(x: Expr, min: number = Prec.If): string {
    return printExpr(x, this.ctx, min);
  }

  /** Open a block: `header {` … `}`; an empty block stays on one line as `header {}`. */
  private block(header: string, at: number, end: number, body: (() => void) | null): void {
    const commented = this.comments.some((c) => c.span.start > at && c.span.end < end);
    if (!body && !commented) {
      this.out.add(0, `${header} {}`, at);
      return;
    }
    this.out.add(0, `${header} {`, at);
    body?.();
    this.out.add(0, '}', end - 1, true);
  }

  private pack(d: PackDecl): void {
    let header = `pack ${d.name.text} ${d.version.text}${opt(d.title)}`;
    if (d.extends) header += ` extends ${d.extends.base.text} ${d.extends.range.text}`;
    const empty = !d.region && !d.effective && !d.year;
    this.block(header, d.span.start, d.span.end, empty ? null : () => {
      if (d.region) this.out.add(1, `region ${str(d.region)}`, d.region.span.start);
      if (d.effective) this.out.add(1, `effective ${period(d.effective)}`, d.effective.span.start);
      if (d.year) this.out.add(1, `year ${d.year.text}`, d.year.span.start);
    });
  }

  private input(d: InputDecl): void {
    const header = `input ${d.path.map((n) => n.text).join('.')}: ${type(d.type)}${opt(d.title)}`;
    if (!d.values.length) return this.out.add(0, header, d.span.start);
    this.out.add(0, `${header} values {`, d.span.start);
    d.values.forEach((v, i) => {
      const comma = i < d.values.length - 1 ? ',' : '';
      this.out.add(1, `${str(v.value)}${opt(v.label)}${comma}`, v.span.start);
    });
    this.out.add(0, '}', d.span.end - 1, true);
  }

  private knowledge(d: KnowledgeDecl): void {
    const header = `knowledge ${d.name.text}${opt(d.title)}${d.source ? ` from ${str(d.source)}` : ''}`;
    const empty = !d.columns.length && !d.locks.length && !d.lockedAll;
    this.block(header, d.span.start, d.span.end, empty ? null : () => {
      // Titles line up in a column (like a table header), measured in display width so Chinese
      // column names align too.
      const heads = d.columns.map((c) => `${c.isKey ? 'key ' : ''}${c.name.text}: ${type(c.type)}`);
      const width = Math.max(0, ...heads.map(displayWidth));
      d.columns.forEach((c, i) => {
        const head = heads[i]!;
        const line = c.title ? `${head}${' '.repeat(width - displayWidth(head) + 1)}${str(c.title)}` : head;
        this.out.add(1, line, c.span.start);
      });
      if (d.locks.length) this.out.add(1, `lock ${names(d.locks)}`, d.locks[0]!.span.start);
      if (d.lockedAll) this.out.add(1, 'locked', this.keywordAt('locked', d.span.start, d.span.end));
    });
  }

  private param(d: ParamDecl): string {
    let s = `param ${d.name.text}${opt(d.title)}: ${type(d.type)} = ${this.e(d.value)}`;
    // `range lo .. hi`: an `in` test inside lo would swallow the `..`; keep both ends at additive level.
    if (d.range) s += ` range ${this.e(d.range.lo, Prec.Add)} .. ${this.e(d.range.hi, Prec.Add)}`;
    if (d.unit) s += ` unit ${str(d.unit)}`;
    if (d.illustrative) s += ' illustrative';
    return s;
  }

  private indicator(d: IndicatorDecl): string {
    let s = `indicator ${d.name.text}${opt(d.title)}: ${type(d.type)}`;
    if (d.unit) s += ` for ${d.unit.binder.text} in ${this.e(d.unit.source)}`;
    if (d.per.length) s += ` per ${d.per.map((k) => `${k.name.text} = ${this.e(k.value)}`).join(', ')}`;
    if (d.where) s += ` where ${this.e(d.where)}`;
    return `${s} = ${this.e(d.value)}`;
  }

  private rule(d: RuleDecl): void {
    const header = `rule ${d.code.text}${opt(d.name)}`;
    const empty = !d.attrs.length && !d.body.length && !d.finding;
    this.block(header, d.span.start, d.span.end, empty ? null : () => {
      for (const a of sortRuleAttrs(d.attrs)) this.out.add(1, this.attr(a), a.span.start);
      for (const s of d.body) this.out.add(1, this.step(s), s.span.start);
      if (d.finding) this.finding(d.finding);
    });
  }

  private attr(a: RuleAttr): string {
    switch (a.kind) {
      case 'ClassAttr':
        return `class ${a.value.kind === 'StringLit' ? str(a.value) : a.value.text}`;
      case 'ResultAttr':
        return `result ${a.value.text}`;
      case 'StagesAttr':
        return `stages ${words(a.values)}`;
      case 'ScenesAttr':
        return `scenes ${words(a.values)}`;
      case 'WindowAttr':
        return `window ${a.value.text}`;
      case 'BasisAttr':
        return `basis ${str(a.value)}`;
      case 'StateAttr':
        return `state ${a.value.text}${because(a.reason)}`;
      case 'NeedsAttr':
        return `needs ${str(a.value)}`;
      case 'EffectiveAttr':
        return `effective ${period(a.value)}`;
      case 'ExcludeAttr':
        return `exclude when ${this.e(a.when)}${because(a.reason)}`;
    }
  }

  private step(s: Step): string {
    switch (s.kind) {
      case 'ForStep':
        return `for ${s.binder.text} in ${this.e(s.source)}`;
      case 'LetStep':
        return `let ${s.binder.text} = ${this.e(s.value)}`;
      case 'WhenStep':
        return `when ${this.e(s.cond)}`;
    }
  }

  private finding(f: FindingClause): void {
    const list = (xs: readonly Expr[]) => xs.map((x) => this.e(x)).join(', ');
    this.out.add(1, `flag ${list(f.flagged)}`, f.span.start);
    if (f.involved.length) this.out.add(1, `involve ${list(f.involved)}`, f.involved[0]!.span.start);
    if (f.amount) this.out.add(1, `amount ${this.e(f.amount)}`, f.amount.span.start);
    if (f.message) this.out.add(1, `say ${printTemplate(f.message, this.ctx)}`, f.message.span.start);
  }

  private scenario(d: ScenarioDecl): void {
    const header = `scenario ${d.name.text}${opt(d.title)}`;
    this.block(header, d.span.start, d.span.end, !d.items.length ? null : () => {
      for (const it of d.items) this.out.add(1, this.scenarioItem(it), it.span.start);
    });
  }

  private scenarioItem(it: ScenarioItem): string {
    switch (it.kind) {
      case 'ScenarioStage':
        return `stage ${it.value.text}`;
      case 'ScenarioScenes':
        return `scenes ${words(it.values)}`;
      case 'ScenarioInclude':
        return it.all ? 'include all' : `include ${names(it.codes)}`;
      case 'ScenarioExclude':
        return `exclude ${names(it.codes)}`;
      case 'ScenarioRegrade':
        return `regrade ${it.target.text} to ${it.to.text}`;
      case 'ScenarioSet':
        return `set ${it.param.text} = ${this.e(it.value)}`;
    }
  }

  private compute(d: ComputeDecl): void {
    const header = `compute ${d.name.text}${opt(d.title)}: ${type(d.type)}`;
    const empty = !d.effective && !d.body.length && !d.value;
    this.block(header, d.span.start, d.span.end, empty ? null : () => {
      if (d.effective) this.out.add(1, `effective ${period(d.effective)}`, d.effective.span.start);
      for (const s of d.body) this.out.add(1, this.step(s), s.span.start);
      if (d.value) this.out.add(1, `value ${this.e(d.value)}`, d.value.span.start);
    });
  }

  private test(d: TestDecl): void {
    const empty = !d.request && !d.stage && !d.scenario && !d.asOf && !d.expects.length;
    this.block(`test ${str(d.name)}`, d.span.start, d.span.end, empty ? null : () => {
      if (d.request) {
        const patches = d.patches.length ? ` with { ${d.patches.map((p) => this.patch(p)).join(', ')} }` : '';
        this.out.add(1, `request ${str(d.request)}${patches}`, d.request.span.start);
      }
      if (d.stage) this.out.add(1, `stage ${d.stage.text}`, d.stage.span.start);
      if (d.scenario) this.out.add(1, `scenario ${d.scenario.text}`, d.scenario.span.start);
      if (d.asOf) this.out.add(1, `as_of ${d.asOf.text}`, d.asOf.span.start);
      for (const x of d.expects) this.out.add(1, expectation(x), x.span.start);
    });
  }

  private patch(p: Patch): string {
    let path = '';
    p.path.forEach((seg, i) => {
      if (seg.kind === 'NumberLit') path += `[${seg.text}]`;
      else path += i === 0 ? seg.text : `.${seg.text}`;
    });
    return `${path} = ${this.e(p.value)}`;
  }
}

function expectation(x: Expectation): string {
  switch (x.kind) {
    case 'ExpectFinding': {
      let s = `expect ${x.negated ? 'no ' : ''}finding ${x.code.text}`;
      if (x.line) s += ` on line ${str(x.line)}`;
      if (x.amount) s += ` amount ${x.amount.text}`;
      if (x.result) s += ` result ${x.result.text}`;
      return s;
    }
    case 'ExpectCount':
      return `expect findings ${x.count.text}`;
    case 'ExpectValue':
      return `expect value ${x.name.text} = ${x.value.kind === 'NoneLit' ? 'none' : x.value.text}`;
    case 'ExpectNotice':
      return `expect notice ${str(x.code)}`;
  }
}

/**
 * Strings outside expressions (titles, reasons, paths, basis): re-escaped. These are never templates;
 * the parser keeps `{{` in them as written, so literal braces are written as `\u{7b}` / `\u{7d}`.
 */
export function str(s: StringLit): string {
  return quoteString(s.value, false);
}

const opt = (s: StringLit | null): string => (s ? ` ${str(s)}` : '');
const because = (s: StringLit | null): string => (s ? ` because ${str(s)}` : '');
const names = (ns: readonly Name[]): string => ns.map((n) => n.text).join(', ');
const words = (ws: readonly EnumWord<string>[]): string => ws.map((w) => w.text).join(', ');
const period = (p: EffectivePeriod): string => (p.to ? `${p.from.text} .. ${p.to.text}` : p.from.text);

export function type(t: TypeRef): string {
  const args = t.kind === 'GenericType' ? `<${t.args.map(type).join(', ')}>` : '';
  return `${t.name.text}${args}${t.optional ? '?' : ''}`;
}

/** Columns a monospace editor gives `s`: East Asian wide and full-width characters count two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      c >= 0x1f300;
    w += wide ? 2 : 1;
  }
  return w;
}
