// Shared by the governance tests: temp data dirs, compiled demo packs, CLI runs with captured output.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { compilePackDir } from '../../compiler/index.js';
import type { Artifact } from '../../runtime/artifact/ir.js';
import { loadPack, type LoadedPack } from '../../runtime/index.js';

export function tempDir(prefix = 'liangku-gov-'): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function demoPack(dir: 'governance/demo' | 'governance/demo-shadow'): Promise<{ artifact: Artifact; pack: LoadedPack }> {
  const r = await compilePackDir(dir);
  const artifact = r.value.artifact;
  if (!artifact) throw new Error(`${dir} does not compile: ${JSON.stringify(r.diagnostics.slice(0, 3))}`);
  const loaded = loadPack(artifact);
  if (!loaded.value) throw new Error(`${dir} does not load`);
  return { artifact, pack: loaded.value };
}

/** Run a CLI command module, capturing stdout and stderr. */
export async function runCli(mod: { run: (a: string[]) => Promise<number> }, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await mod.run(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
