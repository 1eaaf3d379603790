// POST /api/eval/sources (docs/http-api.md): the pack as it stands in the editors (its .lk files and
// tests/*.json) is compiled on the server and the requests evaluated against it, so edits are tested
// before they are published. `missing` says the server has no such route (an older registry): the
// caller then falls back to the published version.
import type { EvalOptions, EvalResult } from './server-api.js';

export type SourcesAnswer =
  | { readonly ok: true; readonly results: readonly (EvalResult & { error?: { code: string; message: string; path?: string } })[]; readonly pack: string }
  | { readonly ok: false; readonly error: string; readonly diagnostics: readonly string[]; readonly missing: boolean };

export async function evalSourcesOnServer(registry: string, files: Readonly<Record<string, string>>, requests: readonly unknown[], o: EvalOptions & { explain?: boolean } = {}): Promise<SourcesAnswer> {
  const q = new URLSearchParams();
  if (o.explain !== false) q.set('explain', 'true');
  if (o.stage) q.set('stage', o.stage);
  if (o.scenario) q.set('scenario', o.scenario);
  if (o.asOf) q.set('asOf', o.asOf);
  let r: Response;
  try {
    r = await fetch(`${registry}/api/eval/sources?${q}`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ files, requests }),
    });
  } catch (e) {
    return { ok: false, error: `server unreachable: ${(e as Error).message}`, diagnostics: [], missing: false };
  }
  const body = (await r.json().catch(() => null)) as unknown;
  if (r.ok && Array.isArray(body)) return { ok: true, results: body as EvalResult[], pack: r.headers.get('x-liangku-pack') ?? '' };
  const err = (body as { error?: { message?: string } } | null)?.error;
  const diagnostics = (body as { diagnostics?: unknown } | null)?.diagnostics;
  return {
    ok: false,
    error: `${r.status} ${err?.message ?? r.statusText}`,
    diagnostics: Array.isArray(diagnostics) ? diagnostics.map(String) : [],
    // 404 from a registry without the route; 405 from a static host.
    missing: r.status === 404 || r.status === 405,
  };
}
