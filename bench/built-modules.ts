// The syntax benchmark measures what users run: the CLI runs the tsc-built dist/ when it is as new as
// the sources (bin/liangku.mjs), so the bench does the same; otherwise it falls back to the sources
// under tsx (which wraps every closure in `__name`, ~15% slower) and says so in the report.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export function distFresh(): boolean {
  const stamp = join(root, 'dist', '.build-stamp');
  if (!existsSync(stamp) || !existsSync(join(root, 'dist', 'dsl', 'parse', 'parse.js'))) return false;
  let newest = 0;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of ['dsl', 'compiler', 'runtime']) walk(join(root, d));
  return statSync(stamp).mtimeMs >= newest;
}

export interface SyntaxModules {
  readonly source: 'dist/ (tsc output, as the CLI runs it)' | 'sources via tsx (dist/ missing or older than the sources)';
  readonly parse: typeof import('../dsl/parse/parse.js').parse;
  readonly format: typeof import('../dsl/format/format.js').format;
  readonly compilePack: typeof import('../compiler/index.js').compilePack;
  readonly memorySource: typeof import('../compiler/index.js').memorySource;
}

type Source = SyntaxModules['source'];

/** Where modules come from this run: dist/ when fresh, else the sources (the URL of a source path, and its label). */
function origin(): { from: (p: string) => string; source: Source } {
  const built = distFresh();
  return {
    from: (p) => (built ? pathToFileURL(join(root, 'dist', p.replace(/\.ts$/, '.js'))).href : pathToFileURL(join(root, p)).href),
    source: built ? 'dist/ (tsc output, as the CLI runs it)' : 'sources via tsx (dist/ missing or older than the sources)',
  };
}

export async function syntaxModules(): Promise<SyntaxModules> {
  const { from, source } = origin();
  const [{ parse }, { format }, { compilePack, memorySource }] = await Promise.all([
    import(from('dsl/parse/parse.ts')) as Promise<typeof import('../dsl/parse/parse.js')>,
    import(from('dsl/format/format.ts')) as Promise<typeof import('../dsl/format/format.js')>,
    import(from('compiler/index.ts')) as Promise<typeof import('../compiler/index.js')>,
  ]);
  return { source, parse, format, compilePack, memorySource };
}

export interface RuntimeModules {
  readonly source: Source;
  readonly compilePack: typeof import('../compiler/index.js').compilePack;
  readonly memorySource: typeof import('../compiler/index.js').memorySource;
  readonly loadPack: typeof import('../runtime/index.js').loadPack;
  readonly evaluate: typeof import('../runtime/index.js').evaluate;
}

/** The compiler and runtime as an engine embedding liangku runs them: dist/ when it is fresh. */
export async function runtimeModules(): Promise<RuntimeModules> {
  const { from, source } = origin();
  const [{ compilePack, memorySource }, { loadPack, evaluate }] = await Promise.all([
    import(from('compiler/index.ts')) as Promise<typeof import('../compiler/index.js')>,
    import(from('runtime/index.ts')) as Promise<typeof import('../runtime/index.js')>,
  ]);
  return { source, compilePack, memorySource, loadPack, evaluate };
}
