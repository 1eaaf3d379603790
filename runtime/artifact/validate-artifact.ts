// One ajv validator for the Artifact schema, compiled once per process. TypeBox inlines the
// recursive IrExpr schema (with its $id) at every use, which ajv rejects as an ambiguous id, so the
// copies are replaced by $ref and the schema is registered once.
//
// The schema is then rewritten into an equivalent one that ajv checks much faster (a national
// artifact has ~30,000 knowledge rows and thousands of expression nodes). TypeBox writes every union
// as `anyOf`, and ajv's anyOf records an error object for each branch that fails before one passes:
//  - a union of constants (IrDomain, Grade, BinOp, …) becomes one `enum`;
//  - a union of objects told apart by a constant `k` (IrExpr, IrStep) becomes `oneOf` with a
//    `discriminator`, so ajv reads `k` and checks the one branch it names (an unknown kind is still
//    rejected: "value of tag k must be in oneOf");
//  - a union of plain types (a knowledge cell: string | number | boolean | null | string[]) becomes
//    one `type` list; their other keywords apply to one JSON type each, so they keep their meaning.
// The accepted set of documents is exactly the same; only the order of work and the error text differ.
import { Ajv, type ValidateFunction } from 'ajv';
import { Artifact } from './ir.js';

type Schema = Record<string, unknown>;

function dedupe(schema: unknown, found: { expr?: unknown }): unknown {
  if (Array.isArray(schema)) return schema.map((s) => dedupe(s, found));
  if (!schema || typeof schema !== 'object') return schema;
  const o = schema as Schema;
  if (o['$id'] === 'IrExpr') {
    found.expr ??= o;
    return { $ref: 'IrExpr' };
  }
  const out: Schema = {};
  for (const [k, v] of Object.entries(o)) out[k] = dedupe(v, found);
  return out;
}

// Keywords that apply to one JSON type only (ajv skips them for data of any other type).
const TYPE_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  string: ['pattern', 'maxLength', 'minLength', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  array: ['items', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems'],
  object: ['properties', 'required', 'additionalProperties', 'minProperties', 'maxProperties'],
  boolean: [],
  null: [],
};

const isObj = (x: unknown): x is Schema => !!x && typeof x === 'object' && !Array.isArray(x);

/** A union of constants (of one JSON type) → enum. */
function asEnum(branches: Schema[]): Schema | undefined {
  if (!branches.every((b) => 'const' in b && Object.keys(b).every((k) => k === 'const' || k === 'type'))) return undefined;
  const types = new Set(branches.map((b) => b['type']));
  const out: Schema = { enum: branches.map((b) => b['const']) };
  if (types.size === 1 && typeof branches[0]!['type'] === 'string') out['type'] = branches[0]!['type'];
  return out;
}

/** A union of objects with distinct constant `k` → oneOf + discriminator. */
function asTagged(branches: Schema[]): Schema | undefined {
  const tags = new Set<unknown>();
  for (const b of branches) {
    const k = isObj(b['properties']) ? (b['properties'] as Schema)['k'] : undefined;
    if (b['type'] !== 'object' || !isObj(k) || !('const' in k) || !Array.isArray(b['required']) || !b['required'].includes('k')) return undefined;
    if (tags.has(k['const'])) return undefined;
    tags.add(k['const']);
  }
  return { type: 'object', required: ['k'], discriminator: { propertyName: 'k' }, oneOf: branches };
}

/** A union of distinct plain types whose other keywords each belong to that branch's type → one type list. */
function asTypeList(branches: Schema[]): Schema | undefined {
  const out: Schema = {};
  const types: string[] = [];
  for (const b of branches) {
    const t = b['type'];
    if (typeof t !== 'string' || !(t in TYPE_KEYWORDS) || types.includes(t)) return undefined;
    for (const [k, v] of Object.entries(b)) {
      if (k === 'type') continue;
      if (!TYPE_KEYWORDS[t]!.includes(k) || k in out) return undefined;
      out[k] = v;
    }
    types.push(t);
  }
  // integer ⊂ number: their keywords would apply to both; leave such unions alone.
  if (types.includes('integer') && types.includes('number')) return undefined;
  return { type: types, ...out };
}

/** The equivalent, faster schema (see the header). */
export function fasterSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(fasterSchema);
  if (!isObj(schema)) return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'const' || k === 'enum' ? v : fasterSchema(v);
  const any = out['anyOf'];
  if (Array.isArray(any) && any.every(isObj)) {
    const replaced = asEnum(any) ?? asTagged(any) ?? asTypeList(any);
    if (replaced) {
      delete out['anyOf'];
      Object.assign(out, replaced);
    }
  }
  return out;
}

// The sections compiled as functions of their own (see artifactValidator).
const SECTIONS = ['tables', 'rules', 'params', 'indicators', 'computes', 'scenarios', 'inputs'] as const;

let compiled: ValidateFunction | undefined;

/** The artifact validator (ajv 8 over the TypeBox `Artifact` schema), compiled once per process. */
export function artifactValidator(): ValidateFunction {
  return (compiled ??= compileArtifactValidator());
}

/**
 * Compile a fresh validator. `faster: false` skips the rewrites and the split into functions: the
 * schema exactly as TypeBox writes it, which tests use as the reference the fast one must agree with.
 */
export function compileArtifactValidator(opts: { faster?: boolean } = {}): ValidateFunction {
  const faster = opts.faster ?? true;
  const found: { expr?: unknown } = {};
  const plain = JSON.parse(JSON.stringify(Artifact)) as unknown;
  const rewrite = (x: unknown) => (faster ? fasterSchema(x) : x);
  const main = rewrite(dedupe(plain, found)) as Schema;
  // strictNumbers: NaN and Infinity (JSON.parse reads 1e400 as Infinity) are not numbers here.
  // inlineRefs false: each section's item schema (below) stays a function of its own. Inlined into
  // one function for the whole artifact, the code is too large for V8 to optimize, and the loop over
  // 30,000 knowledge rows ran ~10x slower than the same loop in a small function.
  const ajv = new Ajv({ strict: false, allErrors: false, discriminator: faster, strictNumbers: true, inlineRefs: !faster });
  if (found.expr) ajv.addSchema(rewrite(JSON.parse(JSON.stringify(found.expr))) as object);
  if (faster) {
    const own = (parent: Schema, key: string, id: string) => {
      const s = parent[key];
      if (!isObj(s)) return;
      ajv.addSchema({ ...s, $id: id });
      parent[key] = { $ref: id };
    };
    const props = main['properties'] as Record<string, Schema>;
    const table = props['tables']?.['items'];
    if (isObj(table) && isObj(table['properties'])) for (const f of ['rows', 'validity']) own(table['properties'] as Schema, f, `LiangkuArtifact.tables.${f}`);
    for (const name of SECTIONS) if (props[name]) own(props[name]!, 'items', `LiangkuArtifact.${name}`);
  }
  return ajv.compile(main as object);
}
