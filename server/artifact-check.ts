// What the registry checks before accepting an artifact: its shape (ajv over the TypeBox Artifact
// schema, the same one the runtime loads with), that `hash` is the content hash of what was sent,
// that its version is semver, and — when it is signed — that a key the registry trusts signed it.
import type { ErrorObject } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { contentHash, verifyHashSignature } from '../runtime/artifact/canonical.js';
import type { Artifact } from '../runtime/artifact/ir.js';
import { artifactValidator } from '../runtime/artifact/validate-artifact.js';
import { fail } from './errors.js';

/** Up to five ajv errors in plain words: where, and what is wrong there. */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined): string {
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    const where = e.instancePath === '' ? 'the artifact' : e.instancePath;
    let what = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') what = `has an unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    if (e.keyword === 'required') what = `is missing "${(e.params as { missingProperty: string }).missingProperty}"`;
    seen.add(`${where} ${what}`);
    if (seen.size >= 5) break;
  }
  return [...seen].join('; ');
}

/** Where to find a signer's public key: `<data>/keys/<keyId>.pem`. */
export function signingKeyPath(keysDir: string, keyId: string): string | undefined {
  if (!/^[A-Za-z0-9_.\-]{1,100}$/.test(keyId) || keyId.startsWith('.')) return undefined;
  return join(keysDir, `${keyId}.pem`);
}

/** Throws an HttpError (400) naming the first problem; returns the typed artifact otherwise. */
export function checkArtifact(body: unknown, keysDir: string): Artifact {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    fail(400, 'invalid_body', 'The request body must be an artifact JSON object (the output of `liangku build`).');
  }
  const v = artifactValidator(); // the runtime's own, so the registry accepts exactly what loads
  if (!v(body)) {
    fail(400, 'invalid_artifact', `This is not a valid liangku artifact: ${describeAjvErrors(v.errors)}. Rebuild it with \`liangku build\`.`);
  }
  const artifact = body as Artifact;
  const { id, version } = artifact.manifest;
  if (semver.valid(version) === null || semver.clean(version) !== version) {
    fail(400, 'invalid_version', `Version "${version}" of ${id} is not a semantic version (like 2024.5.0); set it in the pack declaration.`);
  }
  const actual = contentHash(artifact as unknown as Record<string, unknown>);
  if (actual !== artifact.hash) {
    fail(400, 'hash_mismatch', `The artifact's hash field (${artifact.hash.slice(0, 12)}…) does not match its content (${actual.slice(0, 12)}…); it was edited after it was built. Rebuild it with \`liangku build\`.`);
  }
  if (artifact.signature) {
    const path = signingKeyPath(keysDir, artifact.signature.keyId);
    if (!path || !existsSync(path)) {
      fail(400, 'unknown_signing_key', `The artifact is signed with key "${artifact.signature.keyId}", which this registry does not know. An administrator must place its public key at keys/${artifact.signature.keyId}.pem in the registry data directory.`);
    }
    if (!verifyHashSignature(artifact.hash, artifact.signature.value, readFileSync(path!, 'utf8'))) {
      fail(400, 'bad_signature', `The signature by key "${artifact.signature.keyId}" does not verify against the artifact's hash; the artifact was altered or signed with another key.`);
    }
  }
  return artifact;
}
