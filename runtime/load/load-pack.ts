// Load an artifact: validate its shape (ajv over the TypeBox schema), recompute and compare its
// content hash, verify its signature when a key is given (no loose mode), bind newer knowledge,
// index tables, convert parameter values, and generate rule code. Never throws on user error.
import type { Artifact, IrDomain } from '../artifact/ir.js';
import { artifactValidator } from '../artifact/validate-artifact.js';
import { contentHash, verifyHashSignature } from '../artifact/canonical.js';
import type { LoadOptions } from '../api.js';
import type { LoadedPack, LoadedTable } from './loaded-pack.js';
import { bindArtifactRows, bindSnapshotRows, type Diag } from './bind-knowledge.js';
import { toDomain } from '../values/convert.js';
import { annotateTemplates, varInfos, type DomainEnv } from '../eval/static-domain.js';
import type { Expr, Step } from '../artifact/ir-node.js';
import { compileRules } from '../codegen/generate.js';
import { checkRefs } from './check-refs.js';
import { annotatePromotions } from '../eval/promote.js';

export interface LoadResult {
  readonly value: LoadedPack | null;
  readonly diagnostics: Diag[];
}

/** A parameter's (or scenario setting's) JSON value as a runtime value of its domain. */
export function paramValue(raw: unknown, d: IrDomain): unknown {
  if (d === 'set') return Array.isArray(raw) ? new Set(raw) : undefined;
  return toDomain(raw, d);
}

function computeDomain(type: string | undefined): IrDomain | undefined {
  if (type === undefined) return undefined;
  return /^(int|days)\b/.test(type) ? 'int' : 'dec';
}

export function loadPack(artifact: unknown, options: LoadOptions = {}): LoadResult {
  try {
    return loadChecked(artifact, options);
  } catch (e) {
    // Only pathological input gets here (e.g. expressions nested deep enough to exhaust the stack).
    const why = e instanceof Error ? e.message : 'unknown error';
    return { value: null, diagnostics: [{ code: 'artifact-unusable', message: `the artifact cannot be loaded (${why}); recompile it / 制品无法加载，请重新编译` }] };
  }
}

function loadChecked(artifact: unknown, options: LoadOptions): LoadResult {
  const diagnostics: Diag[] = [];
  const check = artifactValidator();
  let valid: boolean;
  try {
    valid = check(artifact) as boolean;
  } catch {
    valid = false; // e.g. nesting deep enough to exhaust the stack: not an artifact we will run
  }
  if (!valid) {
    const e = check.errors?.[0];
    diagnostics.push({ code: 'artifact-invalid', message: `not a liangku artifact: ${e?.instancePath || '/'} ${e?.message ?? ''} / 不是有效的两库制品，请重新编译` });
    return { value: null, diagnostics };
  }
  const a = artifact as Artifact;
  if (contentHash(a as unknown as Record<string, unknown>) !== a.hash) {
    diagnostics.push({ code: 'artifact-hash', message: 'the artifact content does not match its hash (changed after compiling); recompile it / 制品内容与哈希不符，请重新编译' });
    return { value: null, diagnostics };
  }
  if (options.publicKey !== undefined) {
    if (!a.signature) {
      diagnostics.push({ code: 'artifact-unsigned', message: 'a public key was given but the artifact is not signed; sign it with `liangku sign` / 制品未签名' });
      return { value: null, diagnostics };
    }
    if (!verifyHashSignature(a.hash, a.signature.value, options.publicKey)) {
      diagnostics.push({ code: 'artifact-signature', message: `the signature (key ${a.signature.keyId}) does not verify with the given public key / 签名校验失败` });
      return { value: null, diagnostics };
    }
  }
  diagnostics.push(...checkRefs(a));
  if (diagnostics.length) return { value: null, diagnostics };
  const tables = new Map<string, LoadedTable>();
  // Interpreter mode is for hosts that forbid generated code: records are then built without it.
  const generate = (options.mode ?? 'compiled') === 'compiled';
  for (const t of a.tables) tables.set(t.name, bindArtifactRows(t, { generate }));
  for (const [name, rows] of Object.entries(options.knowledge ?? {})) {
    const t = a.tables.find((x) => x.name === name);
    if (!t) {
      diagnostics.push({ code: 'knowledge-unknown-table', message: `knowledge for table ${name}, which the pack does not declare (it has ${a.tables.map((x) => x.name).join(', ') || 'none'}) / 规则包未声明知识表 ${name}` });
      continue;
    }
    const bound = bindSnapshotRows(t, rows, diagnostics, { generate });
    if (bound) tables.set(name, bound);
  }
  if (diagnostics.length) return { value: null, diagnostics };

  const params = new Map(a.params.map((p) => [p.name, paramValue(p.value, p.d)] as const));
  const domains: DomainEnv = {
    param: (n) => a.params.find((p) => p.name === n)?.d,
    indicator: (n) => a.indicators.find((i) => i.name === n)?.d ?? computeDomain(a.computes.find((c) => c.name === n)?.type),
    column: (t, c) => a.tables.find((x) => x.name === t)?.columns.find((col) => col.name === c)?.d,
  };
  for (const r of a.rules) {
    const vars = varInfos(r.steps as Step[], r.vars.length, domains);
    annotateTemplates(r.message as Expr | null, domains, vars);
    const after = [...r.flag, ...r.involve, r.amount, r.message, ...r.excludes.map((x) => x.when)] as (Expr | null)[];
    annotatePromotions(r.steps as Step[], r.vars.length, after, domains);
  }
  for (const c of a.computes) annotatePromotions(c.steps as Step[], c.vars.length, [c.value as Expr], domains);
  for (const i of a.indicators)
    annotatePromotions([], i.vars.length, [i.where as Expr | null, i.value as Expr, (i.unit?.src ?? null) as Expr | null, ...i.per.map((p) => p.e as Expr)], domains);
  const pack: LoadedPack = {
    artifact: a,
    mode: options.mode ?? 'compiled',
    params,
    paramIr: new Map(a.params.map((p) => [p.name, p])),
    tables,
    indicators: new Map(a.indicators.map((i) => [i.name, i])),
    computes: new Map(a.computes.map((c) => [c.name, c])),
    scenarios: new Map(a.scenarios.map((s) => [s.name, s])),
    rules: a.rules,
    domains,
  };
  if (pack.mode === 'compiled') pack.compiled = compileRules(a.rules);
  return { value: pack, diagnostics };
}
