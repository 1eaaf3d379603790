// fast-check arbitraries for well-formed liangku ASTs, shaped like the parser's output, with every
// `id` and `span` set to 0 (compare trees with `stripSpans`). Used by the formatter's round-trip laws
// and available to any other property test of the language.
import fc from 'fast-check';
import type {
  BinaryOp,
  ComputeDecl,
  Decl,
  EffectivePeriod,
  EnumWord,
  Expectation,
  Expr,
  FindingClause,
  GroupKey,
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
  SourceFile,
  Step,
  StringLit,
  Template,
  TemplateText,
  TestDecl,
  TypeRef,
} from '../../dsl/ast/nodes.js';

export const KEYWORDS: ReadonlySet<string> = new Set(
  (
    'pack extends region effective year input values knowledge from key lock locked param range unit illustrative ' +
    'indicator per where rule class result stages scenes window basis state needs exclude when for in let flag ' +
    'involve amount say scenario stage include all regrade to set compute value test request with as_of expect no ' +
    'finding findings notice on line disable restage replace add columns because if then else and or not true ' +
    'false none group by calendar'
  ).split(' '),
);

const Z = { id: 0, span: { start: 0, end: 0 } } as const;

/** A node of `kind` whose fields come from the given arbitraries, with id and span zeroed. */
function node<K extends string, R extends Record<string, unknown>>(
  kind: K,
  fields: { [P in keyof R]: fc.Arbitrary<R[P]> },
): fc.Arbitrary<R & { kind: K; id: 0; span: { start: 0; end: 0 } }> {
  return fc.record(fields).map((r) => ({ ...Z, kind, ...r }) as R & { kind: K; id: 0; span: { start: 0; end: 0 } });
}

// ---------------------------------------------------------------------------------------------
// Words

const ASCII_START = 'abcdefghijklmnopqrstuvwxyz_'.split('');
const ASCII_REST = 'abcdefghijklmnopqrstuvwxyz_0123456789'.split('');
const HAN = '乙类金额先行自付政策范围内签约就医比例跨省申报基本起付标准一二三'.split('');
const COMMON = ['encounter', 'patient', 'history', 'l', 'h', 'x', 'feedetail', 'det_item_fee_sumamt', '乙类金额', '政策范围内', 'drug_limit'];

const asciiIdent = fc
  .tuple(fc.constantFrom(...ASCII_START), fc.array(fc.constantFrom(...ASCII_REST), { maxLength: 7 }))
  .map(([a, r]) => a + r.join(''));
const hanIdent = fc.array(fc.constantFrom(...HAN), { minLength: 1, maxLength: 5 }).map((cs) => cs.join(''));

/** An identifier that is never a keyword (ASCII, Chinese, or a few realistic names). */
export const identText: fc.Arbitrary<string> = fc
  .oneof(fc.constantFrom(...COMMON), asciiIdent, hanIdent)
  .filter((s) => !KEYWORDS.has(s));

export const name = (text: fc.Arbitrary<string> = identText): fc.Arbitrary<Name> =>
  text.map((t) => ({ ...Z, kind: 'Name' as const, text: t }));

const ident = name();
const dottedText = fc.array(identText, { minLength: 1, maxLength: 3 }).map((xs) => xs.join('.'));
const ruleCodeText = fc.oneof(
  fc.tuple(fc.constantFrom('GZ', 'JN', 'SX', 'NB_P'), fc.integer({ min: 0, max: 99999 })).map(([p, n]) => `${p}${String(n).padStart(4, '0')}`),
  fc.integer({ min: 1, max: 999 }).map((n) => `${n}ABC`),
  identText,
);
const ruleCode = name(ruleCodeText);

/** Free text for strings: quotes, backslashes, newlines, tabs, braces and Chinese are all in play. */
const textChar = fc.constantFrom('a', 'b', 'Z', ' ', '"', '\\', '\n', '\t', '\u0007', '{', '}', '元', '药', '：', '1', '%', '/', '😀');
/**
 * Text for strings that may hold placeholders (string expressions, templates). No `\r`: it can only be
 * written `\u{d}`, and the parser reads that `{` as a placeholder (KNOWN PARSER BUG, reported).
 */
