// An engine following a pack: a real registry (buildApp on a temp dir, port 0), artifacts compiled
// from rule text, a watcher polling fast. Covers pick-up, swap, 304s, restart from the cache file
// without the registry, a tampered artifact refused, and signatures.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signHash } from '../../runtime/artifact/canonical.js';
import type { Artifact } from '../../runtime/artifact/ir.js';
import { evaluate, type LoadedPack } from '../../runtime/index.js';
import { parsePackRef, watchPack, type PackWatcher, type SwapInfo, type WatchError } from '../../runtime/watch/watch-pack.js';
import { claim, compileTestPack } from '../server/eval-pack.js';
import { publish, startRegistry, type Registry } from '../server/helpers.js';

let reg: Registry | undefined;
let dir: string;
let token: string;
const watchers: PackWatcher[] = [];

beforeEach(async () => {
  reg = await startRegistry();
  token = reg.token('publisher', '000000');
  dir = mkdtempSync(join(tmpdir(), 'liangku-watch-'));
});
afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.stop()));
  await reg?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function waitFor(cond: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function follow(url: string, ref: string, extra: { publicKey?: string; cacheFile?: string } = {}) {
  const swaps: SwapInfo[] = [];
  const errors: WatchError[] = [];
  const w = watchPack(url, ref, { intervalMs: 25, cacheFile: join(dir, 'cache', 'pack.json'), onSwap: (_p, i) => swaps.push(i), onError: (e) => errors.push(e), ...extra });
  watchers.push(w);
  return { w, swaps, errors, version: () => w.current()?.artifact.manifest.version };
}

const ruleIds = (p: LoadedPack) => evaluate(p, claim('R')).findings.map((f) => f.rule_id);

describe('watchPack', () => {
  it('picks up 1.0.0, swaps once to 1.1.0 with 304s in between doing nothing, and keeps the cache file', async () => {
    const { w, swaps, errors, version } = follow(reg!.url, 'nhsa.audit@^1.0.0');
    expect(await w.ready).toBeNull(); // nothing published yet
    expect(errors[0]).toMatchObject({ code: 'http', status: 404 });

    const a100 = await compileTestPack('nhsa.audit', '1.0.0', 100);
    expect((await publish(reg!, token, a100)).status).toBe(201);
    await waitFor(() => version() === '1.0.0', '1.0.0');
    expect(swaps).toMatchObject([{ version: '1.0.0', hash: a100.hash, source: 'registry', previous: null }]);
    const cacheFile = join(dir, 'cache', 'pack.json');
    expect((JSON.parse(readFileSync(cacheFile, 'utf8')) as Artifact).hash).toBe(a100.hash);

    // an evaluation in flight holds the pack it took
    const held = w.current()!;
    const before = w.stats.notModified;
    await waitFor(() => w.stats.notModified >= before + 3, 'three 304s');
    expect(swaps).toHaveLength(1);
    expect(w.current()).toBe(held);

    const a110 = await compileTestPack('nhsa.audit', '1.1.0', 200);
    expect((await publish(reg!, token, a110)).status).toBe(201);
    await waitFor(() => version() === '1.1.0', '1.1.0');
    const n = w.stats.notModified;
    await waitFor(() => w.stats.notModified >= n + 3, 'more 304s');
    expect(swaps.map((s) => s.version)).toEqual(['1.0.0', '1.1.0']);
    expect(swaps[1]!.previous).toBe(held);
    // the held object is untouched: it still evaluates with limit 100, the new one with 200
    expect(held.artifact.manifest.version).toBe('1.0.0');
    expect(ruleIds(held)).toEqual(['T0001', 'T0002']);
    expect(ruleIds(w.current()!)).toEqual(['T0002']);
    expect((JSON.parse(readFileSync(cacheFile, 'utf8')) as Artifact).hash).toBe(a110.hash);
    expect(readdirSync(join(dir, 'cache'))).toEqual(['pack.json']); // no temp file left behind
    expect(errors.filter((e) => e.code !== 'http')).toEqual([]);
  });

  it('refuses a tampered artifact (hash mismatch) once, keeping the old pack and the old cache', async () => {
    const a100 = await compileTestPack('nhsa.audit', '1.0.0', 100);
    await publish(reg!, token, a100);
    const { w, swaps, errors, version } = follow(reg!.url, 'nhsa.audit');
    await w.ready;
    expect(version()).toBe('1.0.0');
    const a110 = await compileTestPack('nhsa.audit', '1.1.0', 200);
    // tamper with the stored file before publishing the version that points at it
    const file = join(reg!.dataDir, 'artifacts', `${a110.hash}.json`);
    mkdirSync(join(reg!.dataDir, 'artifacts'), { recursive: true });
    expect((await publish(reg!, token, a110)).status).toBe(201);
    const forged = JSON.parse(readFileSync(file, 'utf8')) as Artifact;
    forged.params = forged.params.map((p) => ({ ...p, value: 1 }));
    writeFileSync(file, JSON.stringify(forged));

    await waitFor(() => errors.some((e) => e.code === 'invalid'), 'refusal');
    const refusal = errors.find((e) => e.code === 'invalid')!;
    expect(refusal.diagnostics?.map((d) => d.code)).toEqual(['artifact-hash']);
    const n = w.stats.notModified;
    await waitFor(() => w.stats.notModified >= n + 3, '304s after the refusal');
    expect(errors.filter((e) => e.code === 'invalid')).toHaveLength(1); // not fetched and reported again
    expect(version()).toBe('1.0.0');
    expect(swaps).toHaveLength(1);
    expect((JSON.parse(readFileSync(join(dir, 'cache', 'pack.json'), 'utf8')) as Artifact).hash).toBe(a100.hash);
  });

  it('restarts from the cache file when the registry is gone', async () => {
    const a110 = await compileTestPack('nhsa.audit', '1.1.0', 200);
    await publish(reg!, token, a110);
    const first = follow(reg!.url, 'nhsa.audit@^1');
    await first.w.ready;
    expect(first.version()).toBe('1.1.0');
    await first.w.stop();
    const url = reg!.url;
    await reg!.close();
    reg = undefined;

    const again = follow(url, 'nhsa.audit@^1');
    const p = await again.w.ready;
    expect(p?.artifact.hash).toBe(a110.hash);
    expect(again.swaps).toMatchObject([{ version: '1.1.0', source: 'cache' }]);
    expect(again.errors[0]?.code).toBe('network');
    expect(ruleIds(again.w.current()!)).toEqual(['T0002']);
  });

  it('refuses a corrupt cache file and falls back to the registry', async () => {
    const cacheFile = join(dir, 'cache', 'pack.json');
    mkdirSync(join(dir, 'cache'), { recursive: true });
    writeFileSync(cacheFile, '{"manifest": ');
    await publish(reg!, token, await compileTestPack('nhsa.audit', '1.0.0'));
    const { w, swaps, errors } = follow(reg!.url, 'nhsa.audit');
    await w.ready;
    expect(errors[0]?.code).toBe('cache-read');
    expect(swaps).toMatchObject([{ version: '1.0.0', source: 'registry' }]);
    expect(existsSync(cacheFile) && JSON.parse(readFileSync(cacheFile, 'utf8')).manifest.version).toBe('1.0.0');
  });

  it('with a public key, takes only artifacts signed by it (registry and cache alike)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    mkdirSync(join(reg!.dataDir, 'keys'), { recursive: true });
    writeFileSync(join(reg!.dataDir, 'keys', 'nhsa-2025.pem'), pem);
    const sign = (a: Artifact): Artifact => ({ ...a, signature: { alg: 'ed25519', keyId: 'nhsa-2025', value: signHash(a.hash, privateKey) } });
    expect((await publish(reg!, token, sign(await compileTestPack('nhsa.audit', '1.0.0')))).status).toBe(201);
    const { w, errors, version } = follow(reg!.url, 'nhsa.audit', { publicKey: pem });
    await w.ready;
    expect(version()).toBe('1.0.0');
    expect((await publish(reg!, token, await compileTestPack('nhsa.audit', '1.1.0'))).status).toBe(201); // unsigned
    await waitFor(() => errors.some((e) => e.code === 'invalid'), 'refusal of the unsigned artifact');
    expect(errors.find((e) => e.code === 'invalid')!.diagnostics?.[0]?.code).toBe('artifact-unsigned');
    expect(version()).toBe('1.0.0');

    // another key: the cached (signed by nhsa-2025) artifact is refused at start
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const stranger = follow('http://127.0.0.1:9', 'nhsa.audit', { publicKey: other });
    expect(await stranger.w.ready).toBeNull();
    expect(stranger.errors.map((e) => e.code)).toEqual(['cache-read', 'network']);
  });

  it('refuses another pack id and parses references', async () => {
    expect(parsePackRef('nhsa.audit@^1.2')).toEqual({ id: 'nhsa.audit', range: '^1.2' });
    expect(parsePackRef('nhsa.audit')).toEqual({ id: 'nhsa.audit', range: 'latest' });
    const cacheFile = join(dir, 'other.json');
    writeFileSync(cacheFile, JSON.stringify(await compileTestPack('other.audit', '1.0.0')));
    const { w, errors } = follow('http://127.0.0.1:9', 'nhsa.audit', { cacheFile });
    expect(await w.ready).toBeNull();
    expect(errors[0]?.code).toBe('wrong-pack');
  });
});
