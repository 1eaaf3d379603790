// The CST → AST step: turns Chevrotain's concrete syntax tree into the typed AST of ast/nodes.ts.
// It never throws: a piece the parser had to skip becomes an ErrorExpr / ErrorDecl or a null
// field, and every stray token the grammar's `junk` alternatives swallowed becomes one diagnostic.
// Node ids are assigned here, in the order nodes are built.
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as A from '../ast/nodes.js';
import { enumValue, grades, lifecycleStates, scenes, stages, windows, type EnumSpec } from '../ast/enums.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasPlaceholder, splitTemplate, unescape, type StringProblem } from './strings.js';
import { closest } from '../diagnostics/did-you-mean.js';

type Children = Record<string, CstElement[] | undefined>;

/** Parses an expression embedded in a template placeholder (provided by parse.ts). */
export type ExprParser = (source: string, offset: number) => { cst: CstNode | null; diagnostics: Diagnostic[] };

const isToken = (e: CstElement): e is IToken => 'image' in e;
const real = (t: IToken | undefined): t is IToken => !!t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset);

export class CstToAst {
  private nextId = 1;
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly path: string,
    private readonly text: string,
    private readonly parseExpr: ExprParser,
  ) {}

  // ---- plumbing -----------------------------------------------------------------------------
  private id(): number {
    return this.nextId++;
  }
  private tokSpan(t: IToken): A.Span {
    return { start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 };
  }
  private nodeSpan(n: CstNode | undefined, fallback?: A.Span): A.Span {
    const loc = n?.location;
    if (loc && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset)) return { start: loc.startOffset, end: (loc.endOffset as number) + 1 };
    return fallback ?? { start: this.text.length, end: this.text.length };
  }
  private ch(n: CstNode): Children {
    return n.children as Children;
  }
  private tok(n: CstNode, label: string): IToken | undefined {
    const t = this.ch(n)[label]?.[0];
    return t && isToken(t) && real(t) ? t : undefined;
  }
  private toks(n: CstNode, label: string): IToken[] {
    return (this.ch(n)[label] ?? []).filter((t): t is IToken => isToken(t) && real(t));
  }
  private sub(n: CstNode, label: string): CstNode | undefined {
    const s = this.ch(n)[label]?.[0];
    return s && !isToken(s) ? s : undefined;
  }
  private subs(n: CstNode, label: string): CstNode[] {
    return (this.ch(n)[label] ?? []).filter((s): s is CstNode => !isToken(s));
  }
  /** Child nodes of several kinds, in source order (the CST groups children by name). */
  private ordered(n: CstNode, labels: readonly string[]): CstNode[] {
    const all = labels.flatMap((l) => this.subs(n, l).map((c) => ({ l, c })));
    return all.sort((a, b) => (a.c.location?.startOffset ?? 0) - (b.c.location?.startOffset ?? 0)).map((x) => x.c);
  }
  private err(code: string, span: A.Span, zh: string, en: string, extra: Partial<Diagnostic> = {}): void {
    this.diagnostics.push({ code, severity: 'error', file: this.path, span, message: { zh, en }, ...extra });
  }

  private name(t: IToken | undefined, fallback: A.Span): A.Name {
    if (!t) return { kind: 'Name', id: this.id(), span: fallback, text: '' };
    return { kind: 'Name', id: this.id(), span: this.tokSpan(t), text: t.image };
  }
  private dotted(n: CstNode | undefined, fallback: A.Span): A.Name {
    if (!n) return this.name(undefined, fallback);
    const parts = this.toks(n, 'part');
    const span = this.nodeSpan(n, fallback);
    return { kind: 'Name', id: this.id(), span, text: parts.map((p) => p.image).join('.') };
  }
  private dottedParts(n: CstNode | undefined, fallback: A.Span): A.Name[] {
    if (!n) return [];
    return this.toks(n, 'part').map((t) => this.name(t, fallback));
  }
  private code(n: CstNode | undefined, fallback: A.Span): A.Name {
    return this.name(n ? this.tok(n, 'tok') : undefined, n ? this.nodeSpan(n, fallback) : fallback);
  }
  private stringLit(t: IToken | undefined): A.StringLit | null {
    if (!t) return null;
    const problems: StringProblem[] = [];
    const value = unescape(t.image.slice(1, -1), t.startOffset + 1, problems);
    this.reportStringProblems(problems);
    return { kind: 'StringLit', id: this.id(), span: this.tokSpan(t), value };
  }
  private reportStringProblems(problems: readonly StringProblem[]): void {
    for (const p of problems) {
      const span = { start: p.start, end: p.end };
      if (p.what === 'bad-escape')
        this.err('parse/bad-escape', span, '无法识别的转义序列；可用 \\" \\\\ \\n \\t \\u{…}', 'unknown escape sequence; use \\" \\\\ \\n \\t \\u{…}');
      else if (p.what === 'unclosed-placeholder')
        this.err('parse/bad-template', span, '模板占位符缺少 `}`', 'template placeholder is missing its `}`', {
          help: { zh: '要写字面的花括号，请写 `{{` 或 `}}`', en: 'to write a literal brace, write `{{` or `}}`' },
        });
      else if (p.what === 'empty-placeholder') this.err('parse/bad-template', span, '模板占位符 `{}` 为空', 'empty template placeholder `{}`');
      else
        this.err('parse/bad-template', span, '单独的 `}`：字面花括号请写 `}}`', 'a lone `}`: write `}}` for a literal brace');
    }
  }
  private template(t: IToken): A.Template {
    const problems: StringProblem[] = [];
    const parts: (A.TemplateText | A.Expr)[] = [];
    for (const p of splitTemplate(t.image.slice(1, -1), t.startOffset + 1, problems)) {
      if (p.kind === 'text') parts.push({ kind: 'TemplateText', text: p.text, span: { start: p.start, end: p.end } });
      else {
        const r = this.parseExpr(p.text, p.start);
        this.diagnostics.push(...r.diagnostics);
        parts.push(r.cst ? this.expr(r.cst) : this.errorExpr({ start: p.start, end: p.end }));
      }
    }
    this.reportStringProblems(problems);
    return { kind: 'Template', id: this.id(), span: this.tokSpan(t), parts };
  }
  private enumWord<T extends string>(n: CstNode | undefined, spec: EnumSpec<T>, fallback: A.Span): A.EnumWord<T> {
    const t = n ? this.tok(n, 'tok') : undefined;
    const span = t ? this.tokSpan(t) : fallback;
    const text = t?.image ?? '';
    const value = t ? enumValue(spec, text) : null;
    if (t && value === null) {
      const words = spec.values.flatMap((v) => [v.value, v.zh]);
      const guess = closest(text, words);
      this.err(
        'parse/unknown-word',
        span,
        `\`${text}\` 不是有效的${spec.what.zh}；可用：${spec.values.map((v) => `${v.value}（${v.zh}）`).join('、')}`,
        `\`${text}\` is not a valid ${spec.what.en}; use one of ${spec.values.map((v) => v.value).join(', ')}`,
        guess ? { fixes: [{ title: { zh: `改为 \`${guess}\``, en: `change to \`${guess}\`` }, edits: [{ span, text: guess }] }] } : {},
      );
    }
    return { kind: 'EnumWord', id: this.id(), span, text, value };
  }
  private enumList<T extends string>(n: CstNode | undefined, spec: EnumSpec<T>, fallback: A.Span): A.EnumWord<T>[] {
    if (!n) return [];
    return this.subs(n, 'word').map((w) => this.enumWord(w, spec, fallback));
  }
  private because(n: CstNode): A.StringLit | null {
    const b = this.sub(n, 'because');
    return b ? this.stringLit(this.tok(b, 'reason')) : null;
  }
  private period(n: CstNode | undefined, fallback: A.Span): A.EffectivePeriod | null {
    if (!n) return null;
    const from = this.tok(n, 'from');
    if (!from) return null;
    const to = this.tok(n, 'to');
    return {
      kind: 'EffectivePeriod',
      id: this.id(),
      span: this.nodeSpan(n, fallback),
      from: this.dateLit(from),
      to: to ? this.dateLit(to) : null,
    };
  }
  private dateLit(t: IToken): A.DateLit {
    const span = this.tokSpan(t);
    if (!validDate(t.image)) this.err('parse/bad-date', span, `\`${t.image}\` 不是有效日期`, `\`${t.image}\` is not a valid calendar date`);
    return { kind: 'DateLit', id: this.id(), span, text: t.image };
  }
  private typeRef(n: CstNode | undefined, fallback: A.Span): A.TypeRef {
    if (!n) return { kind: 'NamedType', id: this.id(), span: fallback, name: this.name(undefined, fallback), optional: false };
    const span = this.nodeSpan(n, fallback);
    const name = this.name(this.tok(n, 'name'), span);
    const optional = !!this.tok(n, 'optional');
    const args = this.subs(n, 'arg');
    if (args.length === 0) return { kind: 'NamedType', id: this.id(), span, name, optional };
    return { kind: 'GenericType', id: this.id(), span, name, args: args.map((a) => this.typeRef(a, span)), optional };
  }
  private title(n: CstNode): A.StringLit | null {
    const t = this.sub(n, 'title');
    return t ? this.stringLit(this.tok(t, 'str')) : null;
  }
  private junk(n: CstNode): void {
    // Consecutive stray tokens are one problem: report each run once, underlining the whole run.
    const ts = this.toks(n, 'junk').sort((a, b) => a.startOffset - b.startOffset);
    let i = 0;
    while (i < ts.length) {
      let j = i;
      while (j + 1 < ts.length && this.adjacent(ts[j]!, ts[j + 1]!)) j++;
      const first = ts[i]!;
      const span = { start: first.startOffset, end: ts[j]!.endOffset! + 1 };
      const shown = first.image.length > 24 ? `${first.image.slice(0, 24)}…` : first.image;
      this.err('parse/unexpected-token', span, `这里不应出现 \`${shown}\``, `unexpected \`${shown}\` here`);
      i = j + 1;
    }
  }
  /** Two junk tokens belong to one run when only whitespace separates them on the same line. */
  private adjacent(a: IToken, b: IToken): boolean {
    const between = this.text.slice(a.endOffset! + 1, b.startOffset);
    return /^[ \t]*$/.test(between);
  }

  // ---- declarations -------------------------------------------------------------------------
  file(n: CstNode, comments: readonly A.Comment[]): A.SourceFile {
    this.junk(n);
    const decls = this.ordered(n, DECL_RULES).map((d) => this.decl(d));
    return { kind: 'SourceFile', id: this.id(), span: { start: 0, end: this.text.length }, path: this.path, decls, comments };
  }

  private decl(n: CstNode): A.Decl {
    this.junk(n);
    const span = this.nodeSpan(n);
    switch (n.name) {
      case 'packDecl':
        return this.packDecl(n, span);
      case 'inputDecl':
        return {
          kind: 'InputDecl',
          id: this.id(),
          span,
          path: this.dottedParts(this.sub(n, 'path'), span),
          type: this.typeRef(this.sub(n, 'typeRef'), span),
          title: this.title(n),
          values: this.subs(n, 'valueLabel').map((v) => ({
            kind: 'ValueLabel' as const,
            id: this.id(),
            span: this.nodeSpan(v, span),
            value: this.stringLit(this.tok(v, 'value')) ?? this.emptyString(span),
            label: this.stringLit(this.tok(v, 'label')),
          })),
        };
      case 'knowledgeDecl':
        return this.knowledgeDecl(n, span);
      case 'paramDecl': {
        const lo = this.sub(n, 'lo');
        const hi = this.sub(n, 'hi');
        return {
          kind: 'ParamDecl',
          id: this.id(),
          span,
          name: this.name(this.tok(n, 'name'), span),
          title: this.title(n),
          type: this.typeRef(this.sub(n, 'typeRef'), span),
          value: this.exprOr(this.sub(n, 'value'), span),
          range: lo || hi ? { lo: this.exprOr(lo, span), hi: this.exprOr(hi, span) } : null,
          unit: this.stringLit(this.tok(n, 'unit')),
          illustrative: !!this.tok(n, 'illustrative'),
        };
      }
      case 'indicatorDecl':
        return {
          kind: 'IndicatorDecl',
          id: this.id(),
          span,
          name: this.name(this.tok(n, 'name'), span),
          title: this.title(n),
          type: this.typeRef(this.sub(n, 'typeRef'), span),
          unit: this.tok(n, 'unitBinder')
            ? { binder: this.name(this.tok(n, 'unitBinder'), span), source: this.exprOr(this.sub(n, 'unitSource'), span) }
            : null,
          per: this.subs(n, 'groupKey').map((g) => ({
            kind: 'GroupKey' as const,
            id: this.id(),
            span: this.nodeSpan(g, span),
            name: this.name(this.tok(g, 'name'), span),
            value: this.exprOr(this.sub(g, 'value'), span),
          })),
          where: this.sub(n, 'where') ? this.exprOr(this.sub(n, 'where'), span) : null,
          value: this.exprOr(this.sub(n, 'value'), span),
        };
      case 'ruleDecl':
        return this.ruleDecl(n, span);
      case 'scenarioDecl':
        return this.scenarioDecl(n, span);
      case 'computeDecl':
        return this.computeDecl(n, span);
      case 'testDecl':
        return this.testDecl(n, span);
      case 'setChange':
        return {
          kind: 'SetChange',
          id: this.id(),
          span,
          param: this.name(this.tok(n, 'param'), span),
          value: this.exprOr(this.sub(n, 'value'), span),
          reason: this.because(n),
        };
      case 'disableChange':
        return { kind: 'DisableChange', id: this.id(), span, code: this.code(this.sub(n, 'code'), span), reason: this.because(n) };
      case 'regradeChange':
        return {
          kind: 'RegradeChange',
          id: this.id(),
          span,
          code: this.code(this.sub(n, 'code'), span),
          to: this.enumWord(this.sub(n, 'to'), grades, span),
          stages: this.enumList(this.sub(n, 'stages'), stages, span),
          reason: this.because(n),
        };
      case 'restageChange': {
        const st = this.sub(n, 'stages');
        const sc = this.sub(n, 'scenes');
        return {
          kind: 'RestageChange',
          id: this.id(),
          span,
          code: this.code(this.sub(n, 'code'), span),
          stages: st ? this.enumList(st, stages, span) : null,
          scenes: sc ? this.enumList(sc, scenes, span) : null,
          reason: this.because(n),
        };
      }
      case 'stateChange':
        return {
          kind: 'StateChange',
          id: this.id(),
          span,
          code: this.code(this.sub(n, 'code'), span),
          to: this.enumWord(this.sub(n, 'to'), lifecycleStates, span),
          reason: this.because(n),
        };
      case 'lockChange': {
        const target = this.tok(n, 'target')?.image;
        const t = target === 'param' || target === 'rule' || target === 'knowledge' ? target : 'param';
        const name = t === 'rule' ? this.code(this.sub(n, 'code'), span) : this.name(this.tok(n, 'name'), span);
        return { kind: 'LockChange', id: this.id(), span, target: t, name, columns: this.toks(n, 'column').map((c) => this.name(c, span)) };
      }
      default:
        return { kind: 'ErrorDecl', id: this.id(), span };
    }
  }

  private emptyString(span: A.Span): A.StringLit {
    return { kind: 'StringLit', id: this.id(), span, value: '' };
  }

  private packDecl(n: CstNode, span: A.Span): A.PackDecl {
    const base = this.sub(n, 'base');
    const range = this.tok(n, 'range');
    const versionTok = this.tok(n, 'version');
    if (versionTok && versionTok.tokenType.name !== 'Version')
      this.err('parse/bad-version', this.tokSpan(versionTok), `版本号须写成 主.次.修订（如 1.0.0），而不是 \`${versionTok.image}\``, `a version is MAJOR.MINOR.PATCH (e.g. 1.0.0), not \`${versionTok.image}\``);
    let region: A.StringLit | null = null;
    let effective: A.EffectivePeriod | null = null;
    let year: A.Name | null = null;
    for (const item of this.ordered(n, ['packRegion', 'packEffective', 'packYear'])) {
      this.junk(item);
      if (item.name === 'packRegion') region = this.stringLit(this.tok(item, 'value'));
      else if (item.name === 'packEffective') effective = this.period(this.sub(item, 'period'), span);
      else {
        const v = this.tok(item, 'value');
        year = v ? this.name(v, span) : null;
      }
    }
    return {
      kind: 'PackDecl',
      id: this.id(),
      span,
      name: this.dotted(this.sub(n, 'name'), span),
      version: this.name(versionTok, span),
      title: this.title(n),
      extends: base ? { base: this.dotted(base, span), range: this.name(range, span) } : null,
      region,
      effective,
      year,
    };
  }

  private knowledgeDecl(n: CstNode, span: A.Span): A.KnowledgeDecl | A.KnowledgeRowsChange {
    const name = this.name(this.tok(n, 'name'), span);
    const mode = this.tok(n, 'mode');
    if (mode) {
      return {
        kind: 'KnowledgeRowsChange',
        id: this.id(),
        span,
        table: name,
        mode: mode.image === 'replace' ? 'replace' : 'add',
        source: this.stringLit(this.tok(n, 'rowsSource')) ?? this.emptyString(span),
        reason: this.because(n),
      };
    }
    return {
      kind: 'KnowledgeDecl',
      id: this.id(),
      span,
      name,
      title: this.title(n),
      source: this.stringLit(this.tok(n, 'source')),
      columns: this.subs(n, 'columnDecl').map((c) => {
        const cs = this.nodeSpan(c, span);
        return {
          kind: 'ColumnDecl' as const,
          id: this.id(),
          span: cs,
          isKey: !!this.tok(c, 'key'),
          name: this.name(this.tok(c, 'name'), cs),
          type: this.typeRef(this.sub(c, 'typeRef'), cs),
          title: this.title(c),
        };
      }),
      locks: this.toks(n, 'lockCol').map((t) => this.name(t, span)),
      lockedAll: !!this.tok(n, 'lockedAll'),
    };
  }

  private ruleDecl(n: CstNode, span: A.Span): A.RuleDecl {
    const attrs: A.RuleAttr[] = [];
    const body: A.Step[] = [];
    let finding: A.FindingClause | null = null;
    for (const item of this.ordered(n, RULE_ITEMS)) {
      this.junk(item);
      const s = this.nodeSpan(item, span);
      const base = { id: 0, span: s };
      switch (item.name) {
        case 'classAttr': {
          const str = this.tok(item, 'str');
          const parts = this.toks(item, 'part');
          const value: A.StringLit | A.Name = str
            ? (this.stringLit(str) as A.StringLit)
            : { kind: 'Name', id: this.id(), span: s, text: parts.map((p) => p.image).join('/') };
          attrs.push({ kind: 'ClassAttr', ...base, id: this.id(), value });
          break;
        }
        case 'resultAttr':
          attrs.push({ kind: 'ResultAttr', ...base, id: this.id(), value: this.enumWord(this.sub(item, 'word'), grades, s) });
          break;
        case 'stagesAttr':
          attrs.push({ kind: 'StagesAttr', ...base, id: this.id(), values: this.enumList(this.sub(item, 'wordList'), stages, s) });
          break;
        case 'scenesAttr':
          attrs.push({ kind: 'ScenesAttr', ...base, id: this.id(), values: this.enumList(this.sub(item, 'wordList'), scenes, s) });
          break;
        case 'windowAttr':
          attrs.push({ kind: 'WindowAttr', ...base, id: this.id(), value: this.enumWord(this.sub(item, 'word'), windows, s) });
          break;
        case 'basisAttr':
          attrs.push({ kind: 'BasisAttr', ...base, id: this.id(), value: this.stringLit(this.tok(item, 'str')) ?? this.emptyString(s) });
          break;
        case 'stateAttr':
          attrs.push({ kind: 'StateAttr', ...base, id: this.id(), value: this.enumWord(this.sub(item, 'word'), lifecycleStates, s), reason: this.because(item) });
          break;
        case 'needsAttr':
          attrs.push({ kind: 'NeedsAttr', ...base, id: this.id(), value: this.stringLit(this.tok(item, 'str')) ?? this.emptyString(s) });
          break;
        case 'effectiveAttr': {
          const p = this.period(this.sub(item, 'period'), s);
          if (p) attrs.push({ kind: 'EffectiveAttr', ...base, id: this.id(), value: p });
          break;
        }
        case 'excludeAttr':
          attrs.push({ kind: 'ExcludeAttr', ...base, id: this.id(), when: this.exprOr(this.sub(item, 'cond'), s), reason: this.because(item) });
          break;
        case 'forStep':
        case 'letStep':
        case 'whenStep':
          body.push(this.step(item, s));
          break;
        case 'findingClause':
          if (finding) this.err('parse/duplicate-finding', s, '一条规则只能有一个 flag/say 子句', 'a rule has one flag/say clause');
          else finding = this.findingClause(item, s);
          break;
      }
    }
    return { kind: 'RuleDecl', id: this.id(), span, code: this.code(this.sub(n, 'code'), span), name: this.title(n), attrs, body, finding };
  }

  private step(item: CstNode, s: A.Span): A.Step {
    if (item.name === 'forStep')
      return { kind: 'ForStep', id: this.id(), span: s, binder: this.name(this.tok(item, 'binder'), s), source: this.exprOr(this.sub(item, 'source'), s) };
    if (item.name === 'letStep')
      return { kind: 'LetStep', id: this.id(), span: s, binder: this.name(this.tok(item, 'binder'), s), value: this.exprOr(this.sub(item, 'value'), s) };
    return { kind: 'WhenStep', id: this.id(), span: s, cond: this.exprOr(this.sub(item, 'cond'), s) };
  }

  private findingClause(n: CstNode, s: A.Span): A.FindingClause {
    const msg = this.tok(n, 'message');
    return {
      kind: 'FindingClause',
      id: this.id(),
      span: s,
      flagged: this.subs(n, 'flagged').map((e) => this.expr(e)),
      involved: this.subs(n, 'involved').map((e) => this.expr(e)),
      amount: this.sub(n, 'amount') ? this.exprOr(this.sub(n, 'amount'), s) : null,
      message: msg ? this.template(msg) : null,
    };
  }

  private scenarioDecl(n: CstNode, span: A.Span): A.ScenarioDecl {
    const items: A.ScenarioItem[] = [];
    for (const item of this.ordered(n, SCENARIO_ITEMS)) {
      this.junk(item);
      const s = this.nodeSpan(item, span);
      switch (item.name) {
        case 'scenarioStage':
          items.push({ kind: 'ScenarioStage', id: this.id(), span: s, value: this.enumWord(this.sub(item, 'word'), stages, s) });
          break;
        case 'scenarioScenes':
          items.push({ kind: 'ScenarioScenes', id: this.id(), span: s, values: this.enumList(this.sub(item, 'wordList'), scenes, s) });
          break;
        case 'scenarioInclude':
          items.push({ kind: 'ScenarioInclude', id: this.id(), span: s, all: !!this.tok(item, 'all'), codes: this.codeList(this.sub(item, 'codeList'), s) });
          break;
        case 'scenarioExclude':
          items.push({ kind: 'ScenarioExclude', id: this.id(), span: s, codes: this.codeList(this.sub(item, 'codeList'), s) });
          break;
        case 'scenarioRegrade': {
          const target = this.sub(item, 'target');
          const tt = target ? this.tok(target, 'tok') : undefined;
          const asGrade = tt ? enumValue(grades, tt.image) : null;
          items.push({
            kind: 'ScenarioRegrade',
            id: this.id(),
            span: s,
            target: asGrade ? this.enumWord(target, grades, s) : this.code(target, s),
            to: this.enumWord(this.sub(item, 'to'), grades, s),
          });
          break;
        }
        case 'scenarioSet':
          items.push({ kind: 'ScenarioSet', id: this.id(), span: s, param: this.name(this.tok(item, 'param'), s), value: this.exprOr(this.sub(item, 'value'), s) });
          break;
      }
    }
    return { kind: 'ScenarioDecl', id: this.id(), span, name: this.name(this.tok(n, 'name'), span), title: this.title(n), items };
  }
  private codeList(n: CstNode | undefined, s: A.Span): A.Name[] {
    return n ? this.subs(n, 'code').map((c) => this.code(c, s)) : [];
  }

  private computeDecl(n: CstNode, span: A.Span): A.ComputeDecl {
    let effective: A.EffectivePeriod | null = null;
    const body: (A.LetStep | A.WhenStep)[] = [];
    let value: A.Expr | null = null;
    for (const item of this.ordered(n, ['effectiveAttr', 'letStep', 'whenStep', 'computeValue'])) {
      this.junk(item);
      const s = this.nodeSpan(item, span);
      if (item.name === 'effectiveAttr') effective = this.period(this.sub(item, 'period'), s);
      else if (item.name === 'computeValue') {
        if (value) this.err('parse/duplicate-value', s, '一个计算只能有一个 value', 'a computation has one `value`');
        value = this.exprOr(this.sub(item, 'value'), s);
      } else body.push(this.step(item, s) as A.LetStep | A.WhenStep);
    }
    return {
      kind: 'ComputeDecl',
      id: this.id(),
      span,
      name: this.name(this.tok(n, 'name'), span),
      title: this.title(n),
      type: this.typeRef(this.sub(n, 'typeRef'), span),
      effective,
      body,
      value,
    };
  }

  private testDecl(n: CstNode, span: A.Span): A.TestDecl {
    let request: A.StringLit | null = null;
    let patches: A.Patch[] = [];
    let stage: A.EnumWord<A.Stage> | null = null;
    let scenario: A.Name | null = null;
    let asOf: A.DateLit | null = null;
    const expects: A.Expectation[] = [];
    for (const item of this.ordered(n, ['testRequest', 'testStage', 'testScenario', 'testAsOf', 'expectation'])) {
      this.junk(item);
      const s = this.nodeSpan(item, span);
      if (item.name === 'testRequest') {
        request = this.stringLit(this.tok(item, 'file'));
        patches = this.subs(item, 'patch').map((p) => this.patch(p, s));
      } else if (item.name === 'testStage') stage = this.enumWord(this.sub(item, 'word'), stages, s);
      else if (item.name === 'testScenario') scenario = this.name(this.tok(item, 'name'), s);
      else if (item.name === 'testAsOf') {
        const d = this.tok(item, 'date');
        asOf = d ? this.dateLit(d) : null;
      } else {
        const e = this.expectation(item, s);
        if (e) expects.push(e);
      }
    }
    const nameTok = this.tok(n, 'name');
    return { kind: 'TestDecl', id: this.id(), span, name: this.stringLit(nameTok) ?? this.emptyString(span), request, patches, stage, scenario, asOf, expects };
  }
  private patch(n: CstNode, s: A.Span): A.Patch {
    const segs = this.toks(n, 'seg').sort((a, b) => a.startOffset - b.startOffset);
    return {
      kind: 'Patch',
      id: this.id(),
      span: this.nodeSpan(n, s),
      path: segs.map((t) =>
        t.tokenType.name === 'Number' ? ({ kind: 'NumberLit', id: this.id(), span: this.tokSpan(t), text: t.image } as A.NumberLit) : this.name(t, s),
      ),
      value: this.exprOr(this.sub(n, 'value'), s),
    };
  }
  private expectation(n: CstNode, s: A.Span): A.Expectation | null {
    const num = (t: IToken | undefined): A.NumberLit | null => (t ? { kind: 'NumberLit', id: this.id(), span: this.tokSpan(t), text: t.image } : null);
    const count = this.tok(n, 'count');
    if (count) return { kind: 'ExpectCount', id: this.id(), span: s, count: num(count)! };
    const valueName = this.tok(n, 'valueName');
    if (valueName) {
      const none = this.tok(n, 'expectedNone');
      const value: A.NumberLit | A.NoneLit = none ? { kind: 'NoneLit', id: this.id(), span: this.tokSpan(none) } : (num(this.tok(n, 'expected')) ?? { kind: 'NoneLit', id: this.id(), span: s });
      return { kind: 'ExpectValue', id: this.id(), span: s, name: this.name(valueName, s), value };
    }
    const notice = this.tok(n, 'notice');
    if (notice) return { kind: 'ExpectNotice', id: this.id(), span: s, code: this.stringLit(notice)! };
    const code = this.sub(n, 'code');
    if (!code) return null;
    const result = this.sub(n, 'result');
    return {
      kind: 'ExpectFinding',
      id: this.id(),
      span: s,
      negated: !!this.tok(n, 'no'),
      code: this.code(code, s),
      line: this.stringLit(this.tok(n, 'line')),
      amount: num(this.tok(n, 'amount')),
      result: result ? this.enumWord(result, grades, s) : null,
    };
  }

  // ---- expressions --------------------------------------------------------------------------
  private errorExpr(span: A.Span): A.ErrorExpr {
    return { kind: 'ErrorExpr', id: this.id(), span };
  }
  private exprOr(n: CstNode | undefined, fallback: A.Span): A.Expr {
    return n ? this.expr(n) : this.errorExpr({ start: fallback.end, end: fallback.end });
  }

  expr(n: CstNode): A.Expr {
    const span = this.nodeSpan(n);
    switch (n.name) {
      case 'expr': {
        const inner = this.sub(n, 'ifExpr') ?? this.sub(n, 'coalesceExpr');
        return inner ? this.expr(inner) : this.errorExpr(span);
      }
      case 'ifExpr':
        return {
          kind: 'IfExpr',
          id: this.id(),
          span,
          cond: this.exprOr(this.sub(n, 'cond'), span),
          then: this.exprOr(this.sub(n, 'then'), span),
          else: this.exprOr(this.sub(n, 'else'), span),
        };
      case 'coalesceExpr':
        return this.chain(n, span, () => '??');
      case 'orExpr':
        return this.chain(n, span, () => 'or');
      case 'andExpr':
        return this.chain(n, span, () => 'and');
      case 'addExpr':
      case 'mulExpr': {
        const ops = this.toks(n, 'op');
        return this.chain(n, span, (i) => (ops[i]?.image ?? '+') as A.BinaryOp);
      }
      case 'notExpr': {
        if (this.tok(n, 'not')) return { kind: 'UnaryExpr', id: this.id(), span, op: 'not', operand: this.exprOr(this.sub(n, 'operand'), span) };
        return this.exprOr(this.sub(n, 'cmp'), span);
      }
      case 'cmpExpr':
        return this.cmp(n, span);
      case 'unaryExpr': {
        if (this.tok(n, 'minus')) return { kind: 'UnaryExpr', id: this.id(), span, op: '-', operand: this.exprOr(this.sub(n, 'operand'), span) };
        return this.exprOr(this.sub(n, 'postfix'), span);
      }
      case 'postfixExpr':
        return this.postfix(n, span);
      default:
        return this.errorExpr(span);
    }
  }

  /** Left-associative chains: a op b op c → ((a op b) op c). */
  private chain(n: CstNode, span: A.Span, opAt: (i: number) => A.BinaryOp): A.Expr {
    const operands = this.subs(n, 'operand');
    if (operands.length === 0) return this.errorExpr(span);
    let acc = this.expr(operands[0]!);
    for (let i = 1; i < operands.length; i++) {
      const right = this.expr(operands[i]!);
      acc = { kind: 'BinaryExpr', id: this.id(), span: { start: acc.span.start, end: right.span.end }, op: opAt(i - 1), left: acc, right };
    }
    return acc;
  }

  private cmp(n: CstNode, span: A.Span): A.Expr {
    const left = this.exprOr(this.sub(n, 'left'), span);
    const rightN = this.sub(n, 'right');
    if (!rightN) return left;
    const right = this.expr(rightN);
    const op = this.tok(n, 'op');
    if (op) return { kind: 'BinaryExpr', id: this.id(), span, op: op.image as A.BinaryOp, left, right };
    const negated = !!this.tok(n, 'negated');
    const hi = this.sub(n, 'hi');
    if (hi) return { kind: 'RangeTest', id: this.id(), span, negated, value: left, lo: right, hi: this.expr(hi) };
    return { kind: 'InExpr', id: this.id(), span, negated, element: left, collection: right };
  }

  private postfix(n: CstNode, span: A.Span): A.Expr {
    const prim = this.sub(n, 'primary');
    let acc = prim ? this.primary(prim) : this.errorExpr(span);
    for (const s of this.subs(n, 'suffix')) {
      const ss = this.nodeSpan(s, span);
      if (s.name === 'memberSuffix') {
        const m = this.tok(s, 'member');
        acc = { kind: 'MemberExpr', id: this.id(), span: { start: acc.span.start, end: ss.end }, object: acc, member: this.name(m, { start: ss.end, end: ss.end }) };
      } else {
        acc = { kind: 'IndexExpr', id: this.id(), span: { start: acc.span.start, end: ss.end }, object: acc, keys: this.subs(s, 'key').map((k) => this.expr(k)) };
      }
    }
    return acc;
  }

  private primary(n: CstNode): A.Expr {
    const span = this.nodeSpan(n);
    const t = (l: string) => this.tok(n, l);
    let x: IToken | undefined;
    if ((x = t('number'))) return { kind: 'NumberLit', id: this.id(), span, text: x.image };
    if ((x = t('percent'))) return { kind: 'PercentLit', id: this.id(), span, text: x.image.slice(0, -1) };
    if ((x = t('string'))) {
      const body = x.image.slice(1, -1);
      if (hasPlaceholder(body)) return { kind: 'TemplateExpr', id: this.id(), span, template: this.template(x) };
      const problems: StringProblem[] = [];
      const raw = body.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      const value = unescape(raw, x.startOffset + 1, problems);
      this.reportStringProblems(problems);
      return { kind: 'StringLitExpr', id: this.id(), span, value };
    }
    if ((x = t('date'))) return this.dateLit(x);
    if (t('true')) return { kind: 'BoolLit', id: this.id(), span, value: true };
    if (t('false')) return { kind: 'BoolLit', id: this.id(), span, value: false };
    if (t('none')) return { kind: 'NoneLit', id: this.id(), span };
    const paren = this.sub(n, 'paren');
    if (paren) return this.expr(paren);
    const call = this.sub(n, 'nameOrCall');
    if (call) return this.nameOrCall(call);
    const set = this.sub(n, 'setLit');
    if (set) return { kind: 'SetExpr', id: this.id(), span, items: this.subs(set, 'item').map((i) => this.expr(i)) };
    const list = this.sub(n, 'listLit');
    if (list) return { kind: 'ListExpr', id: this.id(), span, items: this.subs(list, 'item').map((i) => this.expr(i)) };
    return this.errorExpr(span);
  }

  private nameOrCall(n: CstNode): A.Expr {
    const span = this.nodeSpan(n);
    const nameTok = this.tok(n, 'name');
    const name = this.name(nameTok, span);
    if (!this.tok(n, 'call') && !this.ch(n)['call']) return { kind: 'NameRef', id: this.id(), span, name };
    const args = this.subs(n, 'arg');
    const binder = this.tok(n, 'binder');
    if (binder || this.sub(n, 'source')) {
      const element = this.exprOr(args[0], span);
      const source = this.exprOr(this.sub(n, 'source'), span);
      const where = this.sub(n, 'where') ? this.exprOr(this.sub(n, 'where'), span) : null;
      const by = this.sub(n, 'by');
      if (name.text === 'group') {
        if (!by) this.err('parse/group-needs-by', span, '`group(…)` 需要 `by` 指定分组键', '`group(…)` needs `by KEY`');
        return { kind: 'GroupExpr', id: this.id(), span, element, binder: this.name(binder, span), source, by: this.exprOr(by, span), where };
      }
      if (by) this.err('parse/unexpected-by', this.nodeSpan(by, span), '只有 `group(…)` 可以用 `by`', 'only `group(…)` takes `by`');
      return { kind: 'Comprehension', id: this.id(), span, fn: name, element, binder: this.name(binder, span), source, where };
    }
    return { kind: 'CallExpr', id: this.id(), span, callee: name, args: args.map((a) => this.expr(a)) };
  }
}

const DECL_RULES = [
  'packDecl', 'inputDecl', 'knowledgeDecl', 'paramDecl', 'indicatorDecl', 'ruleDecl', 'scenarioDecl', 'computeDecl', 'testDecl',
  'setChange', 'disableChange', 'regradeChange', 'restageChange', 'stateChange', 'lockChange',
] as const;
const RULE_ITEMS = [
  'classAttr', 'resultAttr', 'stagesAttr', 'scenesAttr', 'windowAttr', 'basisAttr', 'stateAttr', 'needsAttr', 'effectiveAttr', 'excludeAttr',
  'forStep', 'letStep', 'whenStep', 'findingClause',
] as const;
const SCENARIO_ITEMS = ['scenarioStage', 'scenarioScenes', 'scenarioInclude', 'scenarioExclude', 'scenarioRegrade', 'scenarioSet'] as const;

function validDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}
