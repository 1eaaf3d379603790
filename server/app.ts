// The registry server: `buildApp({ dataDir, studioDir? })` returns a Fastify instance (not yet
// listening). Routes live in routes/, storage in store/, and every refusal is {error:{code,message}}.
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { errorBody, HttpError } from './errors.js';
import { evalRoutes } from './routes/eval.js';
import { evalSourceRoutes } from './routes/eval-sources.js';
import { governanceRoutes } from './routes/governance.js';
import { lifecycleRoutes } from './routes/lifecycle.js';
import { collectRoutes, openApiRoute } from './routes/openapi.js';
import { packReadRoutes } from './routes/packs-read.js';
import { platformRoutes } from './routes/platform.js';
import { publishRoutes } from './routes/publish.js';
import { publishSourceRoutes } from './routes/publish-sources.js';
import { studioRoutes } from './routes/studio.js';
import { openStore, type Store } from './store/open-store.js';

export interface AppOptions {
  /** Where registry.sqlite, artifacts/ and keys/ live (created when missing). */
  dataDir: string;
  /** A built studio (dist/studio); without it `/` says how to build one. */
  studioDir?: string;
  /** Fastify logging (off by default; `serve` turns it on). */
  logger?: boolean;
  /** Largest accepted body; artifacts with big knowledge tables are several MB. */
  bodyLimit?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    registryStore: Store;
  }
}

function toErrorReply(err: FastifyError | HttpError): { status: number; code: string; message: string } {
  if (err instanceof HttpError) return { status: err.status, code: err.code, message: err.message };
  const fe = err as FastifyError;
  if (fe.validation) {
    return { status: 400, code: 'invalid_body', message: `The request ${fe.validationContext ?? 'body'} is invalid: ${fe.message.replace(/^(body|params|querystring|headers)\/?\s*/, '$1 ')}.` };
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, code: 'payload_too_large', message: 'The body is larger than this registry accepts.' };
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, code: 'unsupported_media_type', message: 'Send JSON with the header Content-Type: application/json.' };
  if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
    const message = fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/.test(fe.message) ? `The body is not valid JSON: ${fe.message}` : fe.message;
    return { status: fe.statusCode, code: 'invalid_body', message };
  }
  return { status: 500, code: 'internal', message: 'The registry failed while handling this request; see its log.' };
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimit ?? 64 * 1024 * 1024,
    // Extra properties are refused, not silently dropped; query numbers arrive as text.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });
  const store = openStore(opts.dataDir);
  app.decorate('registryStore', store);
  app.addHook('onClose', async () => store.close());

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const { status, code, message } = toErrorReply(err);
    if (status >= 500) {
      req.log.error(err);
      if (process.env.LIANGKU_DEBUG) console.error(err);
    }
    return reply.code(status).send(errorBody(code, message));
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send(errorBody('not_found', `No route ${req.method} ${req.url}. See /api/openapi.json.`)),
  );

  const routes = collectRoutes(app);
  openApiRoute(app, routes);
  packReadRoutes(app, store);
  publishRoutes(app, store);
  publishSourceRoutes(app, store);
  lifecycleRoutes(app, store);
  evalRoutes(app, store);
  evalSourceRoutes(app);
  governanceRoutes(app, store);
  platformRoutes(app, store);
  studioRoutes(app, opts.studioDir);
  await app.ready();
  return app;
}
