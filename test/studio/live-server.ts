// The real registry server for browser tests: a fresh data dir, the bundled packs published
// (seedBundledPacks, ~5 s), the built studio served at /, listening on a random port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../server/app.js';
import { seedBundledPacks } from '../../server/seed-bundled.js';
import { createToken } from '../../server/tokens.js';

export interface LiveServer {
  readonly url: string;
  /** A token with the given role (for governance imports, publishing); region default 140000 (山西). */
  token(role: 'publisher' | 'reviewer' | 'admin', region?: string): string;
  close(): Promise<void>;
}

export async function startLiveServer(studioDir: string): Promise<LiveServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lk-studio2-'));
  const app = await buildApp({ dataDir, studioDir });
  const store = app.registryStore;
  const seeded = await seedBundledPacks(store);
  if (seeded.problems.length) console.warn(`seedBundledPacks: ${seeded.problems.join('; ')}`);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `${address}/`,
    token: (role, region = '140000') => createToken(store.db, { name: `studio-test-${role}-${region}`, region, role }).secret,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
