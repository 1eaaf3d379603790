// The effective pack → the versioned artifact JSON, validated against the runtime's own schema
// (ajv) before it leaves the compiler, hashed canonically and optionally signed (ed25519).
import type { Diagnostic } from '../../dsl/diagnostics/diagnostic.js';
import type { Artifact, Manifest } from '../../runtime/artifact/ir.js';
import { canonicalJson, canonicalOrder, signHash } from '../../runtime/artifact/canonical.js';
import { artifactValidator } from '../../runtime/artifact/validate-artifact.js';
import type { EffectivePack } from '../layer/effective-pack.js';
import { claimSchemaFor } from './claim-schema.js';
import { createHash } from 'node:crypto';

export const COMPILER_VERSION = '0.1.0';

export interface EmitOptions {
  readonly sign?: { readonly keyId: string; readonly privateKeyPem: string };
}

export function emitArtifact(eff: EffectivePack, layerTexts: readonly string[][], opts: EmitOptions, out: Diagnostic[]): Artifact | undefined {
  const top = eff.layers[eff.layers.length - 1]!.pack;
  const manifest: Manifest = {
    format: 'liangku-artifact/1',
    id: top.id,
    version: top.version,
    title: top.title,
    region: top.region,
    effective: top.effective,
    yearStart: top.yearStart,
    extends: top.extends,
    layers: eff.layers.map((l, i) => ({
      id: l.pack.id,
      version: l.pack.version,
      region: l.pack.region,
      hash: createHash('sha256').update(canonicalJson(layerTexts[i] ?? [])).digest('hex'),
    })),
    compiler: { name: 'liangku', version: COMPILER_VERSION },
    files: eff.files,
  };
  // Keys in canonical order, so the runtime hashes the artifact with one native JSON.stringify
  // instead of the recursive canonical writer (the bulk of load time for a large pack).
  const body = canonicalOrder({
    manifest,
    inputs: eff.inputs,
    claimSchema: claimSchemaFor(eff.inputs),
    params: [...eff.params.values()],
    tables: [...eff.tables.values()].map(({ lockedAll: _l, ...t }) => t),
    indicators: eff.indicators,
    rules: [...eff.rules.values()],
    computes: eff.computes,
    scenarios: eff.scenarios,
  });
  // The same sha256 as contentHash(body), computed through canonicalJson: the compiler's values
  // (strings sliced out of CSV text, built by concatenation) would otherwise train the loader's
  // byte encoder on string shapes an artifact parsed from JSON never has, and a load in the same
  // process (the benchmark, the studio's server) ran it twice as slowly.
  const artifact = { ...body, hash: createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex') } as Artifact;
  if (opts.sign) (artifact as { signature?: Artifact['signature'] }).signature = { alg: 'ed25519', keyId: opts.sign.keyId, value: signHash(artifact.hash, opts.sign.privateKeyPem) };
  const validate = artifactValidator();
  if (!validate(artifact)) {
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    out.push({
      code: 'artifact/invalid',
      severity: 'error',
      file: top.file,
      span: { start: 0, end: 0 },
      message: { zh: `生成的制品未通过模式校验（编译器缺陷，请报告）：${errors.slice(0, 3).join('; ')}`, en: `the emitted artifact fails its schema (a compiler bug, please report): ${errors.slice(0, 3).join('; ')}` },
    });
    return undefined;
  }
  return artifact;
}
