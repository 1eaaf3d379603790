// The IR and the artifact: the one contract between the compiler and every engine.
//
// One definition (TypeBox) gives both the TypeScript types (`Static<…>`) and the JSON Schema that
// ajv checks on emit and on load, so they cannot drift. The runtime owns this file because the
// artifact is its input; the compiler imports the types from here, never the other way round.
//
// Value model at run time (the compiler's checker guarantees these; the runtime relies on them):
//   dec   decimal and money: a JS number holding an exact integer count of 1e-6 (micro-units).
//         Sums and comparisons are plain integer arithmetic; products and quotients round half-up
//         to 1e-6; results leave in yuan rounded half-up to the fen. Literals carry exact text.
//   int   counts and days: JS integers.
//   date  day number since 1970-01-01 (calendar days, no time zone).
//   datetime  seconds since 1970-01-01T00:00:00 (wall clock as written, no time zone).
//   str   codes, text and gender: JS strings.
//   bool  JS booleans.
//   none  `undefined`. Every comparison with none is false; `isnone` tests for it.
//   list / set / record / row: JS arrays, Sets, objects; knowledge rows are pre-converted records.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

// Names that would reach an object's prototype machinery are never identifiers in an artifact.
const Ident = Type.String({ pattern: '^(?!(?:__proto__|constructor|prototype)$)[A-Za-z_\\u3400-\\u9fff][A-Za-z0-9_\\u3400-\\u9fff]*$', maxLength: 128 });
const Code = Type.String({ pattern: '^[A-Za-z0-9_.\\-\\u3400-\\u9fff]+$', maxLength: 64 });
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const DecText = Type.String({ pattern: '^-?\\d+(\\.\\d+)?$', maxLength: 40 });

