// Publishing from the studio: the pack's source files (its .lk files and tests/*.json) with a change
// note. The server compiles them against the bundled packs (bases resolved by id and range from
// rulepacks/), refuses with the compiler's diagnostics (422, `path:line:col code message`) when they
// do not build, and otherwise publishes the artifact through the ordinary `POST /api/packs` route —
// the same checks (token role and region, base present, version new, replay gate) and the same
// storage — then records the change note on the new version.
import type { FastifyInstance } from 'fastify';
import { requireRegion, requireToken } from '../auth.js';
import { badSourcePaths, compileSources, diagnosticLine, filesSchema } from '../compile-sources.js';
import { AuthHeader } from '../schemas.js';
import type { Store } from '../store/open-store.js';

// Compiling is shared with POST /api/eval/sources (server/compile-sources.ts); re-exported for callers.
export { diagnosticLine };

interface Body {
  files: Record<string, string>;
  note?: string;
}

export function publishSourceRoutes(app: FastifyInstance, store: Store): void {
  app.post<{ Body: Body }>('/api/packs/sources', {
    schema: {
      headers: AuthHeader,
      body: {
        type: 'object',
        required: ['files'],
        additionalProperties: false,
        properties: {
          files: filesSchema(500),
          note: { type: 'string', maxLength: 4000 },
        },
      },
    },
    config: {
      summary: 'Build and publish a pack from its source files (the studio). Body: { files: { "pack.lk": "…", "tests/x.json": "…" }, note }. Bases come from the bundled packs. 422 with `diagnostics` when it does not compile; otherwise as POST /api/packs, with the note recorded.',
      auth: true,
      status: 201,
    },
  }, async (req, reply) => {
    requireToken(req, store, ['publisher', 'admin']); // who you are, before any work
    const { files, note } = req.body;
    const bad = badSourcePaths(files);
    if (bad) return reply.code(400).send(bad);
    const compiled = await compileSources(files);
    if (!compiled.ok) return reply.code(422).send(compiled.body);
    const artifact = compiled.artifact;
    const token = requireToken(req, store, ['publisher', 'admin']);
    requireRegion(token, artifact.manifest.region, `publish ${artifact.manifest.id}`);

    // The ordinary publish route, with the caller's own token: one code path for every publish.
    const res = await app.inject({
      method: 'POST',
      url: '/api/packs',
      headers: { authorization: req.headers.authorization ?? '', 'content-type': 'application/json' },
      payload: JSON.stringify(artifact),
    });
    const answer = res.json() as Record<string, unknown>;
    if (res.statusCode === 201 && note?.trim()) {
      store.db.prepare('UPDATE versions SET note = ? WHERE pack_id = ? AND version = ?').run(note.trim(), artifact.manifest.id, artifact.manifest.version);
    }
    return reply.code(res.statusCode).send(res.statusCode === 201 ? { ...answer, note: note?.trim() || null } : answer);
  });
}
