// Issue 9's hardening acceptance over real HTTP on 127.0.0.1 with a real SQLite file: racing
// publishers of one version, and bad input (oversize, malformed JSON, path traversal in ids, unknown
// fields, forged signatures, tampered bytes) — each a clear 4xx that leaves nothing stored.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contentHash, signHash } from '../../runtime/artifact/canonical.js';
import type { Artifact } from '../../runtime/artifact/ir.js';
import { buildApp } from '../../server/app.js';
import { compileTestPack } from './eval-pack.js';
import { makeArtifact, publish, startRegistry, type Registry } from './helpers.js';

let reg: Registry;
let national: string;
let real: Artifact; // a compiled pack (rules with generated IR), not a hand-built shell

beforeAll(async () => {
  real = await compileTestPack('cn.audit', '1.0.0');
});
beforeEach(async () => {
  reg = await startRegistry();
  national = reg.token('publisher', '000000', 'national');
});
afterEach(async () => {
  await reg.close();
});

/** Rows in the SQLite file itself (a second connection, as another process would see it). */
function countRows(dataDir: string, sql: string, ...args: unknown[]): number {
  const db = new Database(join(dataDir, 'registry.sqlite'), { readonly: true });
  try {
    return (db.prepare(sql).get(...args) as { n: number }).n;
  } finally {
    db.close();
  }
}

async function expectError(res: Response, status: number, code: string): Promise<string> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  const body = JSON.parse(text) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(15);
  expect(body.error.message).not.toMatch(/\n\s+at /); // no stack trace
  return body.error.message;
}

/** Nothing published: no pack, no version, no publish event, no artifact file. */
function expectNothingStored(dataDir: string): void {
  expect(countRows(dataDir, 'SELECT count(*) AS n FROM packs')).toBe(0);
  expect(countRows(dataDir, 'SELECT count(*) AS n FROM versions')).toBe(0);
  expect(countRows(dataDir, "SELECT count(*) AS n FROM events WHERE kind = 'publish'")).toBe(0);
  expect(readdirSync(join(dataDir, 'artifacts'))).toEqual([]);
}