export const IrSpan = Type.Object(
  { file: Type.Integer({ minimum: 0 }), start: Type.Integer({ minimum: 0 }), end: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type IrSpan = Static<typeof IrSpan>;

/** The run-time domain of a value (see the header). */
export const IrDomain = Type.Union([
  Type.Literal('dec'),
  Type.Literal('int'),
  Type.Literal('date'),
  Type.Literal('datetime'),
  Type.Literal('str'),
  Type.Literal('bool'),
  Type.Literal('list'),
  Type.Literal('set'),
  Type.Literal('record'),
  Type.Literal('any'),
]);
export type IrDomain = Static<typeof IrDomain>;

const Grade = Type.Union([Type.Literal('definite'), Type.Literal('suspicious'), Type.Literal('reminder')]);
const Stage = Type.Union([Type.Literal('pre'), Type.Literal('mid'), Type.Literal('post')]);
const Scene = Type.Union([
  Type.Literal('outpatient'),
  Type.Literal('inpatient'),
  Type.Literal('pharmacy'),
  Type.Literal('internet'),
  Type.Literal('remote'),
]);
const LifecycleState = Type.Union([Type.Literal('draft'), Type.Literal('shadow'), Type.Literal('active'), Type.Literal('retired')]);
export type IrGrade = Static<typeof Grade>;
export type IrStage = Static<typeof Stage>;
export type IrScene = Static<typeof Scene>;
export type IrLifecycleState = Static<typeof LifecycleState>;

const BinOp = Type.Union(
  ['==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/'].map((op) => Type.Literal(op)),
);
const AggFn = Type.Union(['sum', 'count', 'min', 'max', 'any', 'all', 'distinct', 'list', 'first'].map((f) => Type.Literal(f)));
const RootName = Type.Union(['patient', 'encounter', 'history', 'request'].map((r) => Type.Literal(r)));

const node = <T extends Record<string, TSchema>>(k: string, props: T) =>
  Type.Object({ k: Type.Literal(k), ...props }, { additionalProperties: false });

/**
 * Expressions. `d` on a node is the domain of its result (for `bin`: of its operands), so the
 * code generator never has to infer anything. Variables are numbered per rule (`v` = index into
 * the rule's `vars` table), so no identifier from the artifact ever reaches generated code.
 */
export const IrExpr = Type.Recursive(
  (Self) =>
    Type.Union([
      /** Literal. dec: exact decimal text; date: YYYY-MM-DD; datetime: YYYY-MM-DD HH:mm:ss; none: null. */
      node('lit', { d: IrDomain, v: Type.Union([Type.String({ maxLength: 4096 }), Type.Number(), Type.Boolean(), Type.Null()]) }),
      node('set', { d: IrDomain, items: Type.Array(Self) }),
      node('list', { items: Type.Array(Self) }),
      node('var', { v: Type.Integer({ minimum: 0 }) }),
      node('root', { name: RootName }),
      /** Read a raw request field, converting to domain `d` (lenient: numbers sent as strings, null → none, "" list → []). */
      node('get', { of: Self, field: Ident, d: IrDomain }),
      /** Read a field of a value the runtime built (knowledge row, group record `key`/`items`, indicator group). */
      node('field', { of: Self, field: Ident }),
      node('param', { name: Ident }),
      node('indicator', { name: Ident }),
      /** Knowledge lookup by key columns, in force at the evaluation date; none when absent. */
      node('lookup', { table: Ident, keys: Type.Array(Self, { minItems: 1 }) }),
      node('call', { fn: Ident, args: Type.Array(Self), d: IrDomain }),
      node('not', { e: Self }),
      node('neg', { e: Self, d: IrDomain }),
      node('bin', { op: BinOp, l: Self, r: Self, d: IrDomain }),
      node('and', { l: Self, r: Self }),
      node('or', { l: Self, r: Self }),
      node('coalesce', { l: Self, r: Self }),
      node('isnone', { e: Self, neg: Type.Boolean() }),
      node('in', { e: Self, coll: Self, neg: Type.Boolean() }),
      node('range', { e: Self, lo: Self, hi: Self, neg: Type.Boolean(), d: IrDomain }),
      node('if', { c: Self, a: Self, b: Self }),
      node('agg', { fn: AggFn, v: Type.Integer({ minimum: 0 }), src: Self, where: Type.Union([Self, Type.Null()]), el: Self, d: IrDomain }),
      node('group', { v: Type.Integer({ minimum: 0 }), src: Self, by: Self, where: Type.Union([Self, Type.Null()]), el: Self }),
      /** Message template; `ds[i]` is the domain of part i (null for text), so values print as money/dates. */
      node('tmpl', { parts: Type.Array(Type.Union([Type.String({ maxLength: 4096 }), Self])), ds: Type.Optional(Type.Array(Type.Union([IrDomain, Type.Null()]))) }),
      /** Batch (事后): the groups of a per-group indicator, each a record {<key names>…, value, items}. */
      node('groups', { name: Ident }),
      /** Batch: the group of a per-group indicator with these key values, or none. */
      node('group_lookup', { name: Ident, keys: Type.Array(Self, { minItems: 1 }) }),
    ]),
  { $id: 'IrExpr' },
);
export type IrExpr = Static<typeof IrExpr>;

export const IrStep = Type.Union([
  Type.Object({ k: Type.Literal('for'), v: Type.Integer({ minimum: 0 }), src: IrExpr, span: IrSpan }, { additionalProperties: false }),
  /** `d`: the bound value's domain, so explanations print money, dates and counts as such. */
  Type.Object({ k: Type.Literal('let'), v: Type.Integer({ minimum: 0 }), e: IrExpr, span: IrSpan, d: Type.Optional(IrDomain) }, { additionalProperties: false }),
  Type.Object({ k: Type.Literal('when'), e: IrExpr, span: IrSpan }, { additionalProperties: false }),
]);
export type IrStep = Static<typeof IrStep>;

export const IrPeriod = Type.Object({ from: DateText, to: Type.Union([DateText, Type.Null()]) }, { additionalProperties: false });
export type IrPeriod = Static<typeof IrPeriod>;

/** Where an effective item came from: which layer set it, in which file and span, and why. */
export const IrProvenance = Type.Object(
  {
    layer: Type.String({ maxLength: 200 }), // "jinan.audit@2024.5.0"
    file: Type.String({ maxLength: 500 }),
    span: Type.Union([Type.Object({ start: Type.Integer(), end: Type.Integer() }, { additionalProperties: false }), Type.Null()]),
    action: Type.String({ maxLength: 40 }), // declare | set | disable | regrade | restage | state | add | replace | lock
    reason: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type IrProvenance = Static<typeof IrProvenance>;

export const IrRule = Type.Object(
  {
    code: Code,
    name: Type.String({ maxLength: 500 }),
    class: Type.String({ maxLength: 200 }),
    result: Grade,
    /** Per-stage grade overrides from `regrade CODE to G in STAGE`. */
    stageResults: Type.Partial(Type.Record(Stage, Grade)),
    stages: Type.Array(Stage),
    scenes: Type.Array(Scene),
    window: Type.String({ maxLength: 40 }),
    basis: Type.String({ maxLength: 2000 }),
    state: LifecycleState,
    stateReason: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]),
    needs: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]),
    effective: Type.Union([IrPeriod, Type.Null()]),
    /** Rule-level exclusions (e.g. 性别不清、两性畸形…): when any holds for the request, the rule does not run. */
    excludes: Type.Array(Type.Object({ when: IrExpr, reason: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false })),
    /** Variable names by index, for explanations. */
    vars: Type.Array(Type.String({ maxLength: 128 })),
    steps: Type.Array(IrStep),
    flag: Type.Array(IrExpr),
    involve: Type.Array(IrExpr),
    amount: Type.Union([IrExpr, Type.Null()]),
    message: Type.Union([IrExpr, Type.Null()]), // a `tmpl` node
    /** Static cost estimate: nested iteration bound in units of "lines per request" (1 = one pass). */
    cost: Type.Number(),
    /** Batch (事后) rule: iterates indicator groups across many requests; runs once per batch, never per request. */
    batch: Type.Optional(Type.Boolean()),
    span: IrSpan,
    provenance: Type.Array(IrProvenance), // first = declaring layer; later entries = overlays that changed it
  },
  { additionalProperties: false },
);
export type IrRule = Static<typeof IrRule>;

