// Crash safety (issue 9 acceptance): the registry runs as its own process (`liangku serve`), a large
// publish (the national pack, ~8 MB) is under way, the process gets SIGKILL at a point in the request
// (half the body sent; then at fractions of the measured handling time: parse, validation, hashing,
// file write, transaction), and it is restarted on the same data directory. Each time the version is
// either wholly there (fetchable, content hash verifies, file and row and event agree) or wholly
// absent, SQLite's integrity check says ok, and publishing it again succeeds (or 409s if it landed).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePackDir } from '../../compiler/index.js';
import { contentHash } from '../../runtime/artifact/canonical.js';
import type { Artifact } from '../../runtime/artifact/ir.js';
import { openStore } from '../../server/store/open-store.js';
import { createToken } from '../../server/tokens.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dataDir: string;
let token: string;
let big: Artifact;
let server: { child: ChildProcess; url: string } | undefined;

/** `liangku serve --port 0` as a child process; resolves with the URL it prints. */
function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(root, 'bin/liangku.mjs'), 'serve', '--port', '0', '--data', dataDir], {
    env: { ...process.env, LIANGKU_FROM_SOURCE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s: ${out}${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening: ${out}${err}`));
    });
  });
}

function kill(s: { child: ChildProcess }): Promise<void> {
  return new Promise((done) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null) return done();
    s.child.once('exit', () => done());
    s.child.kill('SIGKILL');
  });
}

/** The big artifact under another version (hash recomputed, as `liangku build` would). */
function withVersion(version: string): string {
  const { hash: _h, ...rest } = { ...big, manifest: { ...big.manifest, version } };
  return JSON.stringify({ ...rest, hash: contentHash(rest) });
}

/**
 * POST the body as a stream. `cutAt` (bytes) stops sending there and calls `onCut`; otherwise the
 * whole body goes and `onSent` is called when the last chunk has been handed to the socket.
 */
function streamPublish(url: string, body: string, hooks: { cutAt?: number; onCut?: () => void; onSent?: () => void }): Promise<Response> {
  const bytes = Buffer.from(body, 'utf8');
  const CHUNK = 256 * 1024;
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const limit = hooks.cutAt ?? bytes.length;
      if (at >= limit) {
        if (hooks.cutAt !== undefined) hooks.onCut?.(); // leave the stream open: the request is mid-body
        else {
          controller.close();
          hooks.onSent?.();
        }
        return new Promise(() => {}); // no more pulls
      }
      const end = Math.min(at + CHUNK, limit);
      controller.enqueue(new Uint8Array(bytes.subarray(at, end)));
      at = end;
    },
  });
  return fetch(`${url}/api/packs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: stream,
    duplex: 'half',
  } as RequestInit);
}

/** What a SIGKILLed registry must leave behind, checked on the files with the server down. */
function checkDataDir(): void {
  const db = new Database(join(dataDir, 'registry.sqlite'));
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const versions = db.prepare('SELECT pack_id, version, hash FROM versions').all() as { pack_id: string; version: string; hash: string }[];
    const events = db.prepare("SELECT pack_id, version FROM events WHERE kind = 'publish'").all() as { pack_id: string; version: string }[];
    // row and event are one transaction: both or neither
    expect(events.map((e) => `${e.pack_id}@${e.version}`).sort()).toEqual(versions.map((v) => `${v.pack_id}@${v.version}`).sort());
    // every row's artifact file is there and whole (its name is its content's hash)
    for (const v of versions) {
      const text = readFileSync(join(dataDir, 'artifacts', `${v.hash}.json`), 'utf8');
      expect(contentHash(JSON.parse(text) as Record<string, unknown>)).toBe(v.hash);
    }
  } finally {
    db.close();
  }
  // a file under its final name is never partial (a write is tmp + rename)
  for (const f of readdirSync(join(dataDir, 'artifacts')).filter((f) => f.endsWith('.json'))) {
    const text = readFileSync(join(dataDir, 'artifacts', f), 'utf8');
    expect(contentHash(JSON.parse(text) as Record<string, unknown>)).toBe(f.slice(0, -'.json'.length));
  }
}