export const freeText = fc.array(textChar, { maxLength: 8 }).map((cs) => cs.join(''));
/** Text for plain strings (titles, reasons, paths): anything, `\r` included. */
const plainText = fc.array(fc.oneof(textChar, fc.constant('\r')), { maxLength: 8 }).map((cs) => cs.join(''));
const stringLit: fc.Arbitrary<StringLit> = plainText.map((v) => ({ ...Z, kind: 'StringLit' as const, value: v }));
const optString = fc.option(stringLit, { nil: null });

const numberText = fc
  .tuple(fc.integer({ min: 0, max: 100000 }), fc.option(fc.stringMatching(/^[0-9]{1,3}$/), { nil: null }))
  .map(([i, f]) => (f === null ? String(i) : `${i}.${f}`));
const dateText = fc
  .tuple(fc.integer({ min: 1990, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
  .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

// ---------------------------------------------------------------------------------------------
// Enumerated words (with their Chinese aliases)

const ENUMS = {
  grade: [['definite', '明确违规'], ['suspicious', '可疑'], ['reminder', '提醒']],
  stage: [['pre', '事前'], ['mid', '事中'], ['post', '事后']],
  scene: [['outpatient', '门诊'], ['inpatient', '住院'], ['pharmacy', '购药'], ['internet', '互联网'], ['remote', '异地']],
  window: [
    ['encounter', '当次'], ['day', '自然日'], ['month', '自然月'], ['quarter', '每季度'],
    ['year', '自然年'], ['insurance_year', '医保年度'], ['history', '历史'], ['other', '其他'],
  ],
  state: [['draft', '草稿'], ['shadow', '影子'], ['active', '启用'], ['retired', '停用']],
} as const;

function enumWord<T extends string>(table: readonly (readonly [string, string])[]): fc.Arbitrary<EnumWord<T>> {
  return fc
    .tuple(fc.constantFrom(...table), fc.boolean())
    .map(([[value, alias], zh]) => ({ ...Z, kind: 'EnumWord' as const, value: value as T, text: zh ? alias : value }));
}
const grade = enumWord<'definite'>(ENUMS.grade);
const stage = enumWord<'pre'>(ENUMS.stage);
const scene = enumWord<'outpatient'>(ENUMS.scene);
const windowWord = enumWord<'day'>(ENUMS.window);
const stateWord = enumWord<'active'>(ENUMS.state);
const some = <T>(a: fc.Arbitrary<T>, max = 3) => fc.array(a, { minLength: 1, maxLength: max });

// ---------------------------------------------------------------------------------------------
// Expressions

const numberLit = numberText.map((t) => ({ ...Z, kind: 'NumberLit' as const, text: t }));
const nameRef = ident.map((n) => ({ ...Z, kind: 'NameRef' as const, name: n }));
const BINARY_OPS: readonly BinaryOp[] = ['or', 'and', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '??'];
const AGGREGATES = ['sum', 'count', 'min', 'max', 'any', 'all', 'distinct', 'list', 'first'];

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  { arbitrary: nameRef, weight: 4 },
  { arbitrary: numberLit, weight: 2 },
  numberText.map((t) => ({ ...Z, kind: 'PercentLit' as const, text: t })),
  freeText.map((v) => ({ ...Z, kind: 'StringLitExpr' as const, value: v })),
  dateText.map((t) => ({ ...Z, kind: 'DateLit' as const, text: t })),
  fc.boolean().map((b) => ({ ...Z, kind: 'BoolLit' as const, value: b })),
  fc.constant({ ...Z, kind: 'NoneLit' as const }),
);

/** Strings inside a placeholder (`"{if g == "1" then "男" else "女"}"`): no braces, quotes or escapes. */
const innerString = fc
  .array(fc.constantFrom('a', '1', ' ', '男', '女', '元'), { maxLength: 4 })
  .map((cs) => ({ ...Z, kind: 'StringLitExpr' as const, value: cs.join('') }));

/** Expressions safe inside a `{…}` placeholder: simple strings, no sets or nested templates. */
const placeholderExpr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nameRef,
    numberLit,
    innerString,
    fc.record({ cond: tie('e'), then: tie('e'), else: tie('e') }).map((r) => ({ ...Z, kind: 'IfExpr' as const, ...r })),
    fc
      .record({ op: fc.constantFrom<BinaryOp>('==', 'and'), left: tie('e'), right: tie('e') })
      .map((r) => ({ ...Z, kind: 'BinaryExpr' as const, ...r })),
    fc
      .record({ object: tie('e').filter((o) => o.kind !== 'NumberLit'), member: ident })
      .map((r) => ({ ...Z, kind: 'MemberExpr' as const, ...r })),
    fc
      .record({ op: fc.constantFrom<BinaryOp>('+', '-', '*', '/', '??'), left: tie('e'), right: tie('e') })
      .map((r) => ({ ...Z, kind: 'BinaryExpr' as const, ...r })),
    fc.record({ callee: ident, args: fc.array(tie('e'), { maxLength: 2 }) }).map((r) => ({ ...Z, kind: 'CallExpr' as const, ...r })),
  ),
})).e;