describe('concurrent publishes of one version', () => {
  it('20 racing publishers: exactly one 201, nineteen 409, one version row in the database', async () => {
    // Each publisher sends different content under the same id+version, so a lost race cannot hide
    // behind identical bytes; the winner's hash is the one stored.
    const artifacts = Array.from({ length: 20 }, (_, i) => makeArtifact({ id: 'cn.audit', version: '1.0.0', title: `publisher ${i}` }));
    const results = await Promise.all(artifacts.map((a) => publish(reg, national, a)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const bodies = await Promise.all(results.map((r) => r.json()));
    const winner = bodies[statuses.indexOf(201)] as { hash: string };
    for (const [i, b] of bodies.entries()) if (statuses[i] === 409) expect(b.error.code).toBe('version_exists');

    expect(countRows(reg.dataDir, 'SELECT count(*) AS n FROM versions WHERE pack_id = ? AND version = ?', 'cn.audit', '1.0.0')).toBe(1);
    expect(countRows(reg.dataDir, "SELECT count(*) AS n FROM events WHERE kind = 'publish'")).toBe(1);
    const db = new Database(join(reg.dataDir, 'registry.sqlite'), { readonly: true });
    const row = db.prepare('SELECT hash FROM versions').get() as { hash: string };
    db.close();
    expect(row.hash).toBe(winner.hash);
    const served = await fetch(`${reg.url}/api/packs/cn.audit/1.0.0`);
    expect(contentHash((await served.json()) as Record<string, unknown>)).toBe(winner.hash);
  });

  it('20 racing publishers of a compiled pack (same bytes): one 201, the rest 409', async () => {
    const body = JSON.stringify(real);
    const statuses = (await Promise.all(Array.from({ length: 20 }, () => publish(reg, national, body)))).map((r) => r.status);
    expect(statuses.sort()).toEqual([201, ...Array(19).fill(409)]);
    expect(countRows(reg.dataDir, 'SELECT count(*) AS n FROM versions')).toBe(1);
  });
});

describe('bad input: a clear 4xx and nothing stored', () => {
  it('oversize bodies get 413 (a registry with a 64 KB limit, and the default limit)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'liangku-small-'));
    const app = await buildApp({ dataDir, bodyLimit: 64 * 1024 });
    try {
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      const { createToken } = await import('../../server/tokens.js');
      const tok = createToken(app.registryStore.db, { name: 'n', region: '000000', role: 'publisher' }).secret;
      const big = makeArtifact({ id: 'cn.audit', version: '1.0.0', title: 'x'.repeat(100 * 1024) });
      const res = await fetch(`${url}/api/packs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` },
        body: JSON.stringify(big),
      });
      expect(await expectError(res, 413, 'payload_too_large')).toMatch(/larger/);
      expectNothingStored(dataDir);
      // the same limit guards evaluation bodies
      const ev = await fetch(`${url}/api/eval/cn.audit/1.0.0`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'y'.repeat(100 * 1024) }) });
      await expectError(ev, 413, 'payload_too_large');
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a body over the default 64 MB limit is refused from its Content-Length (413)', async () => {
    const huge = Buffer.alloc(65 * 1024 * 1024, 0x20);
    huge.write('{"manifest":');
    const res = await publish(reg, national, huge.toString('latin1'));
    await expectError(res, 413, 'payload_too_large');
    expectNothingStored(reg.dataDir);
  });

  it('malformed JSON gets 400 invalid_body naming JSON, on every JSON route', async () => {
    for (const text of ['{"manifest": ', '{manifest: 1}', '', '[1,2', '{"a":1}}']) {
      const res = await publish(reg, national, text);
      const status = res.status;
      expect([400], `body ${JSON.stringify(text)}`).toContain(status);
      expect((await res.json()).error.code).toBe('invalid_body');
    }
    const bad = (path: string) =>
      fetch(`${reg.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${national}` }, body: '{"reason": "x"' });
    expect(await expectError(await bad('/api/packs/cn.audit/1.0.0/yank'), 400, 'invalid_body')).toMatch(/JSON/);
    expect(await expectError(await bad('/api/eval/cn.audit/1.0.0'), 400, 'invalid_body')).toMatch(/JSON/);
    expect(await expectError(await bad('/api/3101'), 400, 'invalid_body')).toMatch(/JSON/);
    expectNothingStored(reg.dataDir);
  });

  it('path traversal in ids (encoded or literal ../) is a 4xx that reads and writes nothing', async () => {
    expect((await publish(reg, national, real)).status).toBe(201);
    const files = readdirSync(join(reg.dataDir, 'artifacts'));
    const reads = [
      '/api/packs/..%2F..%2Fetc/1.0.0',
      '/api/packs/..%2F..%2Fetc%2Fpasswd',
      '/api/packs/cn.audit/..%2F..%2Fregistry.sqlite',
      '/api/packs/cn.audit/..%2Fartifacts%2F' + real.hash,
      '/api/packs/%2E%2E/1.0.0',
      '/api/packs/cn.audit%2F..%2F..%2Fkeys/1.0.0',
      '/api/eval/..%2F..%2Fetc/1.0.0',
    ];
    for (const path of reads) {
      const res = await fetch(`${reg.url}${path}`, path.startsWith('/api/eval') ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' } : {});
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      const text = await res.text();
      expect(text, path).not.toContain('root:');
      expect(text, path).not.toContain('SQLite format');
      expect(JSON.parse(text).error.message.length, path).toBeGreaterThan(10);
    }
    // ids are validated by pattern: a clear 400 naming the parameter, not a 404 from a lookup
    expect(await expectError(await fetch(`${reg.url}/api/packs/..%2F..%2Fetc/1.0.0`), 400, 'invalid_body')).toMatch(/params/);
    // literal ../ in the URL is normalised by no one: the router sees it and matches nothing
    const literal = await fetch(`${reg.url}/api/packs/cn.audit/../../registry.sqlite`);
    expect(literal.status).toBeGreaterThanOrEqual(400);
    expect(await literal.text()).not.toContain('SQLite format');

    const yank = await fetch(`${reg.url}/api/packs/..%2Fcn.audit/1.0.0/yank`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${national}` }, body: '{"reason":"x"}',
    });
    await expectError(yank, 400, 'invalid_body');

    // an artifact whose manifest id or version climbs out is refused before anything is written
    for (const [id, version] of [['../../etc', '1.0.0'], ['cn/../x', '1.0.0'], ['cn.audit', '../../1.0.0'], ['cn.audit', '1.0.0/../../x']]) {
      const a = makeArtifact({ id: id!, version: version! });
      const res = await publish(reg, national, a);
      expect(res.status, `${id}@${version}`).toBe(400);
      expect(['invalid_artifact', 'invalid_version']).toContain((await res.json()).error.code);
    }
    expect(readdirSync(join(reg.dataDir, 'artifacts'))).toEqual(files);
    expect(countRows(reg.dataDir, 'SELECT count(*) AS n FROM versions')).toBe(1);
    expect(countRows(reg.dataDir, 'SELECT count(*) AS n FROM events WHERE kind != ?', 'token-create')).toBe(1);
  });

  it('unknown fields: in the artifact, the manifest, the publish wrapper, status bodies and queries', async () => {
    const withHash = (body: Record<string, unknown>) => {
      const { hash: _h, ...rest } = body;
      return { ...rest, hash: contentHash(rest) };
    };
    // even with a correct hash over the extra field, an unknown property is refused
    expect(await expectError(await publish(reg, national, withHash({ ...real, extra: true })), 400, 'invalid_artifact')).toContain('extra');
    expect(await expectError(await publish(reg, national, withHash({ ...real, manifest: { ...real.manifest, owner: 'me' } })), 400, 'invalid_artifact')).toContain('owner');
    expect(await expectError(await publish(reg, national, { artifact: real, replay: undefined, sneaky: 1 }), 400, 'invalid_body')).toContain('sneaky');
    expectNothingStored(reg.dataDir);

    expect((await publish(reg, national, { artifact: real })).status).toBe(201);
    const post = (path: string, body: unknown) =>
      fetch(`${reg.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${national}` }, body: JSON.stringify(body) });
    expect(await expectError(await post('/api/packs/cn.audit/1.0.0/deprecate', { reason: 'x', note: 'y' }), 400, 'invalid_body')).toMatch(/note|additional/i);
    const detail = await (await fetch(`${reg.url}/api/packs/cn.audit`)).json();
    expect(detail.versions[0].status).toBe('active');
    await expectError(await post('/api/eval/cn.audit/1.0.0?verbose=1', {}), 400, 'invalid_body');
    await expectError(await post('/api/3101?debug=1', {}), 400, 'invalid_body');
    await expectError(await fetch(`${reg.url}/api/events?since=3`), 400, 'invalid_body');
  });

  it('a wrong signature and a tampered byte get 400 with a message that says what happened', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519');
    writeFileSync(join(reg.dataDir, 'keys', 'nhsa-2025.pem'), other.publicKey.export({ type: 'spki', format: 'pem' }));
    // signed by a key other than the one the registry trusts under that id
    const wrongKey = { ...real, signature: { alg: 'ed25519' as const, keyId: 'nhsa-2025', value: signHash(real.hash, privateKey) } };
    const msg = await expectError(await publish(reg, national, wrongKey), 400, 'bad_signature');
    expect(msg).toContain('nhsa-2025');
    expect(msg).toMatch(/does not verify/);
    // a signature that is not even base64 of the right length
    const garbage = { ...real, signature: { alg: 'ed25519' as const, keyId: 'nhsa-2025', value: 'AAAA' } };
    await expectError(await publish(reg, national, garbage), 400, 'bad_signature');
    // signed correctly, then one byte of the file changed (the last byte of the title's last character)
    const good = { ...real, signature: { alg: 'ed25519' as const, keyId: 'nhsa-2025', value: signHash(real.hash, other.privateKey) } };
    const bytes = Buffer.from(JSON.stringify(good), 'utf8');
    const at = bytes.indexOf(Buffer.from('测试规则包"', 'utf8')) + Buffer.byteLength('测试规则包', 'utf8') - 1;
    bytes[at] = bytes[at]! + 1;
    const tampered = bytes.toString('utf8');
    expect(tampered).not.toBe(JSON.stringify(good));
    expect(JSON.parse(tampered).manifest.title).not.toBe(real.manifest.title);
    const tmsg = await expectError(await publish(reg, national, tampered), 400, 'hash_mismatch');
    expect(tmsg).toMatch(/edited after it was built/);
    expectNothingStored(reg.dataDir);
    // the untouched signed artifact goes through
    expect((await publish(reg, national, good)).status).toBe(201);
  });
});
