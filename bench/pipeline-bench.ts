// Part 3 of `npm run bench`: what an engine or a bureau runs end to end.
//  - `liangku eval` over a JSONL file, one worker and two, against bare JSON.parse of the same lines
//    (the input limit); targets ≥ 60% of JSON.parse with one worker and ≥ 1.6x that with two. Timed on
//    100,000 requests (the anchors' reference workload, ~475 MB of JSONL; node start-up and pack load
//    are paid once per process, so this is the rate of a real batch) and on 20,000. The CLI runs as
//    installed, from a fresh dist/ (bench/eval-profile.ts builds a private copy while dist/ is stale).
//  - replay: two versions of the benchmark pack (the second moves one rule to shadow) over the same
//    requests; target ≥ 40% of the single-version evaluation rate.
//  - load time of the national artifact (target ≤ 150 ms once loaded before, i.e. validator compiled).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './peers/gen.mjs';
import { toRequest } from './convert-claims.js';
import { packFiles } from './pack-files.js';
import { compilePack, compilePackDir, memorySource } from '../compiler/index.js';
import { evaluate, loadPack } from '../runtime/index.js';
import { replay } from '../governance/replay.js';
import { median } from './timing.js';
import { builtCli, jsonParseMs } from './eval-profile.js';

/** The eval rows are timed on this many requests (and on the first 20,000 of them). */
export const EVAL_REQUESTS = 100_000;
const EVAL_SMALL = 20_000;

/** One size of the eval rows: requests/s of bare JSON.parse, of `liangku eval`, and of `--workers 2`. */
export interface EvalRate {
  requests: number;
  jsonParsePerSec: number;
  evalPerSec: number;
  eval2PerSec: number;
}

export interface PipelineReport extends EvalRate {
  small: EvalRate;
  singlePerSec: number;
  replayPerSec: number;
  shadowRule: string;
  shadowMoved: number;
  nationalBytes: number;
  nationalLoadFirstMs: number;
  nationalLoadMs: number;
  generatedBuildMs: number;
  generatedCheckMs: number;
  nationalBuildMs: number;
}

/** A pack of 100 rules over one 50,000-row knowledge table (issue 4's build benchmark). */
function generatedPack(): Record<string, string> {
  const rows = ['code,name,limit,gender'];
  for (let i = 0; i < 50_000; i++) rows.push(`C${String(i).padStart(6, '0')},项目${i},${1 + (i % 9)},${i % 3 === 0 ? '1' : i % 3 === 1 ? '2' : ''}`);
  let lk = 'pack bench.build 1.0.0 "构建基准" {\n  region "000000"\n}\n\nknowledge items "项目" from "knowledge/items.csv" {\n  key code: code "编码"\n  name: text "名称"\n  limit: decimal "上限"\n  gender: gender? "性别"\n}\n';
  for (let r = 0; r < 100; r++) {
    lk += `\nrule B${String(r).padStart(3, '0')} "规则${r}" {\n  class 医疗类\n  result suspicious\n  for l in encounter.feedetail\n  let k = items[l.med_list_codg]\n  when k != none and l.cnt > k.limit + ${r} and (k.gender == none or k.gender != patient.gend)\n  flag l\n  say "{k.name}数量{l.cnt}超过{k.limit}"\n}\n`;
  }
  return { 'pack.lk': lk, 'knowledge/items.csv': rows.join('\n') + '\n' };
}

const root = fileURLToPath(new URL('..', import.meta.url));

/** Requests as JSONL, written in slices (100,000 requests are ~475 MB: never one string). */
function writeJsonl(file: string, requests: readonly unknown[]): void {
  const fd = openSync(file, 'w');
  try {
    for (let i = 0; i < requests.length; i += 2000) writeSync(fd, requests.slice(i, i + 2000).map((r) => JSON.stringify(r) + '\n').join(''));
  } finally {
    closeSync(fd);
  }
}