export const IrType = Type.String({ maxLength: 80 }); // type text as declared, e.g. "money", "int?", "set<code>"

export const IrParam = Type.Object(
  {
    name: Ident,
    title: Type.String({ maxLength: 500 }),
    type: IrType,
    d: IrDomain,
    value: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null(), Type.Array(Type.String())]), // dec as exact text
    range: Type.Union([Type.Object({ lo: Type.Union([Type.String(), Type.Number()]), hi: Type.Union([Type.String(), Type.Number()]) }, { additionalProperties: false }), Type.Null()]),
    unit: Type.Union([Type.String(), Type.Null()]),
    illustrative: Type.Boolean(),
    locked: Type.Boolean(),
    provenance: Type.Array(IrProvenance),
  },
  { additionalProperties: false },
);
export type IrParam = Static<typeof IrParam>;

export const IrColumn = Type.Object(
  { name: Ident, type: IrType, d: IrDomain, title: Type.String({ maxLength: 500 }), key: Type.Boolean(), optional: Type.Boolean(), locked: Type.Boolean() },
  { additionalProperties: false },
);
export type IrColumn = Static<typeof IrColumn>;

/**
 * A knowledge table. Rows are arrays in column order (compact; 50,000 rows stay small). Cell values
 * are JSON: dec as exact text, int as number, date as YYYY-MM-DD, sets as arrays, missing as null.
 * `validity[i]` = [valid_from, valid_to, supersedes-key] for row i (nulls when undated).
 * `rowProvenance[i]` indexes `provenance` (which layer/file/line added or replaced the row).
 */
export const IrTable = Type.Object(
  {
    name: Ident,
    title: Type.String({ maxLength: 500 }),
    columns: Type.Array(IrColumn),
    key: Type.Array(Ident, { minItems: 1 }),
    rows: Type.Array(Type.Array(Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null(), Type.Array(Type.String())]))),
    validity: Type.Array(Type.Tuple([Type.Union([DateText, Type.Null()]), Type.Union([DateText, Type.Null()]), Type.Union([Type.String(), Type.Null()])])),
    rowProvenance: Type.Array(Type.Integer({ minimum: 0 })),
    rowSource: Type.Array(Type.Integer({ minimum: 0 })), // source line (1-based) in the provenance file
    provenance: Type.Array(IrProvenance),
  },
  { additionalProperties: false },
);
export type IrTable = Static<typeof IrTable>;

export const IrCompute = Type.Object(
  {
    name: Ident,
    title: Type.String({ maxLength: 500 }),
    type: IrType,
    effective: Type.Union([IrPeriod, Type.Null()]),
    vars: Type.Array(Type.String({ maxLength: 128 })),
    steps: Type.Array(IrStep), // let / when only
    value: IrExpr,
    span: IrSpan,
    provenance: Type.Array(IrProvenance),
  },
  { additionalProperties: false },
);
export type IrCompute = Static<typeof IrCompute>;

