// POST /api/eval/sources over real HTTP: Shanxi's sources (as the studio holds them) compiled against
// the bundled bases and evaluated without publishing; an edit changes the answer; compile errors are
// 422 with path:line:col; identical files reuse one compiled pack; caps and bad paths are refused.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesKey } from '../../server/routes/eval-sources.js';
import { startRegistry, type Registry } from './helpers.js';

const SHANXI = join(import.meta.dirname, '..', '..', 'rulepacks', 'shanxi');
const shanxi: Record<string, string> = { 'pack.lk': readFileSync(join(SHANXI, 'pack.lk'), 'utf8') };
for (const f of readdirSync(join(SHANXI, 'tests'))) shanxi[`tests/${f}`] = readFileSync(join(SHANXI, 'tests', f), 'utf8');
const visit = JSON.parse(shanxi['tests/visit-with-history.json']!) as Record<string, unknown>;

let reg: Registry;
beforeAll(async () => {
  reg = await startRegistry(); // an empty registry: nothing is published, the sources are enough
}, 60_000);
afterAll(async () => reg?.close());

const post = (body: unknown, query = '') =>
  fetch(`${reg.url}/api/eval/sources${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

interface Result {
  request_id?: string;
  values?: Record<string, number | null>;
  findings: { rule_id: string; explanation?: unknown }[];
  error?: { code: string; message: string };
}

describe('POST /api/eval/sources', () => {
  it('evaluates the requests against the posted sources, in order, with the pack headers (nothing published)', async () => {
    const bad = { not: 'a request' };
    const res = await post({ files: shanxi, requests: [visit, bad, { ...visit, request_id: 'SECOND' }] }, '?explain=true');
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('x-liangku-pack')).toBe('shanxi.outpatient@2024.1.0');
    expect(res.headers.get('x-liangku-status')).toBe('unpublished');
    const out = (await res.json()) as Result[];
    expect(out).toHaveLength(3);
    expect(out[0]!.request_id).toBe('SX-0002');
    expect(out[0]!.values?.pooling_payment).toBe(50);
    expect(out[0]!.findings.map((f) => f.rule_id)).not.toContain('SX0001');
    expect(out[1]!.error?.code).toBeTruthy(); // a bad request takes its place, the others still answer
    expect(out[2]!.request_id).toBe('SECOND');
    expect((await fetch(`${reg.url}/api/packs/shanxi.outpatient`)).status).toBe(404);
  });

  it('an edit not published changes the answer: annual_limit 300 → 250 leaves nothing to pay and flags SX0001', async () => {
    const edited = { ...shanxi, 'pack.lk': shanxi['pack.lk']!.replace(/(param annual_limit [^\n]*= )300\b/, '$1250') };
    expect(edited['pack.lk']).not.toBe(shanxi['pack.lk']);
    const res = await post({ files: edited, requests: [visit] }, '?explain=true');
    expect(res.status).toBe(200);
    const [r] = (await res.json()) as Result[];
    expect(r!.values?.pooling_payment).toBe(0);
    const sx = r!.findings.find((f) => f.rule_id === 'SX0001');
    expect(sx).toBeDefined();
    expect(JSON.stringify(sx!.explanation)).toContain('250');
  });

  it('a compile error is 422 with path:line:col diagnostics naming the bad word', async () => {
    const broken = { ...shanxi, 'pack.lk': shanxi['pack.lk']!.replace('when pooling_used >= annual_limit', 'when pooling_used >= anual_limit') };
    const res = await post({ files: broken, requests: [visit] });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; message: string }; diagnostics: string[] };
    expect(body.error.code).toBe('compile_errors');
    expect(body.error.message).toMatch(/^The pack does not build \(\d+ errors?\); fix them and run again\./);
    const line = broken['pack.lk']!.split('\n').findIndex((l) => l.includes('anual_limit')) + 1;
    const col = broken['pack.lk']!.split('\n')[line - 1]!.indexOf('anual_limit') + 1;
    expect(body.diagnostics.some((d) => d.startsWith(`pack.lk:${line}:${col} `) && d.includes('anual_limit')), body.diagnostics.join('\n')).toBe(true);
  });

  it('identical files reuse one compiled pack (cache hit, same hash); a different file set compiles again', async () => {
    const cache = reg.app.sourcesCache;
    // Same files in another key order: the same pack.
    const reordered = Object.fromEntries(Object.entries(shanxi).reverse());
    expect(filesKey(reordered)).toBe(filesKey(shanxi));
    const before = cache.compiles;
    const a = await post({ files: reordered, requests: [visit] });
    const b = await post({ files: shanxi, requests: [visit] });
    expect(a.headers.get('x-liangku-cache')).toBe('hit'); // compiled by the first test
    expect(b.headers.get('x-liangku-cache')).toBe('hit');
    expect(a.headers.get('x-liangku-hash')).toBe(b.headers.get('x-liangku-hash'));
    expect(cache.compiles).toBe(before);
    const changed = { ...shanxi, 'tests/extra.json': '{}' };
    expect(filesKey(changed)).not.toBe(filesKey(shanxi));
    const c = await post({ files: changed, requests: [visit] });
    expect(c.headers.get('x-liangku-cache')).toBe('miss');
    expect(cache.compiles).toBe(before + 1);
    expect(cache.size).toBeLessThanOrEqual(cache.capacity);
  });

  it('refuses paths that are not pack sources, too many files, a missing requests list and a bad query', async () => {
    const path = await post({ files: { ...shanxi, 'knowledge/x.csv': 'a,b' }, requests: [] });
    expect(path.status).toBe(400);
    expect(((await path.json()) as { error: { message: string } }).error.message).toContain('knowledge/x.csv');
    const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}.lk`, '']));
    expect((await post({ files: many, requests: [] })).status).toBe(400);
    expect((await post({ files: shanxi })).status).toBe(400);
    expect((await post({ files: shanxi, requests: [visit] }, '?stage=later')).status).toBe(400);
  });
});
