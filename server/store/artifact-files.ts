// Content-addressed artifact files: `<data>/artifacts/<sha256>.json`. The name is the content hash,
// so a file is written once and never replaced; two versions with the same content share it.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const HASH = /^[0-9a-f]{64}$/;

export function artifactPath(artifactsDir: string, hash: string): string {
  if (!HASH.test(hash)) throw new Error(`not a content hash: ${hash}`);
  return join(artifactsDir, `${hash}.json`);
}

export function writeArtifactFile(artifactsDir: string, hash: string, json: string): void {
  const path = artifactPath(artifactsDir, hash);
  if (existsSync(path)) return;
  // Write then rename so a reader never sees half a file.
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, json, 'utf8');
  renameSync(tmp, path);
}

export function readArtifactFile(artifactsDir: string, hash: string): string | undefined {
  const path = artifactPath(artifactsDir, hash);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