export const IrIndicator = Type.Object(
  {
    name: Ident,
    title: Type.String({ maxLength: 500 }),
    type: IrType,
    d: IrDomain,
    vars: Type.Array(Type.String({ maxLength: 128 })),
    /** Batch grouping keys; empty for a per-request indicator. */
    per: Type.Array(Type.Object({ name: Ident, e: IrExpr }, { additionalProperties: false })),
    /** Batch unit: group the elements of `src` (bound to var `v`) instead of whole requests. */
    unit: Type.Optional(Type.Union([Type.Object({ v: Type.Integer({ minimum: 0 }), src: IrExpr }, { additionalProperties: false }), Type.Null()])),
    /** Batch: the var bound to the group's elements (`items`) while `value` is computed. */
    itemsVar: Type.Optional(Type.Integer({ minimum: 0 })),
    where: Type.Union([IrExpr, Type.Null()]),
    value: IrExpr,
    span: IrSpan,
    provenance: Type.Array(IrProvenance),
  },
  { additionalProperties: false },
);
export type IrIndicator = Static<typeof IrIndicator>;

export const IrScenario = Type.Object(
  {
    name: Ident,
    title: Type.String({ maxLength: 500 }),
    stage: Type.Union([Stage, Type.Null()]),
    scenes: Type.Union([Type.Array(Scene), Type.Null()]),
    include: Type.Union([Type.Literal('all'), Type.Array(Code)]),
    exclude: Type.Array(Code),
    regrade: Type.Array(Type.Object({ target: Type.String({ maxLength: 64 }), to: Grade }, { additionalProperties: false })),
    set: Type.Array(Type.Object({ param: Ident, value: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null(), Type.Array(Type.String())]) }, { additionalProperties: false })),
    provenance: Type.Array(IrProvenance),
  },
  { additionalProperties: false },
);
export type IrScenario = Static<typeof IrScenario>;

/** A declared input field (pack-specific extension of the claim schema). */
export const IrInput = Type.Object(
  {
    path: Type.Array(Ident, { minItems: 2 }),
    type: IrType,
    d: IrDomain,
    title: Type.String({ maxLength: 500 }),
    values: Type.Array(Type.Object({ value: Type.String(), label: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false })),
    provenance: Type.Array(IrProvenance),
  },
  { additionalProperties: false },
);
export type IrInput = Static<typeof IrInput>;

export const IrLayer = Type.Object(
  { id: Type.String({ maxLength: 100 }), version: Type.String({ maxLength: 60 }), hash: Type.String({ pattern: '^[0-9a-f]{64}$' }), region: Type.String({ maxLength: 12 }) },
  { additionalProperties: false },
);

export const Manifest = Type.Object(
  {
    format: Type.Literal('liangku-artifact/1'),
    id: Type.String({ pattern: '^[a-z0-9_]+(\\.[a-z0-9_]+)*$', maxLength: 100 }),
    version: Type.String({ maxLength: 60 }),
    title: Type.String({ maxLength: 500 }),
    region: Type.String({ pattern: '^\\d{6}$' }),
    effective: Type.Union([IrPeriod, Type.Null()]),
    /** 医保年度 start as MM-DD; "01-01" = calendar year. */
    yearStart: Type.String({ pattern: '^\\d{2}-\\d{2}$' }),
    extends: Type.Union([Type.Object({ id: Type.String(), range: Type.String() }, { additionalProperties: false }), Type.Null()]),
    layers: Type.Array(IrLayer),
    compiler: Type.Object({ name: Type.Literal('liangku'), version: Type.String() }, { additionalProperties: false }),
    files: Type.Array(Type.String({ maxLength: 500 })), // IrSpan.file indexes this list
  },
  { additionalProperties: false },
);
export type Manifest = Static<typeof Manifest>;

export const Artifact = Type.Object(
  {
    manifest: Manifest,
    inputs: Type.Array(IrInput),
    /** The JSON Schema for requests in force for this pack (base claim schema + declared inputs). */
    claimSchema: Type.Unknown(),
    params: Type.Array(IrParam),
    tables: Type.Array(IrTable),
    indicators: Type.Array(IrIndicator),
    rules: Type.Array(IrRule),
    computes: Type.Array(IrCompute),
    scenarios: Type.Array(IrScenario),
    /** sha256 (hex) of the canonical serialization of every field above. */
    hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    /** Optional ed25519 signature over the UTF-8 bytes of `hash`, base64. */
    signature: Type.Optional(Type.Object({ alg: Type.Literal('ed25519'), keyId: Type.String({ maxLength: 100 }), value: Type.String({ maxLength: 200 }) }, { additionalProperties: false })),
  },
  { additionalProperties: false, $id: 'LiangkuArtifact' },
);
export type Artifact = Static<typeof Artifact>;