async function versionState(url: string, version: string): Promise<'present' | 'absent'> {
  const res = await fetch(`${url}/api/packs/nhsa.audit/${version}`);
  if (res.status === 404) {
    await res.text();
    return 'absent';
  }
  expect(res.status).toBe(200);
  const text = await res.text();
  const hash = contentHash(JSON.parse(text) as Record<string, unknown>);
  expect(res.headers.get('etag')).toBe(`"${hash}"`);
  expect(JSON.parse(text).manifest.version).toBe(version);
  return 'present';
}

beforeAll(async () => {
  const r = await compilePackDir(join(root, 'rulepacks/national'));
  big = r.value.artifact!;
  expect(big).toBeDefined();
  dataDir = mkdtempSync(join(tmpdir(), 'liangku-crash-'));
  const store = openStore(dataDir);
  token = createToken(store.db, { name: 'national', region: '000000', role: 'publisher' }).secret;
  store.close();
}, 120_000);

afterAll(async () => {
  if (server) await kill(server);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('SIGKILL in the middle of a large publish', () => {
  it('leaves the version whole or absent, an intact database, and a retry that succeeds', async () => {
    server = await startServer();
    // Calibrate: how long the server takes from the last body byte to its 201 for this artifact.
    const calibration = withVersion('1.0.0');
    expect(calibration.length).toBeGreaterThan(4_000_000);
    let sentAt = 0;
    const res = await streamPublish(server.url, calibration, { onSent: () => (sentAt = performance.now()) });
    expect(res.status, await res.clone().text()).toBe(201);
    await res.text();
    const handleMs = Math.max(performance.now() - sentAt, 20);

    // Kill points: mid-body, then spread over the handling time (and a little past it).
    const points: ({ cut: number } | { afterMs: number })[] = [
      { cut: 0.5 },
      ...[0, 0.3, 0.6, 0.8, 0.95, 1.1].map((f) => ({ afterMs: f * handleMs })),
    ];
    const seen: Record<string, string> = {};
    for (const [i, point] of points.entries()) {
      const version = `1.1.${i}`;
      const body = withVersion(version);
      const s = server!;
      const killed = new Promise<void>((resolveKilled) => {
        const pending = streamPublish(s.url, body, 'cut' in point
          ? { cutAt: Math.floor(body.length * point.cut), onCut: () => void kill(s).then(resolveKilled) }
          : { onSent: () => setTimeout(() => void kill(s).then(resolveKilled), point.afterMs) });
        pending.then((r) => r.text()).catch(() => undefined); // the answer may or may not arrive
      });
      await killed;
      server = undefined;
      checkDataDir();

      server = await startServer();
      const state = await versionState(server.url, version);
      seen[JSON.stringify(point)] = state;
      if ('cut' in point) expect(state).toBe('absent'); // the handler never saw a whole body
      const retry = await fetch(`${server.url}/api/packs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
      const retryBody = (await retry.json()) as { error?: { code: string } };
      if (state === 'absent') expect(retry.status, JSON.stringify(retryBody)).toBe(201);
      else expect(retryBody.error?.code).toBe('version_exists');
      expect(await versionState(server.url, version)).toBe('present');
      // everything published before is untouched
      expect(await versionState(server.url, '1.0.0')).toBe('present');
    }
    await kill(server!);
    server = undefined;
    checkDataDir();
    const db = new Database(join(dataDir, 'registry.sqlite'), { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM versions').get() as { n: number }).n).toBe(points.length + 1);
    db.close();
    if (process.env.LIANGKU_CRASH_LOG) console.log(`handling ${Math.round(handleMs)} ms; after restart:`, seen);
  }, 300_000);
});
