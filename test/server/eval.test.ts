// Evaluation over HTTP (real server on a random port, fetch): one object, an array, JSONL streamed;
// bad requests in place; 404/400; pack headers; each artifact loaded once per content hash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Artifact } from '../../runtime/artifact/ir.js';
import { EvalCache } from '../../server/eval-cache.js';
import { publish, startRegistry, type Registry } from './helpers.js';
import { claim, compileTestPack } from './eval-pack.js';

let reg: Registry;
let v100: Artifact;
let v110: Artifact;
let v200: Artifact;

beforeAll(async () => {
  reg = await startRegistry();
  const token = reg.token('publisher', '000000', 'national');
  v100 = await compileTestPack('nhsa.audit', '1.0.0', 100);
  v110 = await compileTestPack('nhsa.audit', '1.1.0', 200); // a higher limit: 150 元 is no longer over it
  v200 = await compileTestPack('nhsa.audit', '2.0.0', 10);
  for (const a of [v100, v110, v200]) expect((await publish(reg, token, a)).status).toBe(201);
  // 2.0.0 is yanked: a range must never pick it, its exact number still works.
  const y = await fetch(`${reg.url}/api/packs/nhsa.audit/2.0.0/yank`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ reason: '测试撤回' }),
  });
  expect(y.status).toBeLessThan(300);
}, 60_000);
afterAll(async () => reg?.close());

const evalPost = (path: string, body: unknown, contentType = 'application/json') =>
  fetch(`${reg.url}/api/eval/${path}`, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('POST /api/eval/:id/:versionOrRange', () => {
  it('evaluates one request into one result with the pack headers', async () => {
    const res = await evalPost('nhsa.audit/1.0.0', claim('R-1'));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-liangku-pack')).toBe('nhsa.audit@1.0.0');
    expect(res.headers.get('x-liangku-hash')).toBe(`"${v100.hash}"`);
    const r = await res.json();
    expect(r.request_id).toBe('R-1');
    expect(r.pack).toMatchObject({ id: 'nhsa.audit', version: '1.0.0' });
    expect(r.findings.map((f: { rule_id: string }) => f.rule_id)).toEqual(['T0001', 'T0002']);
    expect(r.findings[0]).toMatchObject({ amount: 150, result: 'definite', lines: [{ feedetl_sn: '1', role: 'violation' }, { feedetl_sn: '3', role: 'involved' }] });
  });

  it('resolves a range to the highest non-yanked version, and an exact yanked version by number', async () => {
    const byRange = await evalPost('nhsa.audit/^1.0.0', claim('R-2'));
    expect(byRange.headers.get('x-liangku-pack')).toBe('nhsa.audit@1.1.0');
    // limit 200 in 1.1.0: only the 妇科 rule fires
    expect((await byRange.json()).findings.map((f: { rule_id: string }) => f.rule_id)).toEqual(['T0002']);
    const star = await evalPost('nhsa.audit/*', claim('R-3'));
    expect(star.headers.get('x-liangku-pack')).toBe('nhsa.audit@1.1.0');
    const yanked = await evalPost('nhsa.audit/2.0.0', claim('R-4'));
    expect(yanked.status).toBe(200);
    expect(yanked.headers.get('x-liangku-pack')).toBe('nhsa.audit@2.0.0');
    expect(yanked.headers.get('x-liangku-status')).toBe('yanked');
  });

  it('answers an array with results in order, bad requests in place (HTTP 200)', async () => {
    const bad = { request_id: 'BAD', patient: {}, encounter: { feedetail: 'nope' } };
    const res = await evalPost('nhsa.audit/1.0.0', [claim('A', '2'), bad, 42, claim('C')]);
    expect(res.status).toBe(200);
    const rs = await res.json();
    expect(rs).toHaveLength(4);
    expect(rs[0].request_id).toBe('A');
    expect(rs[0].findings.map((f: { rule_id: string }) => f.rule_id)).toEqual(['T0001']); // a woman: no 妇科 finding
    expect(rs[1]).toMatchObject({ line: 2, request_id: 'BAD', error: { code: expect.any(String) } });
    expect(rs[2]).toMatchObject({ line: 3, error: { code: expect.any(String) } });
    expect(rs[3].request_id).toBe('C');
  });

  it('streams JSONL results in input order for application/x-ndjson, skipping blank lines', async () => {
    const body = [JSON.stringify(claim('L1')), '', '{not json', JSON.stringify(claim('L3', '2'))].join('\n') + '\n';
    const res = await evalPost('nhsa.audit/1.0.0', body, 'application/x-ndjson');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].request_id).toBe('L1');
    expect(lines[1]).toMatchObject({ line: 3, error: { code: 'bad-json' } });
    expect(lines[2].request_id).toBe('L3');
  });

  it('passes stage, asOf and explain through to the runtime', async () => {
    // T0002 runs at mid/post only: at pre just T0001 remains.
    const pre = await (await evalPost('nhsa.audit/1.0.0?stage=pre', claim('S'))).json();
    expect(pre.stage).toBe('pre');
    expect(pre.findings.map((f: { rule_id: string }) => f.rule_id)).toEqual(['T0001']);
    const explained = await (await evalPost('nhsa.audit/1.0.0?explain=true&asOf=2025-03-10', claim('E'))).json();
    expect(explained.findings[0].explanation.steps.length).toBeGreaterThan(0);
    const plain = await (await evalPost('nhsa.audit/1.0.0', claim('E'))).json();
    expect(plain.findings[0].explanation).toBeUndefined();
  });

  it('reports an unknown scenario in place, as the runtime does', async () => {
    const r = await (await evalPost('nhsa.audit/1.0.0?scenario=nope', claim('X'))).json();
    expect(r.error.message).toContain('nope');
  });

  it('refuses a bad stage or date (400) and an unknown pack or version (404)', async () => {
    for (const [path, status, code] of [
      ['nhsa.audit/1.0.0?stage=during', 400, 'invalid_stage'],
      ['nhsa.audit/1.0.0?asOf=2025-13-45x', 400, 'invalid_query'],
      ['nope.audit/1.0.0', 404, 'not_found'],
      ['nhsa.audit/^9.0.0', 404, 'not_found'],
      ['nhsa.audit/not-a-range!', 404, 'not_found'],
    ] as const) {
      const res = await evalPost(path, claim());
      expect(res.status, path).toBe(status);
      const b = await res.json();
      expect(b.error.code, path).toBe(code);
      expect(b.error.message.length).toBeGreaterThan(10);
    }
  });

  it('answers invalid JSON with 400 invalid_body', async () => {
    const res = await evalPost('nhsa.audit/1.0.0', '{"request_id":');
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid_body');
  });

  it('loads each artifact once per content hash, however many requests use it', async () => {
    const cache = reg.app.evalCache;
    const before = cache.loads;
    for (let i = 0; i < 5; i++) await evalPost('nhsa.audit/1.0.0', claim(`N${i}`));
    await evalPost('nhsa.audit/~1.0.0', claim('N-range')); // the same artifact, named by a range
    expect(cache.loads).toBe(before);
    expect(cache.has(v100.hash)).toBe(true);
  });
});

