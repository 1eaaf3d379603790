// The typed AST of the liangku rule language.
//
// Every node has a stable numeric `id` (unique within one parsed file, assigned in source order by
// the CST → AST step) and a half-open, 0-based `span` of UTF-16 offsets into the file text.
// Later phases keep their facts in side tables keyed by `id` (types, resolved references), never
// by mutating nodes. Broken text still yields a tree: a missing piece becomes an `ErrorExpr` or a
// declaration with `error: true`, so the studio can highlight, format and complete while typing.

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface NodeBase {
  readonly id: number;
  readonly span: Span;
}

/** A name as written, with its own span (so diagnostics can underline exactly the name). */
export interface Name extends NodeBase {
  readonly kind: 'Name';
  readonly text: string;
}

/** A string literal as written; `value` is unescaped. */
export interface StringLit extends NodeBase {
  readonly kind: 'StringLit';
  readonly value: string;
}

/** A comment kept for the formatter. `//` line comments only. */
export interface Comment {
  readonly text: string; // including the leading `//`
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Files and declarations

export interface SourceFile extends NodeBase {
  readonly kind: 'SourceFile';
  readonly path: string;
  readonly decls: readonly Decl[];
  readonly comments: readonly Comment[];
}

export type Decl =
  | PackDecl
  | InputDecl
  | KnowledgeDecl
  | ParamDecl
  | IndicatorDecl
  | RuleDecl
  | ScenarioDecl
  | ComputeDecl
  | TestDecl
  | SetChange
  | DisableChange
  | RegradeChange
  | RestageChange
  | StateChange
  | KnowledgeRowsChange
  | LockChange
  | ErrorDecl;

/** `pack nhsa.audit 1.0.0 "title" [extends base.id ^1.0] { region "000000" effective 2024-01-01 .. 2028-12-31 year calendar }` */
export interface PackDecl extends NodeBase {
  readonly kind: 'PackDecl';
  readonly name: Name; // dotted id, e.g. `nhsa.audit`
  readonly version: Name; // semver text, e.g. `1.0.0`
  readonly title: StringLit | null;
  readonly extends: { readonly base: Name; readonly range: Name } | null;
  readonly region: StringLit | null;
  readonly effective: EffectivePeriod | null;
  /** 医保年度: `calendar` (default) or a start month-day such as `07-01`. */
  readonly year: Name | null;
}

export interface EffectivePeriod extends NodeBase {
  readonly kind: 'EffectivePeriod';
  readonly from: DateLit;
  readonly to: DateLit | null; // open-ended when null
}

/** `input encounter.fee_price_class: code? "收费价格类别" values { "1" "一类", "2" "二类" }` */
export interface InputDecl extends NodeBase {
  readonly kind: 'InputDecl';
  readonly path: readonly Name[]; // e.g. [encounter, fee_price_class] or [encounter, feedetail, trace_code]
  readonly type: TypeRef;
  readonly title: StringLit | null;
  readonly values: readonly ValueLabel[];
}

export interface ValueLabel extends NodeBase {
  readonly kind: 'ValueLabel';
  readonly value: StringLit;
  readonly label: StringLit | null;
}

/**
 * `knowledge drug_limit "药品限定支付知识" from "knowledge/drug_limit.csv" { key med_list_codg: code "编码" ... lock gender, age_max }`
 * `locked` alone locks every column.
 */
export interface KnowledgeDecl extends NodeBase {
  readonly kind: 'KnowledgeDecl';
  readonly name: Name;
  readonly title: StringLit | null;
  readonly source: StringLit | null;
  readonly columns: readonly ColumnDecl[];
  readonly locks: readonly Name[];
  readonly lockedAll: boolean;
}

export interface ColumnDecl extends NodeBase {
  readonly kind: 'ColumnDecl';
  readonly isKey: boolean;
  readonly name: Name;
  readonly type: TypeRef;
  readonly title: StringLit | null;
}

/** `param readmit_window_days "分解住院再入院间隔": days = 15 range 7 .. 31 unit "天"` */
export interface ParamDecl extends NodeBase {
  readonly kind: 'ParamDecl';
  readonly name: Name;
  readonly title: StringLit | null;
  readonly type: TypeRef;
  readonly value: Expr;
  readonly range: { readonly lo: Expr; readonly hi: Expr } | null;
  readonly unit: StringLit | null;
  readonly illustrative: boolean; // `illustrative` marker: the number is not from a source document
}

/**
 * `indicator drug_share "药费占比": decimal = expr` (per request), or, for batch (事后) use,
 * `indicator swipes "日刷卡次数": int per pharmacy = encounter.fixmedins_code, day = date(encounter.setl_time) = count()`.
 */
export interface IndicatorDecl extends NodeBase {
  readonly kind: 'IndicatorDecl';
  readonly name: Name;
  readonly title: StringLit | null;
  readonly type: TypeRef;
  /** Batch unit: `for l in encounter.feedetail` groups lines instead of whole requests. */
  readonly unit: { readonly binder: Name; readonly source: Expr } | null;
  readonly per: readonly GroupKey[]; // empty = per request
  readonly where: Expr | null; // which requests contribute (batch indicators)
  readonly value: Expr;
}

export interface GroupKey extends NodeBase {
  readonly kind: 'GroupKey';
  readonly name: Name;
  readonly value: Expr;
}

export type Grade = 'definite' | 'suspicious' | 'reminder';
export type Stage = 'pre' | 'mid' | 'post';
export type Scene = 'outpatient' | 'inpatient' | 'pharmacy' | 'internet' | 'remote';
export type Window = 'encounter' | 'day' | 'month' | 'quarter' | 'year' | 'insurance_year' | 'history' | 'other';
export type LifecycleState = 'draft' | 'shadow' | 'active' | 'retired';

/** An enumerated word as written (`pre` or its Chinese alias `事前`), with its canonical value. */
export interface EnumWord<T extends string> extends NodeBase {
  readonly kind: 'EnumWord';
  readonly value: T | null; // null when the word is not one of the allowed values (checker reports)
  readonly text: string;
}

export interface RuleDecl extends NodeBase {
  readonly kind: 'RuleDecl';
  readonly code: Name; // e.g. GZ10000204001000 or JN0001
  readonly name: StringLit | null;
  readonly attrs: readonly RuleAttr[];
  readonly body: readonly Step[];
  readonly finding: FindingClause | null;
}

export type RuleAttr =
  | { readonly kind: 'ClassAttr'; readonly id: number; readonly span: Span; readonly value: StringLit | Name }
  | { readonly kind: 'ResultAttr'; readonly id: number; readonly span: Span; readonly value: EnumWord<Grade> }
  | { readonly kind: 'StagesAttr'; readonly id: number; readonly span: Span; readonly values: readonly EnumWord<Stage>[] }
  | { readonly kind: 'ScenesAttr'; readonly id: number; readonly span: Span; readonly values: readonly EnumWord<Scene>[] }
  | { readonly kind: 'WindowAttr'; readonly id: number; readonly span: Span; readonly value: EnumWord<Window> }
  | { readonly kind: 'BasisAttr'; readonly id: number; readonly span: Span; readonly value: StringLit }
  | { readonly kind: 'StateAttr'; readonly id: number; readonly span: Span; readonly value: EnumWord<LifecycleState>; readonly reason: StringLit | null }
  | { readonly kind: 'NeedsAttr'; readonly id: number; readonly span: Span; readonly value: StringLit }
  | { readonly kind: 'EffectiveAttr'; readonly id: number; readonly span: Span; readonly value: EffectivePeriod }
  | { readonly kind: 'ExcludeAttr'; readonly id: number; readonly span: Span; readonly when: Expr; readonly reason: StringLit | null };

/** The rule body is a pipeline: each `for` nests, `let` binds, `when` filters; every binding that survives yields one finding. */
export type Step = ForStep | LetStep | WhenStep;

export interface ForStep extends NodeBase {
  readonly kind: 'ForStep';
  readonly binder: Name;
  readonly source: Expr;
}
export interface LetStep extends NodeBase {
  readonly kind: 'LetStep';
  readonly binder: Name;
  readonly value: Expr;
}
export interface WhenStep extends NodeBase {
  readonly kind: 'WhenStep';
  readonly cond: Expr;
}

/** `flag line [, other] [involve x, y] [amount expr] say "template"` */
export interface FindingClause extends NodeBase {
  readonly kind: 'FindingClause';
  readonly flagged: readonly Expr[]; // violation targets: fee lines, lists of lines, `encounter`, or a batch group
  readonly involved: readonly Expr[];
  readonly amount: Expr | null;
  readonly message: Template | null;
}

/** `scenario pre_outpatient "事前提醒·门诊" { stage pre scenes outpatient include all exclude X regrade definite to reminder set p = 1 }` */
export interface ScenarioDecl extends NodeBase {
  readonly kind: 'ScenarioDecl';
  readonly name: Name;
  readonly title: StringLit | null;
  readonly items: readonly ScenarioItem[];
}

export type ScenarioItem =
  | { readonly kind: 'ScenarioStage'; readonly id: number; readonly span: Span; readonly value: EnumWord<Stage> }
  | { readonly kind: 'ScenarioScenes'; readonly id: number; readonly span: Span; readonly values: readonly EnumWord<Scene>[] }
  | { readonly kind: 'ScenarioInclude'; readonly id: number; readonly span: Span; readonly all: boolean; readonly codes: readonly Name[] }
  | { readonly kind: 'ScenarioExclude'; readonly id: number; readonly span: Span; readonly codes: readonly Name[] }
  | { readonly kind: 'ScenarioRegrade'; readonly id: number; readonly span: Span; readonly target: Name | EnumWord<Grade>; readonly to: EnumWord<Grade> }
  | { readonly kind: 'ScenarioSet'; readonly id: number; readonly span: Span; readonly param: Name; readonly value: Expr };

/** `compute pooling_payment "门诊统筹基金支付": money { effective ... when ... let ... value expr }` */
export interface ComputeDecl extends NodeBase {
  readonly kind: 'ComputeDecl';
  readonly name: Name;
  readonly title: StringLit | null;
  readonly type: TypeRef;
  readonly effective: EffectivePeriod | null;
  readonly body: readonly (LetStep | WhenStep)[];
  readonly value: Expr | null;
}

/** `test "名称" { request "tests/x.json" with { patient.gend = "2" } stage mid as_of 2025-01-01 expect ... }` */
export interface TestDecl extends NodeBase {
  readonly kind: 'TestDecl';
  readonly name: StringLit;
  readonly request: StringLit | null;
  readonly patches: readonly Patch[];
  readonly stage: EnumWord<Stage> | null;
  readonly scenario: Name | null;
  readonly asOf: DateLit | null;
  readonly expects: readonly Expectation[];
}

export interface Patch extends NodeBase {
  readonly kind: 'Patch';
  readonly path: readonly (Name | NumberLit)[]; // encounter.feedetail[0].cnt → [encounter, feedetail, 0, cnt]
  readonly value: Expr; // a literal (string, number, date, none, bool, list/set of literals)
}

export type Expectation =
  | {
      readonly kind: 'ExpectFinding';
      readonly id: number;
      readonly span: Span;
      readonly negated: boolean; // `expect no finding CODE`
      readonly code: Name;
      readonly line: StringLit | null; // `on line "3"` (feedetl_sn)
      readonly amount: NumberLit | null;
      readonly result: EnumWord<Grade> | null;
    }
  | { readonly kind: 'ExpectCount'; readonly id: number; readonly span: Span; readonly count: NumberLit } // `expect findings 2`
  | { readonly kind: 'ExpectValue'; readonly id: number; readonly span: Span; readonly name: Name; readonly value: NumberLit | NoneLit }
  | { readonly kind: 'ExpectNotice'; readonly id: number; readonly span: Span; readonly code: StringLit }; // `expect notice "not-in-force"`

// ---------------------------------------------------------------------------------------------
// Local changes (overlays). `because` is required for set/disable/retire; the checker enforces it
// so that a missing reason is a clear diagnostic rather than a parse error.

export interface SetChange extends NodeBase {
  readonly kind: 'SetChange';
  readonly param: Name;
  readonly value: Expr;
  readonly reason: StringLit | null;
}
export interface DisableChange extends NodeBase {
  readonly kind: 'DisableChange';
  readonly code: Name;
  readonly reason: StringLit | null;
}
/** `regrade CODE to reminder [in pre, mid] because "..."` */
export interface RegradeChange extends NodeBase {
  readonly kind: 'RegradeChange';
  readonly code: Name;
  readonly to: EnumWord<Grade>;
  readonly stages: readonly EnumWord<Stage>[]; // empty = every stage
  readonly reason: StringLit | null;
}
/** `restage CODE stages pre, mid [scenes inpatient] because "..."` */
export interface RestageChange extends NodeBase {
  readonly kind: 'RestageChange';
  readonly code: Name;
  readonly stages: readonly EnumWord<Stage>[] | null;
  readonly scenes: readonly EnumWord<Scene>[] | null;
  readonly reason: StringLit | null;
}
/** `state CODE shadow because "..."` (lifecycle change of an inherited rule) */
export interface StateChange extends NodeBase {
  readonly kind: 'StateChange';
  readonly code: Name;
  readonly to: EnumWord<LifecycleState>;
  readonly reason: StringLit | null;
}
/** `knowledge drug_limit add from "knowledge/x.csv" because "..."` / `replace` */
export interface KnowledgeRowsChange extends NodeBase {
  readonly kind: 'KnowledgeRowsChange';
  readonly table: Name;
  readonly mode: 'add' | 'replace';
  readonly source: StringLit;
  readonly reason: StringLit | null;
}
/** `lock param readmit_window_days` / `lock knowledge drug_limit [columns a, b]` / `lock rule CODE` */
export interface LockChange extends NodeBase {
  readonly kind: 'LockChange';
  readonly target: 'param' | 'knowledge' | 'rule';
  readonly name: Name;
  readonly columns: readonly Name[];
}

/** Text the parser could not make sense of at declaration level; kept so spans stay covered. */
export interface ErrorDecl extends NodeBase {
  readonly kind: 'ErrorDecl';
}

// ---------------------------------------------------------------------------------------------
// Types

export type TypeRef =
  | { readonly kind: 'NamedType'; readonly id: number; readonly span: Span; readonly name: Name; readonly optional: boolean }
  | { readonly kind: 'GenericType'; readonly id: number; readonly span: Span; readonly name: Name; readonly args: readonly TypeRef[]; readonly optional: boolean };

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expr =
  | NumberLit
  | PercentLit
  | StringLitExpr
  | TemplateExpr
  | DateLit
  | BoolLit
  | NoneLit
  | NameRef
  | MemberExpr
  | IndexExpr
  | CallExpr
  | UnaryExpr
  | BinaryExpr
  | InExpr
  | RangeTest
  | IfExpr
  | SetExpr
  | ListExpr
  | Comprehension
  | GroupExpr
  | ErrorExpr;

export interface NumberLit extends NodeBase {
  readonly kind: 'NumberLit';
  readonly text: string; // exact decimal text, e.g. "45.60" (no floating point anywhere)
}
/** `55%` → the decimal 0.55, exactly. */
export interface PercentLit extends NodeBase {
  readonly kind: 'PercentLit';
  readonly text: string; // the number before `%`, e.g. "55"
}
export interface StringLitExpr extends NodeBase {
  readonly kind: 'StringLitExpr';
  readonly value: string;
}
/** A string with `{expr}` placeholders (message templates, or any string with braces). `{{` and `}}` escape braces. */
export interface TemplateExpr extends NodeBase {
  readonly kind: 'TemplateExpr';
  readonly template: Template;
}
export interface Template extends NodeBase {
  readonly kind: 'Template';
  readonly parts: readonly (TemplateText | Expr)[];
}
export interface TemplateText {
  readonly kind: 'TemplateText';
  readonly text: string;
  readonly span: Span;
}
export interface DateLit extends NodeBase {
  readonly kind: 'DateLit';
  readonly text: string; // YYYY-MM-DD
}
export interface BoolLit extends NodeBase {
  readonly kind: 'BoolLit';
  readonly value: boolean;
}
export interface NoneLit extends NodeBase {
  readonly kind: 'NoneLit';
}
export interface NameRef extends NodeBase {
  readonly kind: 'NameRef';
  readonly name: Name;
}
export interface MemberExpr extends NodeBase {
  readonly kind: 'MemberExpr';
  readonly object: Expr;
  readonly member: Name;
}
/** Knowledge lookup `drug_limit[code]` / `service_mutex[a, b]`, or list index. */
export interface IndexExpr extends NodeBase {
  readonly kind: 'IndexExpr';
  readonly object: Expr;
  readonly keys: readonly Expr[];
}
export interface CallExpr extends NodeBase {
  readonly kind: 'CallExpr';
  readonly callee: Name;
  readonly args: readonly Expr[];
}
export type UnaryOp = 'not' | '-';
export interface UnaryExpr extends NodeBase {
  readonly kind: 'UnaryExpr';
  readonly op: UnaryOp;
  readonly operand: Expr;
}
export type BinaryOp = 'or' | 'and' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '??';
export interface BinaryExpr extends NodeBase {
  readonly kind: 'BinaryExpr';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}
/** `x in {"09", "10"}` / `x not in codes` */
export interface InExpr extends NodeBase {
  readonly kind: 'InExpr';
  readonly negated: boolean;
  readonly element: Expr;
  readonly collection: Expr;
}
/** `days(a, b) in 0 .. window` (inclusive both ends) */
export interface RangeTest extends NodeBase {
  readonly kind: 'RangeTest';
  readonly negated: boolean;
  readonly value: Expr;
  readonly lo: Expr;
  readonly hi: Expr;
}
export interface IfExpr extends NodeBase {
  readonly kind: 'IfExpr';
  readonly cond: Expr;
  readonly then: Expr;
  readonly else: Expr;
}
export interface SetExpr extends NodeBase {
  readonly kind: 'SetExpr';
  readonly items: readonly Expr[];
}
export interface ListExpr extends NodeBase {
  readonly kind: 'ListExpr';
  readonly items: readonly Expr[];
}
/**
 * An aggregate over a collection, Python-style: `sum(l.det_item_fee_sumamt for l in encounter.feedetail where l.chrgitm_lv == "02")`.
 * `fn` is one of sum, count, min, max, any, all, distinct, list, first.
 */
export interface Comprehension extends NodeBase {
  readonly kind: 'Comprehension';
  readonly fn: Name;
  readonly element: Expr;
  readonly binder: Name;
  readonly source: Expr;
  readonly where: Expr | null;
}
/** `group(l for l in encounter.feedetail by l.med_list_codg [where cond])` → list of { key, items } */
export interface GroupExpr extends NodeBase {
  readonly kind: 'GroupExpr';
  readonly element: Expr;
  readonly binder: Name;
  readonly source: Expr;
  readonly by: Expr;
  readonly where: Expr | null;
}
export interface ErrorExpr extends NodeBase {
  readonly kind: 'ErrorExpr';
}

export type Node =
  | SourceFile
  | Decl
  | Expr
  | Name
  | StringLit
  | TypeRef
  | Step
  | FindingClause
  | ColumnDecl
  | EffectivePeriod
  | Template
  | Patch
  | GroupKey
  | ValueLabel;