/** `liangku eval` as a whole process (node start, module load, pack load, read, evaluate, write), output to /dev/null. */
function cliMs(cli: string, artifactFile: string, jsonl: string, extra: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, [cli, 'eval', '--pack', artifactFile, ...extra, jsonl], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0 && r.status !== 3) throw new Error(`liangku eval ${extra.join(' ')} exited ${r.status}`);
  return performance.now() - t;
}

/**
 * The three rates of one file. The runs are interleaved (JSON.parse, 1 worker, 2 workers, again…) so
 * that a busy spell of a shared machine hits them alike instead of skewing one ratio.
 */
function evalRate(cli: string, artifactFile: string, jsonl: string, requests: number, log: (s: string) => void): EvalRate {
  const parse: number[] = [];
  const one: number[] = [];
  const two: number[] = [];
  for (let rep = 0; rep < 2; rep++) {
    parse.push(jsonParseMs(jsonl, 1));
    one.push(cliMs(cli, artifactFile, jsonl, []));
    two.push(cliMs(cli, artifactFile, jsonl, ['--workers', '2']));
  }
  parse.push(jsonParseMs(jsonl, 1));
  const [parseMs, evalMs, eval2Ms] = [median(parse), median(one), median(two)];
  log(`eval CLI, ${requests} requests: ${Math.round(evalMs)} ms (1 worker), ${Math.round(eval2Ms)} ms (2 workers); JSON.parse alone ${Math.round(parseMs)} ms; load average ${loadavg()[0]!.toFixed(2)}`);
  const rate = (ms: number) => requests / (ms / 1000);
  return { requests, jsonParsePerSec: rate(parseMs), evalPerSec: rate(evalMs), eval2PerSec: rate(eval2Ms) };
}

export async function pipelineBench(opts: { claims: number; log: (s: string) => void }): Promise<PipelineReport> {
  const dir = mkdtempSync(join(tmpdir(), 'lk-bench-'));
  const jsonl = join(dir, 'requests.jsonl');
  const jsonlSmall = join(dir, 'requests-20k.jsonl');
  // The same generator run gives the eval files and (its first opts.claims) the in-process requests;
  // the 100,000 request objects are dropped once written.
  const { kb, requests, evalCount } = (() => {
    const all = generate({ claims: Math.max(opts.claims, EVAL_REQUESTS) });
    const evalRequests = all.claims.slice(0, EVAL_REQUESTS).map(toRequest);
    writeJsonl(jsonl, evalRequests);
    writeJsonl(jsonlSmall, evalRequests.slice(0, EVAL_SMALL));
    return { kb: all.kb, requests: all.claims.slice(0, opts.claims).map(toRequest), evalCount: evalRequests.length };
  })();
  const files = packFiles(kb);
  const oldC = await compilePack(memorySource('bench/pack', files), {});
  const shadowRule = 'dailyFreq';
  const newC = await compilePack(memorySource('bench/pack', { ...files, 'pack.lk': files['pack.lk']!.replace(/pack (\S+) 1\.0\.0/, 'pack $1 1.1.0') + `\nstate ${shadowRule} shadow because "bench: moved to shadow"\n` }), {});
  const oldA = oldC.value.artifact!;
  const newA = newC.value.artifact!;
  const artifactFile = join(dir, 'pack.json');
  writeFileSync(artifactFile, JSON.stringify(oldA));
  const cli = builtCli(opts.log);
  const big = evalRate(cli, artifactFile, jsonl, evalCount, opts.log);
  const small = evalRate(cli, artifactFile, jsonlSmall, Math.min(EVAL_SMALL, evalCount), opts.log);
  rmSync(dir, { recursive: true, force: true });

  const oldP = loadPack(oldA).value!;
  const newP = loadPack(newA).value!;
  const t0 = performance.now();
  for (const r of requests) evaluate(oldP, r);
  const singleMs = performance.now() - t0;
  const rep = await replay(oldP, newP, requests);
  const moved = rep.rules.find((r) => r.rule === shadowRule)?.movedToShadow ?? 0;
  opts.log(`replay: ${Math.round(rep.throughput.replayPerSecond)} requests/s; single version ${Math.round(requests.length / (singleMs / 1000))}/s`);

  // National artifact: bytes and load time (first load compiles the ajv validator; the second is what a hot reload pays).
  const nat = await compilePackDir(join(root, 'rulepacks/national'));
  const natJson = JSON.stringify(nat.value.artifact);
  let t = performance.now();
  loadPack(JSON.parse(natJson));
  const firstMs = performance.now() - t;
  const again = [0, 1, 2].map(() => {
    t = performance.now();
    loadPack(JSON.parse(natJson));
    return performance.now() - t;
  });
  const gen = generatedPack();
  t = performance.now();
  await compilePack(memorySource('bench/build', gen), { checkOnly: true });
  const generatedCheckMs = performance.now() - t;
  t = performance.now();
  const built = await compilePack(memorySource('bench/build', gen), {});
  const generatedBuildMs = performance.now() - t;
  if (!built.value.artifact) throw new Error('the generated 100-rule pack does not build');
  t = performance.now();
  await compilePackDir(join(root, 'rulepacks/national'));
  const nationalBuildMs = performance.now() - t;
  return {
    generatedBuildMs,
    generatedCheckMs,
    nationalBuildMs,
    ...big,
    small,
    singlePerSec: requests.length / (singleMs / 1000),
    replayPerSec: rep.throughput.replayPerSecond,
    shadowRule,
    shadowMoved: moved,
    nationalBytes: natJson.length,
    nationalLoadFirstMs: firstMs,
    nationalLoadMs: median(again),
  };
}

