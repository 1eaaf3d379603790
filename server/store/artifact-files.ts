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

// The bytes of recently served artifacts. A file's name is its content hash and it is never
// rewritten, so a cached copy can never be stale; serving a Buffer also skips decoding ~10 MB of
// UTF-8 to a string and encoding it back on every fetch.
const BYTES_KEPT = 4;
const bytesCache = new Map<string, Buffer>();

/** The file's bytes (cached per path, last BYTES_KEPT used), or undefined when there is no such file. */
export function readArtifactBytes(artifactsDir: string, hash: string): Buffer | undefined {
  const path = artifactPath(artifactsDir, hash);
  const hit = bytesCache.get(path);
  if (hit) {
    bytesCache.delete(path);
    bytesCache.set(path, hit); // most recently used last
    return hit;
  }
  if (!existsSync(path)) return undefined;
  const bytes = readFileSync(path);
  bytesCache.set(path, bytes);
  if (bytesCache.size > BYTES_KEPT) bytesCache.delete(bytesCache.keys().next().value!);
  return bytes;
}

export function readArtifactFile(artifactsDir: string, hash: string): string | undefined {
  const path = artifactPath(artifactsDir, hash);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