const nonEmptyText = fc
  .array(textChar, { minLength: 1, maxLength: 6 })
  .map((cs): TemplateText => ({ kind: 'TemplateText', text: cs.join(''), span: { start: 0, end: 0 } }));

/**
 * Template parts as the parser yields them: text and placeholders alternate, text pieces are never
 * empty (so `"{a}{b}"` has no empty text between, and adjacent texts are one piece).
 */
function templateParts(minExprs: number): fc.Arbitrary<(TemplateText | Expr)[]> {
  return fc
    .tuple(
      fc.option(nonEmptyText, { nil: null }),
      fc.array(fc.tuple(placeholderExpr, fc.option(nonEmptyText, { nil: null })), { minLength: minExprs, maxLength: 3 }),
    )
    .map(([head, rest]) => {
      const parts: (TemplateText | Expr)[] = head ? [head] : [];
      for (const [e, t] of rest) {
        parts.push(e);
        if (t) parts.push(t);
      }
      return parts;
    });
}
const template = (minExprs: number): fc.Arbitrary<Template> =>
  templateParts(minExprs).map((parts) => ({ ...Z, kind: 'Template' as const, parts }));

const exprCache = new Map<number, fc.Arbitrary<Expr>>();

/** A random expression at most `depth` operators deep. */
export function expr(depth = 3): fc.Arbitrary<Expr> {
  const cached = exprCache.get(depth);
  if (cached) return cached;
  let arb: fc.Arbitrary<Expr>;
  if (depth <= 0) arb = leaf;
  else {
    const sub = expr(depth - 1);
    const items = fc.array(sub, { maxLength: 3 });
    // Postfix objects: no bare number/date literals (`1.x` reads badly and adds nothing).
    const obj = sub.filter((e) => !['NumberLit', 'PercentLit', 'DateLit'].includes(e.kind));
    arb = fc.oneof(
      { arbitrary: leaf, weight: 3 },
      { arbitrary: fc.record({ op: fc.constantFrom(...BINARY_OPS), left: sub, right: sub }).map((r) => ({ ...Z, kind: 'BinaryExpr' as const, ...r })), weight: 3 },
      fc.record({ op: fc.constantFrom<'not' | '-'>('not', '-'), operand: sub }).map((r) => ({ ...Z, kind: 'UnaryExpr' as const, ...r })),
      fc.record({ object: obj, member: fc.oneof(ident, name(fc.constantFrom('class', 'key'))) }).map((r) => ({ ...Z, kind: 'MemberExpr' as const, ...r })),
      fc.record({ object: obj, keys: some(sub, 2) }).map((r) => ({ ...Z, kind: 'IndexExpr' as const, ...r })),
      fc.record({ callee: ident, args: items }).map((r) => ({ ...Z, kind: 'CallExpr' as const, ...r })),
      fc.record({ negated: fc.boolean(), element: sub, collection: sub }).map((r) => ({ ...Z, kind: 'InExpr' as const, ...r })),
      fc.record({ negated: fc.boolean(), value: sub, lo: sub, hi: sub }).map((r) => ({ ...Z, kind: 'RangeTest' as const, ...r })),
      fc.record({ cond: sub, then: sub, else: sub }).map((r) => ({ ...Z, kind: 'IfExpr' as const, ...r })),
      items.map((xs) => ({ ...Z, kind: 'SetExpr' as const, items: xs })),
      items.map((xs) => ({ ...Z, kind: 'ListExpr' as const, items: xs })),
      fc
        .record({ fn: name(fc.constantFrom(...AGGREGATES)), element: sub, binder: ident, source: sub, where: fc.option(sub, { nil: null }) })
        .map((r) => ({ ...Z, kind: 'Comprehension' as const, ...r })),
      fc
        .record({ element: sub, binder: ident, source: sub, by: sub, where: fc.option(sub, { nil: null }) })
        .map((r) => ({ ...Z, kind: 'GroupExpr' as const, ...r })),
      template(1).map((t) => ({ ...Z, kind: 'TemplateExpr' as const, template: t })),
    );
  }
  exprCache.set(depth, arb);
  return arb;
}

