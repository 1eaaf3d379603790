// The studio (a static Vite build) at `/`. Without a build, `/` explains how to make one. Paths are
// resolved inside studioDir only; unknown non-file paths fall back to index.html (client routing).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { errorBody } from '../errors.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export const MISSING_STUDIO_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>liangku registry</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.6">
<h1>liangku 两库 registry</h1>
<p>The pack registry is running (<a href="/api/packs">/api/packs</a>, <a href="/api/openapi.json">/api/openapi.json</a>).</p>
<p><strong>The studio build is missing.</strong> Build it with <code>npx vite build</code> (output in <code>dist/studio</code>),
then restart <code>liangku serve</code>.</p>
<p>工作台尚未构建：请先运行 <code>npx vite build</code>，再重新启动 <code>liangku serve</code>。</p>
</body></html>
`;

function sendFile(reply: FastifyReply, file: string) {
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  // Vite puts content hashes in asset names, so those may be cached for good; index.html may not.
  reply.header('Cache-Control', file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
  return reply.type(type).send(readFileSync(file));
}

export function studioRoutes(app: FastifyInstance, studioDir: string | undefined): void {
  const root = studioDir ? resolve(studioDir) : undefined;
  const index = root ? join(root, 'index.html') : undefined;
  const ready = index !== undefined && existsSync(index);

  app.get('/', { config: { summary: 'The studio (or a page saying how to build it)' } }, async (_req, reply) =>
    ready ? sendFile(reply, index!) : reply.type('text/html; charset=utf-8').send(MISSING_STUDIO_HTML),
  );

  app.get('/*', { config: { hide: true } }, async (req, reply) => {
    const rel = decodeURIComponent((req.params as { '*': string })['*'] ?? '');
    if (rel.startsWith('api/') || rel === 'api') {
      return reply.code(404).send(errorBody('not_found', `No API route ${req.method} ${req.url}. See /api/openapi.json.`));
    }
    if (!ready) return reply.code(404).type('text/html; charset=utf-8').send(MISSING_STUDIO_HTML);
    const file = resolve(root!, rel);
    if (file !== root && !file.startsWith(root! + sep)) {
      return reply.code(404).send(errorBody('not_found', 'No such file.'));
    }
    if (existsSync(file) && statSync(file).isFile()) return sendFile(reply, file);
    if (extname(rel) !== '') return reply.code(404).send(errorBody('not_found', `No studio file ${rel}.`));
    return sendFile(reply, index!);
  });
}
