// The pack registry over real HTTP (app.listen on a random port, fetch), on a fresh temp data dir.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signHash } from '../../runtime/artifact/canonical.js';
import { regionPrefix, regionInScope } from '../../server/tokens.js';
import { makeArtifact, publish, startRegistry, type Registry } from './helpers.js';

let reg: Registry;
let national: string;

beforeEach(async () => {
  reg = await startRegistry();
  national = reg.token('publisher', '000000', 'national');
});
afterEach(async () => {
  await reg.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${reg.url}${path}`, { headers });
const post = (path: string, token: string | undefined, body: unknown) =>
  fetch(`${reg.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

async function expectError(res: Response, status: number, code: string): Promise<string> {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(10);
  return body.error.message;
}

describe('publish', () => {
  it('stores the artifact and serves it back byte-equal in content, with ETag = hash', async () => {
    const a = makeArtifact({ id: 'cn.audit', version: '1.0.0' });
    const res = await publish(reg, national, a);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ id: 'cn.audit', version: '1.0.0', hash: a.hash });

    const got = await get('/api/packs/cn.audit/1.0.0');
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe(`"${a.hash}"`);
    expect(await got.json()).toEqual(a);
    // content-addressed file on disk
    expect(readdirSync(join(reg.dataDir, 'artifacts'))).toContain(`${a.hash}.json`);

    const pack = await (await get('/api/packs/cn.audit')).json();
    expect(pack.versions).toHaveLength(1);
    expect(pack.versions[0]).toMatchObject({ version: '1.0.0', status: 'active', hash: a.hash });
    const list = await (await get('/api/packs')).json();
    expect(list.packs).toEqual([expect.objectContaining({ id: 'cn.audit', latest: '1.0.0', versions: 1 })]);
  });

  it('refuses to republish the same id+version (409) and keeps the original', async () => {
    const first = makeArtifact({ id: 'cn.audit', version: '1.0.0', title: 'first' });
    expect((await publish(reg, national, first)).status).toBe(201);
    const second = makeArtifact({ id: 'cn.audit', version: '1.0.0', title: 'second' });
    const msg = await expectError(await publish(reg, national, second), 409, 'version_exists');
    expect(msg).toContain('cn.audit@1.0.0');
    const got = await (await get('/api/packs/cn.audit/1.0.0')).json();
    expect(got.manifest.title).toBe('first');
  });

  it('needs a token (401), a live one (401 after revoke), and a publishing role (403)', async () => {
    const a = makeArtifact({ id: 'cn.audit', version: '1.0.0' });
    await expectError(await publish(reg, undefined, a), 401, 'unauthorized');
    await expectError(await publish(reg, 'lk_not-a-real-token', a), 401, 'unauthorized');
    const reviewer = reg.token('reviewer', '000000');
    await expectError(await publish(reg, reviewer, a), 403, 'forbidden');
    const { listTokens, revokeToken } = await import('../../server/tokens.js');
    const t = reg.token('publisher', '000000', 'soon-revoked');
    const id = listTokens(reg.app.registryStore.db).find((x) => x.name === 'soon-revoked')!.id;
    revokeToken(reg.app.registryStore.db, id);
    await expectError(await publish(reg, t, a), 401, 'unauthorized');
  });

  it('scopes a city token to its own region codes (403 elsewhere)', async () => {
    const jinan = reg.token('publisher', '370100', 'jinan');
    const own = makeArtifact({ id: 'jinan.audit', version: '1.0.0', region: '370102' });
    expect((await publish(reg, jinan, own)).status).toBe(201);
    const qingdao = makeArtifact({ id: 'qingdao.audit', version: '1.0.0', region: '370200' });
    const msg = await expectError(await publish(reg, jinan, qingdao), 403, 'region_scope');
    expect(msg).toContain('370200');
    const nationalPack = makeArtifact({ id: 'cn.audit', version: '1.0.0', region: '000000' });
    await expectError(await publish(reg, jinan, nationalPack), 403, 'region_scope');
    // the national token may publish anything
    expect((await publish(reg, national, qingdao)).status).toBe(201);
  });

  it('does not let a region publish new versions of another region\'s pack id', async () => {
    expect((await publish(reg, national, makeArtifact({ id: 'cn.audit', version: '1.0.0' }))).status).toBe(201);
    const jinan = reg.token('publisher', '370100');
    const squat = makeArtifact({ id: 'cn.audit', version: '9.0.0', region: '370100' });
    await expectError(await publish(reg, jinan, squat), 403, 'region_scope');
    // and the same pack cannot silently change region
    await expectError(await publish(reg, national, squat), 409, 'region_mismatch');
  });

  it('requires the extended base to exist with a version in range', async () => {
    const overlay = makeArtifact({ id: 'jinan.audit', version: '1.0.0', region: '370100', extends: { id: 'cn.audit', range: '^2.0.0' } });
    const msg = await expectError(await publish(reg, national, overlay), 400, 'missing_base');
    expect(msg).toContain('cn.audit');
    expect((await publish(reg, national, makeArtifact({ id: 'cn.audit', version: '1.5.0' }))).status).toBe(201);
    await expectError(await publish(reg, national, overlay), 400, 'missing_base');
    expect((await publish(reg, national, makeArtifact({ id: 'cn.audit', version: '2.1.0' }))).status).toBe(201);
    expect((await publish(reg, national, overlay)).status).toBe(201);
    const detail = await (await get('/api/packs/jinan.audit')).json();
    expect(detail.versions[0].base).toEqual({ id: 'cn.audit', range: '^2.0.0' });
  });

  it('rejects bodies that are not valid artifacts with a message naming the problem', async () => {
    const a = makeArtifact({ id: 'cn.audit', version: '1.0.0' });
    const badRegion = { ...a, manifest: { ...a.manifest, region: 'jinan' } };
    const msg = await expectError(await publish(reg, national, badRegion), 400, 'invalid_artifact');
    expect(msg).toContain('/manifest/region');

    const { rules: _r, ...noRules } = a;
    expect(await expectError(await publish(reg, national, noRules), 400, 'invalid_artifact')).toContain('rules');

    const extra = { ...a, surprise: 1 };
    expect(await expectError(await publish(reg, national, extra), 400, 'invalid_artifact')).toContain('surprise');

    const edited = { ...a, manifest: { ...a.manifest, title: 'edited after build' } };
    await expectError(await publish(reg, national, edited), 400, 'hash_mismatch');

    const badVersion = makeArtifact({ id: 'cn.audit', version: 'v1' });
    await expectError(await publish(reg, national, badVersion), 400, 'invalid_version');

    const notJson = await publish(reg, national, '{"manifest": ');
    expect(await expectError(notJson, 400, 'invalid_body')).toMatch(/JSON/);

    await expectError(await publish(reg, national, [1, 2]), 400, 'invalid_body');
    expect((await (await get('/api/packs')).json()).packs).toEqual([]);
  });

  it('verifies signatures against keys the registry trusts', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const a = makeArtifact({ id: 'cn.audit', version: '1.0.0' });
    const signed = { ...a, signature: { alg: 'ed25519' as const, keyId: 'nhsa-2024', value: signHash(a.hash, privateKey) } };
    await expectError(await publish(reg, national, signed), 400, 'unknown_signing_key');
    writeFileSync(join(reg.dataDir, 'keys', 'nhsa-2024.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    const forged = { ...signed, signature: { ...signed.signature, value: signHash('0'.repeat(64), privateKey) } };
    await expectError(await publish(reg, national, forged), 400, 'bad_signature');
    expect((await publish(reg, national, signed)).status).toBe(201);
  });
});

describe('fetching by version or range', () => {
  async function seed() {
    for (const v of ['1.0.0', '1.1.0', '1.2.0', '2.0.0']) {
      expect((await publish(reg, national, makeArtifact({ id: 'cn.audit', version: v }))).status).toBe(201);
    }
  }
  const version = async (spec: string) => {
    const res = await get(`/api/packs/cn.audit/${encodeURIComponent(spec)}`);
    return res.status === 200 ? ((await res.json()) as { manifest: { version: string } }).manifest.version : res.status;
  };

  it('^1.0 picks the highest non-yanked; yanked is fetchable by exact version only', async () => {
    await seed();
    expect(await version('^1.0')).toBe('1.2.0');
    const y = await post('/api/packs/cn.audit/1.2.0/yank', national, { reason: 'wrong threshold for 限儿童' });
    expect(y.status).toBe(200);
    expect(await version('^1.0')).toBe('1.1.0');
    expect(await version('1.2.0')).toBe('1.2.0');
    const exact = await get('/api/packs/cn.audit/1.2.0');
    expect(exact.headers.get('x-liangku-status')).toBe('yanked');
    expect(await version('>=1.2.0 <2.0.0')).toBe(404);
    expect(await version('latest')).toBe('2.0.0');
    const detail = await (await get('/api/packs/cn.audit')).json();
    expect(detail.versions.map((v: { version: string; status: string }) => `${v.version}:${v.status}`)).toEqual([
      '2.0.0:active',
      '1.2.0:yanked',
      '1.1.0:active',
      '1.0.0:active',
    ]);
  });

  it('skips a deprecated version when another matches, but still serves it when none does', async () => {
    await seed();
    expect((await post('/api/packs/cn.audit/2.0.0/deprecate', national, { reason: 'use 1.x' })).status).toBe(200);
    expect(await version('*')).toBe('1.2.0');
    expect(await version('^2.0.0')).toBe('2.0.0');
    const res = await get('/api/packs/cn.audit/^2.0.0');
    expect(res.headers.get('x-liangku-status')).toBe('deprecated');
  });

  it('a range matches exactly what semver.maxSatisfying says over the non-yanked versions (property)', async () => {
    const versions = ['0.9.0', '1.0.0', '1.0.5', '1.3.0', '1.10.0', '2.0.0', '2.4.1', '3.0.0-beta.1'];
    for (const v of versions) expect((await publish(reg, national, makeArtifact({ id: 'cn.audit', version: v }))).status).toBe(201);
    await post('/api/packs/cn.audit/1.10.0/yank', national, { reason: 'bad' });
    const semver = (await import('semver')).default;
    const live = versions.filter((v) => v !== '1.10.0');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('^', '~', '>=', '<', ''),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 11 }),
        async (op, major, minor) => {
          const range = `${op}${major}.${minor}`;
          const expected = semver.maxSatisfying(live, range);
          expect(await version(range)).toBe(expected ?? 404);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('answers 304 when If-None-Match carries the ETag, 200 otherwise', async () => {
    await seed();
    const first = await get('/api/packs/cn.audit/^1.0');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await get('/api/packs/cn.audit/^1.0', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const weak = await get('/api/packs/cn.audit/1.2.0', { 'if-none-match': `"nope", W/${etag}` });
    expect(weak.status).toBe(304);
    const other = await get('/api/packs/cn.audit/2.0.0', { 'if-none-match': etag });
    expect(other.status).toBe(200);
  });

  it('404s unknown packs, versions and routes as {error}', async () => {
    await expectError(await get('/api/packs/nope.pack'), 404, 'not_found');
    await seed();
    await expectError(await get('/api/packs/cn.audit/^9.0'), 404, 'not_found');
    await expectError(await get('/api/packs/cn.audit/not a range'), 404, 'not_found');
    await expectError(await get('/api/nothing/here'), 404, 'not_found');
  });
});

describe('deprecate and yank', () => {
  it('need a reason, a token of the right region or admin, and a yank is final', async () => {
    const jinan = reg.token('publisher', '370100');
    const qingdao = reg.token('publisher', '370200');
    const admin = reg.token('admin', '370200', 'admin');
    expect((await publish(reg, jinan, makeArtifact({ id: 'jinan.audit', version: '1.0.0', region: '370100' }))).status).toBe(201);

    expect(await expectError(await post('/api/packs/jinan.audit/1.0.0/deprecate', jinan, {}), 400, 'invalid_body')).toContain('reason');
    await expectError(await post('/api/packs/jinan.audit/1.0.0/deprecate', jinan, { reason: 'x', extra: 1 }), 400, 'invalid_body');
    await expectError(await post('/api/packs/jinan.audit/1.0.0/deprecate', undefined, { reason: 'x' }), 401, 'unauthorized');
    await expectError(await post('/api/packs/jinan.audit/1.0.0/deprecate', qingdao, { reason: 'x' }), 403, 'region_scope');
    await expectError(await post('/api/packs/jinan.audit/9.9.9/yank', jinan, { reason: 'x' }), 404, 'not_found');
    expect((await post('/api/packs/jinan.audit/1.0.0/deprecate', jinan, { reason: 'superseded' })).status).toBe(200);
    expect((await post('/api/packs/jinan.audit/1.0.0/yank', admin, { reason: 'wrong data' })).status).toBe(200);
    await expectError(await post('/api/packs/jinan.audit/1.0.0/deprecate', jinan, { reason: 'again' }), 409, 'already_yanked');
    const detail = await (await get('/api/packs/jinan.audit')).json();
    expect(detail.versions[0]).toMatchObject({ status: 'yanked', reason: 'wrong data' });
  });
});

describe('audit trail', () => {
  it('lists publish, deprecate and yank in order, and the database refuses to rewrite it', async () => {
    await publish(reg, national, makeArtifact({ id: 'cn.audit', version: '1.0.0' }));
    await publish(reg, national, makeArtifact({ id: 'cn.audit', version: '1.1.0' }));
    await publish(reg, national, makeArtifact({ id: 'cn.audit', version: '1.1.0', title: 'dup' })); // refused: no event
    await post('/api/packs/cn.audit/1.0.0/deprecate', national, { reason: 'old' });
    await post('/api/packs/cn.audit/1.1.0/yank', national, { reason: 'broken' });
    const { events } = await (await get('/api/packs/cn.audit/events')).json();
    expect(events.map((e: { kind: string; version: string }) => `${e.kind} ${e.version}`)).toEqual([
      'publish 1.0.0',
      'publish 1.1.0',
      'deprecate 1.0.0',
      'yank 1.1.0',
    ]);
    expect(events[0].actor).toContain('national');
    expect(events[3].detail).toMatchObject({ reason: 'broken', from: 'active' });
    const ids = events.map((e: { id: number }) => e.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);

    // paging
    const after = await (await get(`/api/packs/cn.audit/events?after=${ids[1]}`)).json();
    expect(after.events.map((e: { id: number }) => e.id)).toEqual(ids.slice(2));

    // the whole trail also has token creation
    const all = await (await get('/api/events')).json();
    expect(all.events[0].kind).toBe('token-create');

    const db = reg.app.registryStore.db;
    expect(() => db.prepare('UPDATE events SET actor = ?').run('someone else')).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE versions SET hash = ? WHERE version = '1.0.0'").run('0'.repeat(64))).toThrow(/overwritten/);
  });
});

describe('tokens', () => {
  it('are stored hashed: the secret never appears in the database files', async () => {
    const secret = reg.token('admin', '000000', 'root');
    await publish(reg, secret, makeArtifact({ id: 'cn.audit', version: '1.0.0' }));
    const files = readdirSync(reg.dataDir).filter((f) => f.startsWith('registry.sqlite'));
    expect(files).toContain('registry.sqlite');
    for (const f of files) {
      const bytes = readFileSync(join(reg.dataDir, f));
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
      expect(bytes.includes(Buffer.from(secret.slice(3)))).toBe(false);
    }
    const db = new Database(join(reg.dataDir, 'registry.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT * FROM tokens').all() as Record<string, unknown>[];
    db.close();
    expect(JSON.stringify(rows)).not.toContain(secret.slice(3));
    expect(rows.find((r) => r.name === 'root')!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('region prefixes: a code governs exactly the codes that start with it minus trailing 00 pairs', () => {
    expect(regionPrefix('000000')).toBe('');
    expect(regionPrefix('')).toBe('');
    expect(regionPrefix('370000')).toBe('37');
    expect(regionPrefix('370100')).toBe('3701');
    expect(regionPrefix('370102')).toBe('370102');
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6}$/), fc.stringMatching(/^\d{6}$/), (a, b) => {
        // every code is within its own scope, national covers all, scope is transitive downwards
        expect(regionInScope(regionPrefix(a), a)).toBe(true);
        expect(regionInScope(regionPrefix('000000'), b)).toBe(true);
        if (regionInScope(regionPrefix(a), b)) expect(b.startsWith(regionPrefix(a))).toBe(true);
      }),
    );
  });
});

describe('documents and pages', () => {
  it('publishes an OpenAPI 3.1 document listing every route', async () => {
    const doc = await (await get('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, m]) => Object.keys(m).map((k) => `${k.toUpperCase()} ${p}`));
    for (const route of [
      'GET /api/openapi.json',
      'GET /api/packs',
      'GET /api/packs/{id}',
      'GET /api/packs/{id}/{versionOrRange}',
      'GET /api/packs/{id}/events',
      'POST /api/packs',
      'POST /api/packs/{id}/{version}/deprecate',
      'POST /api/packs/{id}/{version}/yank',
      'GET /api/events',
      'POST /api/eval/{id}/{versionOrRange}',
    ]) expect(ops).toContain(route);
    expect(doc.paths['/api/packs'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/LiangkuArtifact');
    expect(doc.components.schemas.LiangkuArtifact.properties.manifest).toBeDefined();
    expect(doc.paths['/api/packs/{id}/{version}/yank'].post.requestBody.content['application/json'].schema.required).toEqual(['reason']);
    // every $ref resolves inside the document
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const r of new Set(refs)) {
      const name = r.slice('"$ref":"#/components/schemas/'.length, -1);
      expect(r.startsWith('"$ref":"#/components/schemas/')).toBe(true);
      expect(doc.components.schemas[name]).toBeDefined();
    }
  });

  it('evaluating an unknown pack is a clear 404', async () => {
    const res = await post('/api/eval/cn.audit/1.0.0', undefined, { requests: [] });
    await expectError(res, 404, 'not_found');
  });

  it('says how to build the studio when it is missing, and serves it when present', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('studio build is missing');

    const studio = mkdtempSync(join(tmpdir(), 'liangku-studio-'));
    mkdirSync(join(studio, 'assets'));
    writeFileSync(join(studio, 'index.html'), '<!doctype html><title>studio</title>');
    writeFileSync(join(studio, 'assets', 'app-1234.js'), 'console.log(1)');
    writeFileSync(join(tmpdir(), 'liangku-secret.txt'), 'do not serve');
    const withStudio = await startRegistry(studio);
    try {
      expect(await (await fetch(`${withStudio.url}/`)).text()).toContain('<title>studio</title>');
      const js = await fetch(`${withStudio.url}/assets/app-1234.js`);
      expect(js.headers.get('content-type')).toContain('javascript');
      expect(await (await fetch(`${withStudio.url}/rules/some-client-route`)).text()).toContain('<title>studio</title>');
      const escape = await fetch(`${withStudio.url}/..%2fliangku-secret.txt`);
      expect(await escape.text()).not.toContain('do not serve');
      await expectError(await fetch(`${withStudio.url}/api/unknown`), 404, 'not_found');
    } finally {
      await withStudio.close();
      rmSync(studio, { recursive: true, force: true });
    }
  });
});

describe('store', () => {
  it('reopens an existing data dir without re-running migrations and keeps the data', async () => {
    await publish(reg, national, makeArtifact({ id: 'cn.audit', version: '1.0.0' }));
    const { openStore } = await import('../../server/store/open-store.js');
    const again = openStore(reg.dataDir);
    try {
      // every migration ran once and is not re-run on reopening
      const { migrate } = await import('../../server/store/open-store.js');
      const level = again.db.pragma('user_version', { simple: true }) as number;
      expect(level).toBeGreaterThanOrEqual(1);
      expect(migrate(again.db)).toBe(level);
      expect(again.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect((again.db.prepare('SELECT count(*) AS n FROM versions').get() as { n: number }).n).toBe(1);
    } finally {
      again.close();
    }
  });
});