// ---------------------------------------------------------------------------------------------
// Declarations

const typeRef: fc.Arbitrary<TypeRef> = fc.oneof(
  fc
    .record({ name: name(fc.constantFrom('code', 'int', 'money', 'decimal', 'bool', 'date', 'text', 'days')), optional: fc.boolean() })
    .map((r) => ({ ...Z, kind: 'NamedType' as const, ...r })),
  fc
    .record({
      name: name(fc.constantFrom('list', 'set', 'map')),
      args: some(name(fc.constantFrom('code', 'int', 'money')).map((n) => ({ ...Z, kind: 'NamedType' as const, name: n, optional: false })), 2),
      optional: fc.boolean(),
    })
    .map((r) => ({ ...Z, kind: 'GenericType' as const, ...r })),
);

const dateLit = dateText.map((t) => ({ ...Z, kind: 'DateLit' as const, text: t }));
const period: fc.Arbitrary<EffectivePeriod> = fc
  .record({ from: dateLit, to: fc.option(dateLit, { nil: null }) })
  .map((r) => ({ ...Z, kind: 'EffectivePeriod' as const, ...r }));
const e = expr(3);
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

const packDecl: fc.Arbitrary<PackDecl> = node('PackDecl', {
  name: name(dottedText),
  version: name(fc.constantFrom('1.0.0', '2024.1.0', '0.3.1-beta.1')),
  title: optString,
  extends: opt(fc.record({ base: name(dottedText), range: name(fc.constantFrom('^1.0', '~1.2.3', '>=1.0.0', '1.x', '*')) })),
  region: optString,
  effective: opt(period),
  year: opt(name(fc.constantFrom('calendar', '07-01'))),
});

const inputDecl: fc.Arbitrary<InputDecl> = node('InputDecl', {
  path: fc.array(ident, { minLength: 2, maxLength: 3 }),
  type: typeRef,
  title: optString,
  values: fc.array(node('ValueLabel', { value: stringLit, label: optString }), { maxLength: 3 }),
});

const knowledgeDecl: fc.Arbitrary<KnowledgeDecl> = node('KnowledgeDecl', {
  name: ident,
  title: optString,
  source: optString,
  columns: fc.array(node('ColumnDecl', { isKey: fc.boolean(), name: ident, type: typeRef, title: optString }), { maxLength: 3 }),
  locks: fc.array(ident, { maxLength: 2 }),
  lockedAll: fc.boolean(),
});

const paramDecl: fc.Arbitrary<ParamDecl> = node('ParamDecl', {
  name: ident,
  title: optString,
  type: typeRef,
  value: e,
  range: opt(fc.record({ lo: e, hi: e })),
  unit: optString,
  illustrative: fc.boolean(),
});

const groupKey: fc.Arbitrary<GroupKey> = node('GroupKey', { name: ident, value: e });
const indicatorDecl: fc.Arbitrary<IndicatorDecl> = node('IndicatorDecl', {
  name: ident,
  title: optString,
  unit: opt(fc.record({ binder: ident, source: e })),
  type: typeRef,
  per: fc.array(groupKey, { maxLength: 2 }),
  where: opt(e),
  value: e,
});

