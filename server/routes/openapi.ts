// GET /api/openapi.json: an OpenAPI 3.1 document built from the routes as registered (their
// JSON Schemas and `config` docs), so it cannot list a route that does not exist or miss one.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { Artifact } from '../../runtime/artifact/ir.js';
import { ErrorBody } from '../schemas.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** One line for the OpenAPI document. */
    summary?: string;
    /** Schema of the success answer (documentation only; answers are not re-serialized). */
    response?: unknown;
    /** Success status when not 200. */
    status?: number;
    /** Documented request body when the route validates it itself (publish). */
    requestBody?: unknown;
    /** Needs `Authorization: Bearer <token>`. */
    auth?: boolean;
    /** Leave out of the document (static studio files). */
    hide?: boolean;
  }
}

interface Collected {
  method: string;
  url: string;
  schema: Record<string, unknown>;
  config: Record<string, unknown>;
}

/** Plain JSON (drops TypeBox's symbol keys). */
const plain = (s: unknown): unknown => (s === undefined ? undefined : JSON.parse(JSON.stringify(s)));

function parameters(schema: unknown, where: 'path' | 'query' | 'header'): unknown[] {
  const s = plain(schema) as { properties?: Record<string, { description?: string }>; required?: string[] } | undefined;
  if (!s?.properties) return [];
  return Object.entries(s.properties).map(([name, sch]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    ...(sch.description ? { description: sch.description } : {}),
    schema: sch,
  }));
}

function operation(r: Collected): Record<string, unknown> {
  const { schema, config } = r;
  const params = [
    ...parameters(schema.params, 'path'),
    ...parameters(schema.querystring, 'query'),
    ...parameters(schema.headers, 'header').filter((p) => (p as { name: string }).name !== 'authorization'),
  ];
  const status = String(config.status ?? 200);
  const errorRef = { description: 'refused', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  const body = config.requestBody ?? schema.body;
  return {
    summary: config.summary ?? '',
    ...(params.length ? { parameters: params } : {}),
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: plain(body) } } } } : {}),
    ...(config.auth ? { security: [{ bearer: [] }] } : {}),
    responses: {
      [status]: { description: 'ok', content: { 'application/json': { schema: plain(config.response) ?? {} } } },
      ...(r.method === 'GET' && r.url.includes(':versionOrRange') ? { 304: { description: 'not modified (If-None-Match matched the ETag)' } } : {}),
      '4XX': errorRef,
      '5XX': errorRef,
    },
  };
}

/** Call before registering routes: remembers each route for the document. */
export function collectRoutes(app: FastifyInstance): Collected[] {
  const routes: Collected[] = [];
  app.addHook('onRoute', (opts: RouteOptions) => {
    const methods = Array.isArray(opts.method) ? opts.method : [opts.method];
    const config = (opts.config ?? {}) as Record<string, unknown>;
    if (config.hide) return;
    for (const method of methods) {
      if (method === 'HEAD') continue; // Fastify's automatic HEAD twins of GET routes
      routes.push({ method, url: opts.url, schema: (opts.schema ?? {}) as Record<string, unknown>, config });
    }
  });
  return routes;
}

/**
 * The Artifact schema for the document. TypeBox inlines the recursive IrExpr (with its $id) at every
 * use; here each copy becomes a $ref to one IrExpr component.
 */
function artifactComponents(): { LiangkuArtifact: unknown; IrExpr: unknown } {
  const ref = { $ref: '#/components/schemas/IrExpr' };
  let expr: Record<string, unknown> | undefined;
  const walk = (s: unknown, inExpr: boolean): unknown => {
    if (Array.isArray(s)) return s.map((x) => walk(x, inExpr));
    if (!s || typeof s !== 'object') return s;
    const o = s as Record<string, unknown>;
    if (o.$ref === 'IrExpr') return ref;
    if (o.$id === 'IrExpr' && !inExpr) {
      if (!expr) {
        const { $id: _id, ...rest } = o;
        expr = walk(rest, true) as Record<string, unknown>;
      }
      return ref;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) if (k !== '$id') out[k] = walk(v, inExpr);
    return out;
  };
  const LiangkuArtifact = walk(plain(Artifact), false);
  return { LiangkuArtifact, IrExpr: expr ?? {} };
}

export function openApiDocument(routes: Collected[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
    (paths[path] ??= {})[r.method.toLowerCase()] = operation(r);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'liangku pack registry / 两库规则包仓库',
      version: '1',
      description: 'Publish, fetch and retire compiled liangku rule-pack artifacts. Errors are {error:{code,message}}.',
    },
    paths,
    components: {
      schemas: { Error: plain(ErrorBody), ...artifactComponents() },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a token from `liangku token create`' } },
    },
  };
}

export function openApiRoute(app: FastifyInstance, routes: Collected[]): void {
  app.get('/api/openapi.json', { config: { summary: 'This document (OpenAPI 3.1)' } }, async () => openApiDocument(routes));
}
