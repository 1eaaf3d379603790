// Evaluating a pack that is not published: `POST /api/eval/sources` with the pack's source files (as
// the studio holds them in its editors) and a list of audit requests. The files are compiled exactly
// as `POST /api/packs/sources` compiles them (compile-sources.ts), refused with 422 and
// `path:line:col` diagnostics when they do not build, and otherwise loaded and each request
// evaluated in order. Nothing is stored, so no token is needed; the body and the number of files are
// capped. Compiling + loading costs far more than evaluating, so loaded packs are kept in a small LRU
// keyed by a hash of the files: running the tests again without an edit reuses the same pack.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { evaluateOne, loadPack, type LoadedPack } from '../../runtime/index.js';
import { badSourcePaths, compileSources, filesSchema, type CompiledSources } from '../compile-sources.js';
import { errorBody } from '../errors.js';
import { evalOptions, type EvalQuery } from './eval.js';

/** Caps: a pack's sources are tens of KB; requests with history a few KB each. */
export const SOURCES_BODY_LIMIT = 8 * 1024 * 1024;
export const SOURCES_MAX_FILES = 200;
export const SOURCES_MAX_REQUESTS = 1000;

interface Body {
  files: Record<string, string>;
  requests: unknown[];
}

export interface SourcesPack {
  readonly pack: LoadedPack;
  readonly id: string;
  readonly version: string;
  /** The compiled artifact's content hash. */
  readonly hash: string;
}
type Outcome = { readonly ok: true; readonly value: SourcesPack } | Extract<CompiledSources, { ok: false }> | { readonly ok: false; readonly problem: string };

/** sha256 over the files sorted by path (length-prefixed, so no two file sets collide by concatenation). */
export function filesKey(files: Readonly<Record<string, string>>): string {
  const h = createHash('sha256');
  for (const p of Object.keys(files).sort()) {
    const text = files[p]!;
    h.update(`${Buffer.byteLength(p)}:${p}\n${Buffer.byteLength(text)}:`).update(text).update('\n');
  }
  return h.digest('hex');
}

/** Compiled + loaded packs by files hash; concurrent identical posts share one compile. */
export class SourcesCache {
  private readonly entries = new Map<string, Promise<Outcome>>();
  /** How many times sources were actually compiled (tests check identical files compile once). */
  compiles = 0;

  constructor(readonly capacity = 4) {}

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  async get(files: Readonly<Record<string, string>>): Promise<{ outcome: Outcome; hit: boolean }> {
    const key = filesKey(files);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key); // re-insert: Map order is least-recently-used first
      this.entries.set(key, hit);
      return { outcome: await hit, hit: true };
    }
    const p = this.build(files);
    this.entries.set(key, p);
    const outcome = await p;
    // Only packs that load are worth keeping; a failed compile is answered and forgotten.
    if (!outcome.ok) this.entries.delete(key);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return { outcome, hit: false };
  }

  private async build(files: Readonly<Record<string, string>>): Promise<Outcome> {
    this.compiles++;
    const compiled = await compileSources(files, 'run again');
    if (!compiled.ok) return compiled;
    const { value, diagnostics } = loadPack(compiled.artifact);
    if (!value) return { ok: false, problem: diagnostics.map((d) => d.message).join('; ') || 'the compiled artifact cannot be loaded' };
    const m = compiled.artifact.manifest;
    return { ok: true, value: { pack: value, id: m.id, version: m.version, hash: compiled.artifact.hash } };
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    sourcesCache: SourcesCache;
  }
}

export function evalSourceRoutes(app: FastifyInstance): void {
  app.decorate('sourcesCache', new SourcesCache(4));
  app.post<{ Body: Body; Querystring: EvalQuery }>('/api/eval/sources', {
    bodyLimit: SOURCES_BODY_LIMIT,
    schema: {
      querystring: {
        type: 'object',
        properties: { stage: { type: 'string' }, scenario: { type: 'string' }, asOf: { type: 'string' }, explain: { type: 'string' } },
        additionalProperties: false,
      },
      body: {
        type: 'object',
        required: ['files', 'requests'],
        additionalProperties: false,
        properties: {
          files: filesSchema(SOURCES_MAX_FILES),
          requests: { type: 'array', maxItems: SOURCES_MAX_REQUESTS },
        },
      },
    },
    config: {
      summary: `Evaluate audit requests against a pack compiled from posted source files, without publishing (the studio's tests and run panel). Body: { files: { "pack.lk": "…", "tests/x.json": "…" }, requests: [ … ] } (at most ${SOURCES_MAX_FILES} files, ${SOURCES_MAX_REQUESTS} requests, ${SOURCES_BODY_LIMIT / 1024 / 1024} MB). Bases come from the bundled packs. 422 with \`diagnostics\` when it does not compile; otherwise the results in order. Query as POST /api/eval/:id/:versionOrRange. No token.`,
    },
  }, async (req, reply) => {
    const parsed = evalOptions(req.query);
    if ('error' in parsed) return reply.code(400).send(parsed.error);
    const { files, requests } = req.body;
    const bad = badSourcePaths(files);
    if (bad) return reply.code(400).send(bad);
    const { outcome, hit } = await app.sourcesCache.get(files);
    if (!outcome.ok) {
      if ('body' in outcome) return reply.code(422).send(outcome.body);
      return reply.code(422).send(errorBody('compile_errors', `The pack compiled but cannot be loaded: ${outcome.problem}`));
    }
    const { pack, id, version, hash } = outcome.value;
    reply.header('X-Liangku-Pack', `${id}@${version}`);
    reply.header('X-Liangku-Hash', `"${hash}"`);
    reply.header('X-Liangku-Status', 'unpublished');
    reply.header('X-Liangku-Cache', hit ? 'hit' : 'miss');
    return requests.map((item, i) => evaluateOne(pack, item, i + 1, parsed.options));
  });
}
