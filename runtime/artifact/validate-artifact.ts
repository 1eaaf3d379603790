// One ajv validator for the Artifact schema, compiled once per process. TypeBox inlines the
// recursive IrExpr schema (with its $id) at every use, which ajv rejects as an ambiguous id, so the
// copies are replaced by $ref and the schema is registered once.
import { Ajv, type ValidateFunction } from 'ajv';
import { Artifact } from './ir.js';

function dedupe(schema: unknown, found: { expr?: unknown }): unknown {
  if (Array.isArray(schema)) return schema.map((s) => dedupe(s, found));
  if (!schema || typeof schema !== 'object') return schema;
  const o = schema as Record<string, unknown>;
  if (o['$id'] === 'IrExpr') {
    found.expr ??= o;
    return { $ref: 'IrExpr' };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = dedupe(v, found);
  return out;
}

let compiled: ValidateFunction | undefined;

/** The artifact validator (ajv 8 over the TypeBox `Artifact` schema). */
export function artifactValidator(): ValidateFunction {
  if (compiled) return compiled;
  const found: { expr?: unknown } = {};
  const plain = JSON.parse(JSON.stringify(Artifact)) as unknown;
  const main = dedupe(plain, found);
  const ajv = new Ajv({ strict: false, allErrors: false });
  if (found.expr) ajv.addSchema(JSON.parse(JSON.stringify(found.expr)) as object);
  compiled = ajv.compile(main as object);
  return compiled;
}