/** Rule attributes in the grammar's order (the formatter sorts them; the law compares canonical trees). */
const ruleAttrs: fc.Arbitrary<RuleAttr[]> = fc
  .tuple(
    opt(fc.oneof(stringLit, name(fc.constantFrom('管理类/待遇政策类', '医疗类/药品合理使用类', 'drug/use', 'misc')))),
    opt(grade),
    opt(some(stage)),
    opt(some(scene)),
    opt(windowWord),
    opt(stringLit),
    opt(fc.tuple(stateWord, optString)),
    opt(stringLit),
    opt(period),
    fc.array(fc.tuple(e, optString), { maxLength: 2 }),
  )
  .map(([cls, result, stages, scenes, win, basis, state, needs, eff, excludes]) => {
    const out: RuleAttr[] = [];
    if (cls) out.push({ ...Z, kind: 'ClassAttr', value: cls });
    if (result) out.push({ ...Z, kind: 'ResultAttr', value: result });
    if (stages) out.push({ ...Z, kind: 'StagesAttr', values: stages });
    if (scenes) out.push({ ...Z, kind: 'ScenesAttr', values: scenes });
    if (win) out.push({ ...Z, kind: 'WindowAttr', value: win });
    if (basis) out.push({ ...Z, kind: 'BasisAttr', value: basis });
    if (state) out.push({ ...Z, kind: 'StateAttr', value: state[0], reason: state[1] });
    if (needs) out.push({ ...Z, kind: 'NeedsAttr', value: needs });
    if (eff) out.push({ ...Z, kind: 'EffectiveAttr', value: eff });
    for (const [when, reason] of excludes) out.push({ ...Z, kind: 'ExcludeAttr', when, reason });
    return out;
  });

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ binder: ident, source: e }).map((r) => ({ ...Z, kind: 'ForStep' as const, ...r })),
  fc.record({ binder: ident, value: e }).map((r) => ({ ...Z, kind: 'LetStep' as const, ...r })),
  e.map((c) => ({ ...Z, kind: 'WhenStep' as const, cond: c })),
);

const finding: fc.Arbitrary<FindingClause> = node('FindingClause', {
  flagged: some(e, 2),
  involved: fc.array(e, { maxLength: 2 }),
  amount: opt(e),
  message: opt(template(0)),
});

const ruleDecl: fc.Arbitrary<RuleDecl> = node('RuleDecl', {
  code: ruleCode,
  name: optString,
  attrs: ruleAttrs,
  body: fc.array(step, { maxLength: 4 }),
  finding: opt(finding),
});

const scenarioItem: fc.Arbitrary<ScenarioItem> = fc.oneof(
  stage.map((v) => ({ ...Z, kind: 'ScenarioStage' as const, value: v })),
  some(scene).map((vs) => ({ ...Z, kind: 'ScenarioScenes' as const, values: vs })),
  fc.constant({ ...Z, kind: 'ScenarioInclude' as const, all: true, codes: [] }),
  some(ruleCode).map((cs) => ({ ...Z, kind: 'ScenarioInclude' as const, all: false, codes: cs })),
  some(ruleCode).map((cs) => ({ ...Z, kind: 'ScenarioExclude' as const, codes: cs })),
  fc.record({ target: fc.oneof(ruleCode, grade), to: grade }).map((r) => ({ ...Z, kind: 'ScenarioRegrade' as const, ...r })),
  fc.record({ param: ident, value: e }).map((r) => ({ ...Z, kind: 'ScenarioSet' as const, ...r })),
);
const scenarioDecl: fc.Arbitrary<ScenarioDecl> = node('ScenarioDecl', {
  name: ident,
  title: optString,
  items: fc.array(scenarioItem, { maxLength: 4 }),
});

const computeDecl: fc.Arbitrary<ComputeDecl> = node('ComputeDecl', {
  name: ident,
  title: optString,
  type: typeRef,
  effective: opt(period),
  body: fc.array(step.filter((s): s is Exclude<Step, { kind: 'ForStep' }> => s.kind !== 'ForStep'), { maxLength: 3 }),
  value: e,
});

const literal: fc.Arbitrary<Expr> = expr(0);
const patch: fc.Arbitrary<Patch> = fc
  .tuple(ident, fc.array(fc.oneof(ident, fc.nat({ max: 9 }).map((n) => ({ ...Z, kind: 'NumberLit' as const, text: String(n) }))), { maxLength: 3 }), literal)
  .map(([head, rest, value]) => ({ ...Z, kind: 'Patch' as const, path: [head, ...rest], value }));
