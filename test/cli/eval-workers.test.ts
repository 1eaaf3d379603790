// `liangku eval --workers N` against a single-threaded run over a messy JSONL file that spans several
// blocks: blank lines, CRLF endings, bad lines, a request longer than a block, no final newline.
// cli.md: the output is byte-identical, one result per request, bad lines reported in place, exit 3.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compileTestPack } from '../server/eval-pack.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'lk-eval-workers-'));
const artifact = join(dir, 'pack.json');
const requests = join(dir, 'requests.jsonl');
const array = join(dir, 'requests.json');

const feeLine = (i: number, k: number) => ({ feedetl_sn: String(k), med_list_codg: k % 3 ? 'XB01' : 'FK01', med_list_name: '项目', cnt: 1, pric: k % 5 ? 50 : 150, det_item_fee_sumamt: k % 5 ? 50 : 150, fee_ocur_time: `2025-03-01 ${String(i % 24).padStart(2, '0')}:00:00` });
const request = (i: number, lines = 1) => ({
  request_id: `R${i}`,
  patient: { gend: i % 2 ? '1' : '2', brdy: '1970-01-01' },
  encounter: { mdtrt_id: `M${i}`, med_type: '11', setl_time: '2025-03-01 10:00:00', feedetail: Array.from({ length: lines }, (_, k) => feeLine(i, k + i)) },
});

/** A request longer than a block (~1.3 MB; a long item name, not many lines, to keep the rules quick). */
const longRequest = (i: number) => {
  const r = request(i);
  r.encounter.feedetail[0]!.med_list_name = '项目'.repeat(220_000);
  return r;
};

/** What the test expects: the request lines (non-blank), in order, and which of them are bad. */
const expected: { id: string | null }[] = [];

beforeAll(async () => {
  writeFileSync(artifact, JSON.stringify(await compileTestPack('nhsa.audit', '1.0.0', 100)));
  const parts: string[] = [];
  const push = (line: string, id: string | null, eol = '\n') => {
    parts.push(line + eol);
    expected.push({ id });
  };
  for (let i = 1; i <= 9000; i++) {
    if (i % 997 === 0) parts.push(i % 2 ? '\n' : '   \t\r\n'); // blank lines are not requests
    if (i === 4000) push(JSON.stringify(longRequest(i)), `R${i}`); // ~1.3 MB: longer than a block
    else if (i % 1500 === 0) push(i % 3000 ? '{"patient": {' : '[1,2]', null); // bad JSON / not a request
    else push(JSON.stringify(request(i)), `R${i}`, i % 7 === 0 ? '\r\n' : '\n');
  }
  const text = parts.join('');
  writeFileSync(requests, text.slice(0, -1)); // no final newline
  writeFileSync(array, JSON.stringify(Array.from({ length: 300 }, (_, i) => request(i + 1))));
}, 60_000);

const liangku = (args: string[]) =>
  run(process.execPath, ['bin/liangku.mjs', ...args], { maxBuffer: 256 << 20 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

/** The CLI with its stdin fed from a file through a pipe. */
function liangkuStdin(args: string[], input: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['bin/liangku.mjs', ...args], { stdio: ['pipe', 'pipe', 'ignore'] });
    const out: Buffer[] = [];
    p.stdout.on('data', (c: Buffer) => out.push(c));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8') }));
    p.stdin.end(readFileSync(input));
  });
}

describe('liangku eval --workers N over blocks', () => {
  let single = '';

  it('one worker: one result per request line, bad lines in place with their request number, exit 3', async () => {
    const r = await liangku(['eval', '--pack', artifact, requests]);
    expect(r.code).toBe(3);
    single = r.stdout;
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { request_id?: string; line?: number; error?: { code: string } });
    expect(out).toHaveLength(expected.length);
    out.forEach((x, i) => {
      const want = expected[i]!;
      if (want.id === null) {
        expect(x.line, `request ${i + 1}`).toBe(i + 1);
        expect(x.error?.code).toMatch(/^bad-/);
      } else expect(x.request_id, `request ${i + 1}`).toBe(want.id);
    });
    const bad = expected.filter((e) => e.id === null).length;
    expect(r.stderr).toContain(`${bad} of ${expected.length}`);
  }, 120_000);

  it('--workers 2 and 3 write the same bytes', async () => {
    for (const w of ['2', '3']) {
      const r = await liangku(['eval', '--pack', artifact, '--workers', w, requests]);
      expect(r.code).toBe(3);
      expect(r.stdout === single, `--workers ${w} differs`).toBe(true);
    }
  }, 120_000);

  it('stdin through a pipe gives the same bytes as the file, with and without workers', async () => {
    for (const extra of [[], ['--workers', '2']]) {
      const r = await liangkuStdin(['eval', '--pack', artifact, ...extra], requests);
      expect(r.code).toBe(3);
      expect(r.stdout === single, `stdin ${extra.join(' ')} differs`).toBe(true);
    }
  }, 120_000);

  it('a JSON array gives the same results with workers as without', async () => {
    const one = await liangku(['eval', '--pack', artifact, array]);
    const two = await liangku(['eval', '--pack', artifact, '--workers', '2', array]);
    expect(one.code).toBe(0);
    expect(one.stdout.trimEnd().split('\n')).toHaveLength(300);
    expect(two.stdout).toBe(one.stdout);
  }, 120_000);

  it('a pack that does not load in the workers exits 1 with a plain message, before any output', async () => {
    writeFileSync(join(dir, 'broken.json'), '{"manifest": 1}');
    writeFileSync(join(dir, 'notjson.json'), '{"manifest": ');
    for (const pack of ['broken.json', 'notjson.json']) {
      const r = await liangku(['eval', '--pack', join(dir, pack), '--workers', '2', requests]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/liangku eval: /);
      expect(r.stderr).not.toMatch(/at .*\.[jt]s:\d+/);
    }
  }, 120_000);

  it('requests that cannot be read: exit 2 with a plain message naming the file', async () => {
    const r = await liangku(['eval', '--pack', artifact, join(dir, 'missing.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.jsonl');
    expect(r.stderr).not.toMatch(/internal error|at .*\.[jt]s:\d+/);
  }, 60_000);

  it('a reader that goes away early (| head) ends the run quietly', async () => {
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, ['bin/liangku.mjs', 'eval', '--pack', artifact, '--workers', '2', requests], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      p.stderr.on('data', (c: Buffer) => (err += c.toString()));
      p.stdout.once('data', () => p.stdout.destroy());
      p.on('close', (code) => resolve({ code, stderr: err }));
    });
    expect(r.stderr).not.toMatch(/internal error|EPIPE|at .*\.[jt]s:\d+/);
    expect(r.code === 0 || r.code === 3).toBe(true);
  }, 120_000);
});
