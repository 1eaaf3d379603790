// `liangku eval` per cli.md: one result per request in input order; bad lines in place; exit 3.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compileTestPack } from '../server/eval-pack.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'lk-eval-'));
const artifact = join(dir, 'pack.json');
const requests = join(dir, 'requests.jsonl');
const BAD = new Set([17, 500, 999]);

const request = (i: number) => ({
  request_id: `R${i}`,
  patient: { gend: i % 2 ? '1' : '2', brdy: '1970-01-01' },
  encounter: { mdtrt_id: `M${i}`, med_type: '11', setl_time: '2025-03-01 10:00:00', feedetail: [{ feedetl_sn: '1', med_list_codg: i % 3 ? 'XB01' : 'FK01', med_list_name: '项目', cnt: 1, pric: i % 5 ? 50 : 150, det_item_fee_sumamt: i % 5 ? 50 : 150 }] },
});

beforeAll(async () => {
  writeFileSync(artifact, JSON.stringify(await compileTestPack('nhsa.audit', '1.0.0', 100)));
  const lines: string[] = [];
  for (let i = 1; i <= 1000; i++) lines.push(BAD.has(i) ? (i === 17 ? '{"patient": {' : i === 500 ? '{"encounter": {}}' : '[1,2]') : JSON.stringify(request(i)));
  writeFileSync(requests, lines.join('\n') + '\n');
}, 60_000);

const liangku = (args: string[]) => run(process.execPath, ['bin/liangku.mjs', ...args], { maxBuffer: 64 << 20 }).then(
  (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
  (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
);

describe('liangku eval', () => {
  it('3 bad lines among 1,000: exit 3, every line answered in its place', async () => {
    const r = await liangku(['eval', '--pack', artifact, requests]);
    expect(r.code).toBe(3);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(1000);
    out.forEach((x, i) => {
      if (BAD.has(i + 1)) expect(x.line, `line ${i + 1}`).toBe(i + 1), expect(x.error.code).toMatch(/bad-/);
      else expect(x.request_id).toBe(`R${i + 1}`);
    });
    expect(r.stderr).toContain('3 of 1000');
  }, 60_000);

  it('--workers 2 gives byte-identical output', async () => {
    const one = await liangku(['eval', '--pack', artifact, requests]);
    const two = await liangku(['eval', '--pack', artifact, '--workers', '2', requests]);
    expect(two.code).toBe(3);
    expect(two.stdout).toBe(one.stdout);
  }, 60_000);

  it('a pack that cannot load exits 1 with a plain message', async () => {
    writeFileSync(join(dir, 'broken.json'), '{"manifest": 1}');
    const r = await liangku(['eval', '--pack', join(dir, 'broken.json'), requests]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  }, 60_000);
});

describe('liangku eval --stage post --workers', () => {
  it('gives the same batch findings (same order) as a single-threaded run', async () => {
    const { compilePack, memorySource } = await import('../../compiler/index.js');
    const { PACK } = await import('../fixtures/batch-pack.js');
    const art = (await compilePack(memorySource('b', { 'pack.lk': PACK }))).value.artifact!;
    const packFile = join(dir, 'batch.json');
    writeFileSync(packFile, JSON.stringify(art));
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const day = `2024-12-${String(1 + (i % 28)).padStart(2, '0')}`;
      lines.push(JSON.stringify({
        request_id: `B${i}`,
        patient: { gend: '1', brdy: '1970-01-01' },
        encounter: { mdtrt_id: `M${i}`, fixmedins_code: `PH${i % 7}`, med_type: '41', setl_time: `${day} 10:00:00`, feedetail: [{ feedetl_sn: '1', med_list_codg: 'X', cnt: 1, det_item_fee_sumamt: 5, trace_code: `T${i % 1500}` }] },
      }));
    }
    const file = join(dir, 'batch.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    const one = await liangku(['eval', '--pack', packFile, '--stage', 'post', file]);
    const two = await liangku(['eval', '--pack', packFile, '--stage', 'post', '--workers', '2', file]);
    expect(one.code).toBe(0);
    const last = JSON.parse(one.stdout.trim().split('\n').pop()!);
    expect(last.batch).toBe(true);
    expect(last.findings.length).toBeGreaterThan(100); // every trace code is sold twice
    expect(two.stdout).toBe(one.stdout);
  }, 60_000);
});