export function pipelineTable(p: PipelineReport): string {
  const f = (x: number) => Math.round(x).toLocaleString('en-US');
  const pct = (a: number, b: number) => `${Math.round((a / b) * 100)}%`;
  return [
    `| measure | value | target |`,
    `| --- | --- | --- |`,
    `| bare JSON.parse of the JSONL (input limit), ${f(p.requests)} requests | ${f(p.jsonParsePerSec)} requests/s | — |`,
    `| \`liangku eval\` end to end, 1 worker (process start, pack load, parse, evaluate, write), ${f(p.requests)} requests | ${f(p.evalPerSec)} requests/s = ${pct(p.evalPerSec, p.jsonParsePerSec)} of JSON.parse | ≥ 60% |`,
    `| \`liangku eval --workers 2\`, ${f(p.requests)} requests | ${f(p.eval2PerSec)} requests/s = ${(p.eval2PerSec / p.evalPerSec).toFixed(2)}x one worker | ≥ 1.6x |`,
    `| the same on ${f(p.small.requests)} requests: JSON.parse / 1 worker / 2 workers | ${f(p.small.jsonParsePerSec)} / ${f(p.small.evalPerSec)} (${pct(p.small.evalPerSec, p.small.jsonParsePerSec)}) / ${f(p.small.eval2PerSec)} (${(p.small.eval2PerSec / p.small.evalPerSec).toFixed(2)}x) requests/s | — |`,
    `| single-version evaluate (in process) | ${f(p.singlePerSec)} requests/s | — |`,
    `| replay (two versions, ${p.shadowRule} moved to shadow: ${f(p.shadowMoved)} findings moved) | ${f(p.replayPerSec)} requests/s = ${pct(p.replayPerSec, p.singlePerSec)} of single-version | ≥ 40% |`,
    `| national artifact (${(p.nationalBytes / 1e6).toFixed(1)} MB) loadPack, first in process | ${f(p.nationalLoadFirstMs)} ms | — |`,
    `| national artifact loadPack, again (validator compiled) | ${f(p.nationalLoadMs)} ms | ≤ 150 ms |`,
    `| check of a generated pack (100 rules, 50,000-row table) | ${f(p.generatedCheckMs)} ms | — |`,
    `| check + build of that pack (artifact emitted, hashed, validated) | ${f(p.generatedBuildMs)} ms | ≤ 2,000 ms |`,
    `| check + build of rulepacks/national (89 rules, 29,354 rows, 21 CSVs from disk) | ${f(p.nationalBuildMs)} ms | — |`,
  ].join('\n');
}
