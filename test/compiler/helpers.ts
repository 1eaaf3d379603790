// Shared helpers for compiler tests: compile an in-memory pack whose base (if any) lives under
// `base/` in the same file map and is found by the id its `pack` declaration gives.
import { compilePack, memorySource, type CompileOptions } from '../../compiler/index.js';
import type { Diagnostic } from '../../dsl/diagnostics/diagnostic.js';

/** Split `base/…` files off and return a resolver that serves them when the pack id matches. */
export function splitBase(files: Readonly<Record<string, string>>) {
  const top: Record<string, string> = {};
  const bases = new Map<string, Record<string, string>>(); // folder → files
  for (const [path, text] of Object.entries(files)) {
    const m = /^(base\d*)\/(.*)$/.exec(path);
    if (m) bases.set(m[1]!, { ...(bases.get(m[1]!) ?? {}), [m[2]!]: text });
    else top[path] = text;
  }
  const byId = new Map<string, { folder: string; files: Record<string, string> }>();
  for (const [folder, fs] of bases) {
    const id = /^\s*(?:\/\/[^\n]*\n\s*)*pack\s+([\w.]+)/m.exec(fs['pack.lk'] ?? '')?.[1];
    if (id) byId.set(id, { folder, files: fs });
  }
  const resolveBase = async (id: string) => {
    const b = byId.get(id);
    return b ? memorySource(b.folder, b.files) : null;
  };
  return { top, resolveBase };
}

export async function compileFiles(files: Readonly<Record<string, string>>, opts: CompileOptions = {}) {
  const { top, resolveBase } = splitBase(files);
  return compilePack(memorySource('ex', top), { resolveBase, ...opts });
}

export const codes = (ds: readonly Diagnostic[]) => ds.map((d) => d.code);
export const errors = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'error');

/** The text a diagnostic underlines, given the file texts by display path (`ex/pack.lk`). */
export function underlined(d: Diagnostic, files: Readonly<Record<string, string>>): string {
  const path = d.file.replace(/^ex\//, '').replace(/^(base\d*)\//, '$1/');
  const text = files[path] ?? files[d.file] ?? '';
  return text.slice(d.span.start, d.span.end);
}

export const HEAD = 'pack demo.audit 1.0.0 "示例" {\n  region "000000"\n}\n\n';
