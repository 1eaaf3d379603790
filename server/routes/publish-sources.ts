// Publishing from the studio: the pack's source files (its .lk files and tests/*.json) with a change
// note. The server compiles them against the bundled packs (bases resolved by id and range from
// rulepacks/), refuses with the compiler's diagnostics (422, `path:line:col code message`) when they
// do not build, and otherwise publishes the artifact through the ordinary `POST /api/packs` route —
// the same checks (token role and region, base present, version new, replay gate) and the same
// storage — then records the change note on the new version.
import type { FastifyInstance } from 'fastify';
import { bundledPacksDir, compilePack, dirResolver, memorySource } from '../../compiler/index.js';
import type { Diagnostic } from '../../dsl/diagnostics/diagnostic.js';
import { requireRegion, requireToken } from '../auth.js';
import { errorBody } from '../errors.js';
import { AuthHeader } from '../schemas.js';
import type { Store } from '../store/open-store.js';

const LABEL = 'studio';
/** Source files a pack is built from; anything else (knowledge data, binaries) is refused. */
const SOURCE = /^(?:[\w.\-]+\/)*[\w.\-\u4e00-\u9fff]+\.lk$|^tests\/(?:[\w.\-]+\/)*[\w.\-\u4e00-\u9fff]+\.json$/;

interface Body {
  files: Record<string, string>;
  note?: string;
}

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

export function publishSourceRoutes(app: FastifyInstance, store: Store): void {
  app.post<{ Body: Body }>('/api/packs/sources', {
    schema: {
      headers: AuthHeader,
      body: {
        type: 'object',
        required: ['files'],
        additionalProperties: false,
        properties: {
          files: { type: 'object', minProperties: 1, maxProperties: 500, additionalProperties: { type: 'string' } },
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
    const bad = Object.keys(files).filter((p) => !SOURCE.test(p) || p.split('/').includes('..'));
    if (bad.length) {
      return reply.code(400).send(errorBody('invalid_body', `Only a pack's .lk files and tests/*.json are sent here; not: ${bad.slice(0, 5).join(', ')}.`));
    }
    const compiled = await compilePack(memorySource(LABEL, files), { resolveBase: dirResolver([bundledPacksDir]) });
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
    const artifact = compiled.value?.artifact;
    if (errors.length || !artifact) {
      const diagnostics = errors.map((d) => diagnosticLine(d, files));
      return reply.code(422).send({
        ...errorBody('compile_errors', `The pack does not build (${errors.length} error${errors.length === 1 ? '' : 's'}); fix them and publish again. ${diagnostics.slice(0, 3).join('; ')}`),
        diagnostics,
      });
    }
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