const intLit = fc.nat({ max: 20 }).map((n) => ({ ...Z, kind: 'NumberLit' as const, text: String(n) }));
const expectation: fc.Arbitrary<Expectation> = fc.oneof(
  fc
    .record({ negated: fc.boolean(), code: ruleCode, line: optString, amount: opt(numberLit), result: opt(grade) })
    .map((r) => ({ ...Z, kind: 'ExpectFinding' as const, ...r })),
  intLit.map((c) => ({ ...Z, kind: 'ExpectCount' as const, count: c })),
  fc
    .record({ name: ident, value: fc.oneof(numberLit, fc.constant({ ...Z, kind: 'NoneLit' as const })) })
    .map((r) => ({ ...Z, kind: 'ExpectValue' as const, ...r })),
  stringLit.map((s) => ({ ...Z, kind: 'ExpectNotice' as const, code: s })),
);
const testDecl: fc.Arbitrary<TestDecl> = fc
  .record({
    name: stringLit,
    request: optString,
    patches: fc.array(patch, { maxLength: 3 }),
    stage: opt(stage),
    scenario: opt(ident),
    asOf: opt(dateLit),
    expects: fc.array(expectation, { maxLength: 3 }),
  })
  // `with { … }` only follows a request.
  .map((r) => ({ ...Z, kind: 'TestDecl' as const, ...r, patches: r.request ? r.patches : [] }));

const changes: fc.Arbitrary<Decl> = fc.oneof(
  fc.record({ param: ident, value: e, reason: optString }).map((r) => ({ ...Z, kind: 'SetChange' as const, ...r })),
  fc.record({ code: ruleCode, reason: optString }).map((r) => ({ ...Z, kind: 'DisableChange' as const, ...r })),
  fc
    .record({ code: ruleCode, to: grade, stages: fc.array(stage, { maxLength: 2 }), reason: optString })
    .map((r) => ({ ...Z, kind: 'RegradeChange' as const, ...r })),
  fc
    .record({ code: ruleCode, stages: opt(some(stage)), scenes: opt(some(scene)), reason: optString })
    .map((r) => ({ ...Z, kind: 'RestageChange' as const, ...r })),
  fc.record({ code: ruleCode, to: stateWord, reason: optString }).map((r) => ({ ...Z, kind: 'StateChange' as const, ...r })),
  fc
    .record({ table: ident, mode: fc.constantFrom<'add' | 'replace'>('add', 'replace'), source: stringLit, reason: optString })
    .map((r) => ({ ...Z, kind: 'KnowledgeRowsChange' as const, ...r })),
  fc
    .record({ target: fc.constantFrom<'param' | 'knowledge' | 'rule'>('param', 'knowledge', 'rule'), name: ident, columns: fc.array(ident, { maxLength: 2 }) })
    .map((r) => ({
      ...Z,
      kind: 'LockChange' as const,
      ...r,
      // Only `lock knowledge` takes columns; a rule is locked by its code.
      columns: r.target === 'knowledge' ? r.columns : [],
    })),
);

export const decl: fc.Arbitrary<Decl> = fc.oneof(
  packDecl,
  inputDecl,
  knowledgeDecl,
  paramDecl,
  indicatorDecl,
  { arbitrary: ruleDecl, weight: 3 },
  scenarioDecl,
  computeDecl,
  testDecl,
  { arbitrary: changes, weight: 3 },
);

export const sourceFile: fc.Arbitrary<SourceFile> = fc
  .array(decl, { maxLength: 6 })
  .map((decls) => ({ ...Z, kind: 'SourceFile' as const, path: 'gen.lk', decls, comments: [] }));

/** Deep copy without `id`, `span` and `comments`, for comparing trees from different texts. */
export function stripSpans<T>(node: T): unknown {
  if (Array.isArray(node)) return node.map((x) => stripSpans(x));
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'id' || k === 'span' || k === 'comments') continue;
      out[k] = stripSpans(v);
    }
    return out;
  }
  return node;
}
