// Evaluation over HTTP: POST audit requests (claim-format.md) to a published pack version or range.
// One object → one result; a JSON array → results in order; application/x-ndjson → JSONL results
// streamed in input order. A bad request becomes an EvalError in its place (still HTTP 200), so the
// number of results always equals the number of requests. Loaded packs are cached by content hash.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { evaluateOne, evaluateStream, type EvalOptions } from '../../runtime/index.js';
import type { LoadedPack } from '../../runtime/index.js';
import { errorBody, fail } from '../errors.js';
import { EvalCache } from '../eval-cache.js';
import type { Store } from '../store/open-store.js';
import type { VersionRow } from '../store/packs-repo.js';
import { resolveCached } from '../store/resolve-cache.js';

export interface EvalQuery {
  stage?: string;
  scenario?: string;
  asOf?: string;
  explain?: string | boolean;
}

const STAGES = ['pre', 'mid', 'post'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

declare module 'fastify' {
  interface FastifyInstance {
    evalCache: EvalCache;
  }
}

/** The query as EvalOptions, or an {error} body to answer 400 with. */
export function evalOptions(q: EvalQuery): { options: EvalOptions } | { error: ReturnType<typeof errorBody> } {
  if (q.stage !== undefined && !(STAGES as readonly string[]).includes(q.stage)) {
    return { error: errorBody('invalid_stage', `stage must be pre (事前), mid (事中) or post (事后), got "${q.stage}".`) };
  }
  if (q.asOf !== undefined && (!DATE.test(q.asOf) || Number.isNaN(Date.parse(`${q.asOf}T00:00:00Z`)))) {
    return { error: errorBody('invalid_query', `asOf must be a date YYYY-MM-DD, got "${q.asOf}".`) };
  }
  if (q.explain !== undefined && !['true', 'false', '1', '0', true, false].includes(q.explain as string)) {
    return { error: errorBody('invalid_query', `explain must be true or false, got "${String(q.explain)}".`) };
  }
  const explain = q.explain === true || q.explain === 'true' || q.explain === '1';
  return {
    options: {
      ...(q.stage ? { stage: q.stage as EvalOptions['stage'] } : {}),
      ...(q.scenario ? { scenario: q.scenario } : {}),
      ...(q.asOf ? { asOf: q.asOf } : {}),
      ...(explain ? { explain } : {}),
    },
  };
}

/** The version row a `:versionOrRange` names (as GET /api/packs/:id/:versionOrRange does), or 404. */
export function resolveOr404(store: Store, id: string, versionOrRange: string): Readonly<VersionRow> {
  const r = resolveCached(store.db, id, versionOrRange);
  if (r.kind === 'version') return r.row;
  if (r.kind === 'no-pack') fail(404, 'not_found', `No pack "${id}" in this registry.`);
  return fail(404, 'not_found', `Pack "${id}" has no version matching "${versionOrRange}" (yanked versions only match their exact number). See GET /api/packs/${id}.`);
}

/** The loaded pack for a version row, or a 500 naming why it cannot be used. */
export function loadedFor(app: FastifyInstance, v: Readonly<VersionRow>): LoadedPack {
  const { pack, problem } = app.evalCache.get(v.hash);
  return pack ?? fail(500, 'internal', `The stored artifact ${v.pack_id}@${v.version} cannot be loaded: ${problem}`);
}

export function packHeaders(reply: FastifyReply, v: Readonly<VersionRow>): void {
  reply.header('X-Liangku-Pack', `${v.pack_id}@${v.version}`);
  reply.header('X-Liangku-Hash', `"${v.hash}"`);
  reply.header('X-Liangku-Status', v.status);
}

/** JSONL lines of a raw request body (a stream from the ndjson parser, or a string). */
export function lines(body: unknown): AsyncIterable<string> | Iterable<string> {
  if (typeof body === 'string') return body.split(/\r?\n/);
  if (body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') return splitLines(body as AsyncIterable<Uint8Array | string>);
  return [];
}

/** Split a byte stream at newlines; the streaming decoder keeps a character cut between chunks whole. */
async function* splitLines(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  // (node:readline's interface over the request stream ends early under Fastify, so split by hand.)
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  for await (const chunk of chunks) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let from = 0;
    let nl: number;
    while ((nl = rest.indexOf('\n', from)) >= 0) {
      yield rest.slice(from, nl).replace(/\r$/, '');
      from = nl + 1;
    }
    rest = rest.slice(from);
  }
  rest += decoder.decode();
  if (rest !== '') yield rest.replace(/\r$/, '');
}

async function* jsonl(results: AsyncIterable<unknown>): AsyncGenerator<string> {
  for await (const r of results) yield `${JSON.stringify(r)}\n`;
}

export function evalRoutes(app: FastifyInstance, store: Store): void {
  // Room for every bundled pack (5) and a few more: traffic spread over more packs than this reloads
  // artifacts, each load taking hundreds of milliseconds for the national one.
  app.decorate('evalCache', new EvalCache(store.artifactsDir, 8));
  // JSONL bodies reach the handler as the raw stream: results can leave before the last line arrives.
  app.addContentTypeParser('application/x-ndjson', (_req, payload, done) => done(null, payload));

  app.post<{ Params: { id: string; versionOrRange: string }; Querystring: EvalQuery }>('/api/eval/:id/:versionOrRange', {
    schema: {
      querystring: {
        type: 'object',
        properties: { stage: { type: 'string' }, scenario: { type: 'string' }, asOf: { type: 'string' }, explain: { type: 'string' } },
        additionalProperties: false,
      },
    },
    config: {
      summary: 'Evaluate audit requests (one object, a JSON array, or application/x-ndjson) against a published version or semver range. Query: stage=pre|mid|post, scenario, asOf=YYYY-MM-DD, explain=true.',
    },
  }, async (req, reply) => {
    const parsed = evalOptions(req.query);
    if ('error' in parsed) return reply.code(400).send(parsed.error);
    const v = resolveOr404(store, req.params.id, req.params.versionOrRange);
    const pack = loadedFor(app, v);
    packHeaders(reply, v);
    const { options } = parsed;
    const ndjson = /^application\/x-ndjson\b/i.test(req.headers['content-type'] ?? '');
    if (ndjson) {
      reply.type('application/x-ndjson; charset=utf-8');
      return reply.send(Readable.from(jsonl(evaluateStream(pack, lines(req.body), options))));
    }
    if (req.body === undefined || req.body === null) {
      return reply.code(400).send(errorBody('invalid_body', 'Send an audit request (a JSON object), a JSON array of them, or JSONL with Content-Type: application/x-ndjson.'));
    }
    if (Array.isArray(req.body)) return req.body.map((item, i) => evaluateOne(pack, item, i + 1, options));
    return evaluateOne(pack, req.body, 1, options);
  });
}
