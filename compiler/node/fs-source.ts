// File-system edge of the compiler (node only): a pack directory as a PackSource, and the default
// base resolver — sibling directories of the pack and the bundled `rulepacks/`, matched by the
// `pack` declaration's id and the highest version satisfying the range.
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { packageRoot } from './package-root.js';
import type { PackSource, ResolveBase } from '../source/pack-source.js';
import { compilePack, type CompileOptions } from '../compile-pack.js';

const SKIP = new Set(['node_modules', '.git', 'dist']);

export function dirSource(dir: string, label = relative(process.cwd(), dir) || '.'): PackSource {
  const root = resolve(dir);
  return {
    label: label.split(sep).join('/'),
    list: async () => (await walk(root)).map((f) => relative(root, f).split(sep).join('/')).sort(),
    readText: async (p) => readFile(join(root, p), 'utf8').catch(() => null),
    readBytes: async (p) => readFile(join(root, p)).then((b) => new Uint8Array(b)).catch(() => null),
  };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (SKIP.has(e.name) || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

/** The bundled packs that ship with liangku (`rulepacks/` at the package root). */
export const bundledPacksDir = join(packageRoot(), 'rulepacks');

/** Read the `pack ID VERSION` line of a pack directory without a full parse. */
export async function packIdentity(dir: string): Promise<{ id: string; version: string } | null> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const f of entries.filter((e) => e.endsWith('.lk')).sort()) {
    const text = await readFile(join(dir, f), 'utf8').catch(() => '');
    const m = /^\s*pack\s+([a-z0-9_.]+)\s+(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/m.exec(text);
    if (m) return { id: m[1]!, version: m[2]! };
  }
  return null;
}

export function dirResolver(searchRoots: readonly string[]): ResolveBase {
  return async (id, range) => {
    let best: { dir: string; version: string } | null = null;
    for (const root of searchRoots) {
      const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        if (!e.isDirectory() || SKIP.has(e.name)) continue;
        const dir = join(root, e.name);
        const ident = await packIdentity(dir);
        if (!ident || ident.id !== id || !semver.valid(ident.version)) continue;
        if (!semver.satisfies(ident.version, range, { includePrerelease: false })) continue;
        if (!best || semver.gt(ident.version, best.version)) best = { dir, version: ident.version };
      }
    }
    return best ? dirSource(best.dir) : null;
  };
}

export async function isDirectory(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory()).catch(() => false);
}

/** Compile a pack directory with the default resolver (siblings, then the bundled packs). */
export async function compilePackDir(dir: string, opts: CompileOptions = {}) {
  const abs = resolve(dir);
  const roots = [dirname(abs), resolve(process.cwd(), 'rulepacks'), bundledPacksDir];
  return compilePack(dirSource(abs), { resolveBase: dirResolver([...new Set(roots)]), ...opts });
}
