// A pack's source files as the studio sends them (its .lk files and tests/*.json, by path within the
// pack), compiled against the bundled packs (bases resolved by id and range from rulepacks/). Shared by
// POST /api/packs/sources (publish) and POST /api/eval/sources (evaluate unpublished edits), so both
// accept the same files and refuse with the same `path:line:col code message` diagnostics.
import { bundledPacksDir, compilePack, dirResolver, memorySource } from '../compiler/index.js';
import type { Diagnostic } from '../dsl/diagnostics/diagnostic.js';
import type { Artifact } from '../runtime/artifact/ir.js';
import { errorBody } from './errors.js';

const LABEL = 'studio';
/** Source files a pack is built from; anything else (knowledge data, binaries) is refused. */
const SOURCE = /^(?:[\w.\-]+\/)*[\w.\-\u4e00-\u9fff]+\.lk$|^tests\/(?:[\w.\-]+\/)*[\w.\-\u4e00-\u9fff]+\.json$/;

/** JSON Schema of the `files` object: path → text, at most `max` of them. */
export const filesSchema = (max = 500) => ({ type: 'object', minProperties: 1, maxProperties: max, additionalProperties: { type: 'string' } }) as const;

/** `pack.lk:12:5 check/unknown-field message` — 1-based line and column of the span's start. */
export function diagnosticLine(d: Diagnostic, files: Readonly<Record<string, string>>): string {
  const path = d.file.startsWith(`${LABEL}/`) ? d.file.slice(LABEL.length + 1) : d.file;
  const text = files[path];
  let where = path;
  if (text !== undefined) {
    const before = text.slice(0, d.span.start);
    const line = before.split('\n').length;
    where = `${path}:${line}:${d.span.start - (before.lastIndexOf('\n') + 1) + 1}`;
  }
  return `${where} ${d.code} ${d.message.en}`;
}

/** The error body for paths that are not pack sources, or null when every path is one. */
export function badSourcePaths(files: Readonly<Record<string, string>>): ReturnType<typeof errorBody> | null {
  const bad = Object.keys(files).filter((p) => !SOURCE.test(p) || p.split('/').includes('..'));
  return bad.length ? errorBody('invalid_body', `Only a pack's .lk files and tests/*.json are sent here; not: ${bad.slice(0, 5).join(', ')}.`) : null;
}

export type CompiledSources =
  | { readonly ok: true; readonly artifact: Artifact }
  /** 422: the body to send, with `diagnostics` as `path:line:col code message` lines. */
  | { readonly ok: false; readonly body: ReturnType<typeof errorBody> & { diagnostics: string[] } };

/** Compile the posted sources (paths already checked with badSourcePaths). `action` ends the 422 message. */
export async function compileSources(files: Readonly<Record<string, string>>, action = 'publish again'): Promise<CompiledSources> {
  const compiled = await compilePack(memorySource(LABEL, { ...files }), { resolveBase: dirResolver([bundledPacksDir]) });
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
  const artifact = compiled.value?.artifact;
  if (!errors.length && artifact) return { ok: true, artifact };
  const diagnostics = errors.map((d) => diagnosticLine(d, files));
  const n = errors.length || 1;
  return {
    ok: false,
    body: {
      ...errorBody('compile_errors', `The pack does not build (${n} error${n === 1 ? '' : 's'}); fix them and ${action}. ${diagnostics.slice(0, 3).join('; ')}`.trimEnd()),
      diagnostics,
    },
  };
}
