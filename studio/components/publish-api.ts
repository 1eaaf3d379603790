// POST /api/packs/sources (server/routes/publish-sources.ts): the pack's source files, a change
// note and a publisher token; the server builds and publishes. Answers in plain words, never throws.
export type PublishAnswer =
  | { readonly ok: true; readonly id: string; readonly version: string; readonly hash: string; readonly versions: readonly string[] }
  | { readonly ok: false; readonly status: number; readonly message: string; readonly diagnostics: readonly string[] };

export async function publishSources(registry: string, files: Readonly<Record<string, string>>, note: string, token: string): Promise<PublishAnswer> {
  let r: Response;
  try {
    r = await fetch(`${registry}/api/packs/sources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token.trim()}` },
      body: JSON.stringify({ files, note }),
    });
  } catch (e) {
    return { ok: false, status: 0, message: `server unreachable: ${(e as Error).message}`, diagnostics: [] };
  }
  const body = (await r.json().catch(() => null)) as { id?: string; version?: string; hash?: string; error?: { message?: string }; diagnostics?: string[] } | null;
  if (r.status !== 201 || !body?.id) {
    return { ok: false, status: r.status, message: body?.error?.message ?? r.statusText, diagnostics: body?.diagnostics ?? [] };
  }
  // The pack's versions as the registry now lists them (highest first).
  const list = await fetch(`${registry}/api/packs/${encodeURIComponent(body.id)}`, { headers: { accept: 'application/json' } })
    .then((x) => (x.ok ? (x.json() as Promise<{ versions?: { version: string }[] }>) : null))
    .catch(() => null);
  return { ok: true, id: body.id, version: body.version ?? '', hash: body.hash ?? '', versions: (list?.versions ?? []).map((v) => v.version) };
}