describe('EvalCache', () => {
  it('keeps at most capacity packs, dropping the least recently used', async () => {
    const cache = new EvalCache(reg.app.registryStore.artifactsDir, 2);
    expect(cache.get(v100.hash).pack?.artifact.manifest.version).toBe('1.0.0');
    expect(cache.get(v110.hash).pack).not.toBeNull();
    cache.get(v100.hash); // touch: 1.1.0 is now the oldest
    cache.get(v200.hash);
    expect(cache.size).toBe(2);
    expect(cache.has(v110.hash)).toBe(false);
    expect(cache.has(v100.hash)).toBe(true);
    expect(cache.loads).toBe(3);
    expect(cache.get('f'.repeat(64))).toMatchObject({ pack: null, problem: expect.stringContaining('missing') });
  });
});

describe('JSONL line splitting', () => {
  it('yields the same lines however the bytes are cut into chunks (UTF-8 characters split included)', async () => {
    const { lines } = await import('../../server/routes/eval.js');
    const fc = (await import('fast-check')).default;
    const text = ['{"a":"甲药"}', '', '{"b":"妇科检查"}\r', '{"c":1}'].join('\n');
    const bytes = new TextEncoder().encode(text);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), async (cuts) => {
        const at = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        async function* chunks() {
          for (let i = 0; i + 1 < at.length; i++) yield bytes.slice(at[i], at[i + 1]);
        }
        const got: string[] = [];
        for await (const l of lines(chunks())) got.push(l);
        expect(got).toEqual(['{"a":"甲药"}', '', '{"b":"妇科检查"}', '{"c":1}']);
      }),
      { numRuns: 60 },
    );
  });
});
