// Test helpers for the registry: a minimal valid artifact built by hand (hash from contentHash),
// and a server on a random port over a fresh temp data directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { contentHash } from '../../runtime/artifact/canonical.js';
import type { Artifact } from '../../runtime/artifact/ir.js';
import { buildApp } from '../../server/app.js';
import { createToken, type TokenRole } from '../../server/tokens.js';

export function makeArtifact(opts: {
  id: string;
  version: string;
  region?: string;
  title?: string;
  extends?: { id: string; range: string } | null;
}): Artifact {
  const body = {
    manifest: {
      format: 'liangku-artifact/1' as const,
      id: opts.id,
      version: opts.version,
      title: opts.title ?? `pack ${opts.id}`,
      region: opts.region ?? '000000',
      effective: null,
      yearStart: '01-01',
      extends: opts.extends ?? null,
      layers: [],
      compiler: { name: 'liangku' as const, version: '0.1.0' },
      files: ['main.lk'],
    },
    inputs: [],
    claimSchema: {},
    params: [],
    tables: [],
    indicators: [],
    rules: [],
    computes: [],
    scenarios: [],
  };
  return { ...body, hash: contentHash(body) };
}

export interface Registry {
  app: FastifyInstance;
  url: string;
  dataDir: string;
  token(role: TokenRole, region: string, name?: string): string;
  close(): Promise<void>;
}

export async function startRegistry(studioDir?: string): Promise<Registry> {
  const dataDir = mkdtempSync(join(tmpdir(), 'liangku-registry-'));
  const app = await buildApp({ dataDir, studioDir });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    url: address,
    dataDir,
    token: (role, region, name = `${role}-${region}`) => createToken(app.registryStore.db, { name, region, role }).secret,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function publish(reg: Registry, token: string | undefined, body: unknown): Promise<Response> {
  return fetch(`${reg.url}/api/packs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
