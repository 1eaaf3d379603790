// `liangku eval --input 3101 [--output 3101]`: the platform's request shape in, our results or the
// platform's result shape out, through the real CLI process.
import { describe, expect, it, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compileTestPack } from '../server/eval-pack.js';
import { platformCall } from '../fixtures/platform-3101.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'lk-3101-'));
const artifact = join(dir, 'pack.json');
const calls = join(dir, 'calls.jsonl');

beforeAll(async () => {
  writeFileSync(artifact, JSON.stringify(await compileTestPack('nhsa.audit', '1.0.0', 100)));
  writeFileSync(calls, `${JSON.stringify(platformCall())}\nnot json\n`);
}, 60_000);

const liangku = (args: string[]) => run(process.execPath, ['bin/liangku.mjs', ...args]).then(
  (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
  (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
);

describe('eval --input 3101', () => {
  it('answers in the platform shape, pointing at the right rx_ids, and reports a bad call in place', async () => {
    const r = await liangku(['eval', '--pack', artifact, '--input', '3101', '--output', '3101', calls]);
    expect(r.code).toBe(3);
    const [first, second] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(first.infcode).toBe(0);
    const results = first.output.result as { rule_id: string; sev_deg: string; judge_result_detail_dtos: { rx_id: string; vola_item_type: string }[] }[];
    const byRule = new Map(results.map((x) => [x.rule_id, x]));
    // T0001: orders over 100 yuan; the current orders 1001 (150) and 1003 (50 × 2 → pric 50, not over) → 1001 only.
    const t1 = byRule.get('T0001')!;
    expect(t1.sev_deg).toBe('1');
    expect(t1.judge_result_detail_dtos.filter((d) => d.vola_item_type === '1').map((d) => d.rx_id)).toEqual(['1001']);
    // T0002 runs at 事中/事后 only; trig_scen 5 is 事前, so the platform result has no T0002.
    expect(byRule.has('T0002')).toBe(false);
    expect(second.error.code).toBe('bad-json');
  }, 60_000);

  it('can answer in our own result format, one line per patient', async () => {
    const r = await liangku(['eval', '--pack', artifact, '--input', '3101', '--stage', 'mid', calls]);
    const [ours] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(ours.mdtrt_id).toBe('140900ZY100000012345');
    expect(ours.stage).toBe('mid');
    // Our format keeps every finding, including the context order 0999 (180 yuan) the platform view hides.
    const lines = ours.findings.map((f: { rule_id: string; lines: { feedetl_sn: string; role: string }[] }) => `${f.rule_id}:${f.lines.filter((l) => l.role === 'violation').map((l) => l.feedetl_sn).join(',')}`);
    expect(lines.sort()).toEqual(['T0001:0999', 'T0001:1001', 'T0002:1002']);
  }, 60_000);

  it('refuses --output 3101 without --input 3101', async () => {
    const r = await liangku(['eval', '--pack', artifact, '--output', '3101', calls]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--output 3101 needs --input 3101');
  }, 60_000);
});
