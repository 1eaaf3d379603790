// Part 3 of `npm run bench`: what an engine or a bureau runs end to end.
//  - `liangku eval` over a JSONL file, one worker and two, against bare JSON.parse of the same lines
//    (the input limit); targets ≥ 60% of JSON.parse with one worker and ≥ 1.6x that with two.
//  - replay: two versions of the benchmark pack (the second moves one rule to shadow) over the same
//    requests; target ≥ 40% of the single-version evaluation rate.
//  - load time of the national artifact (target ≤ 150 ms once loaded before, i.e. validator compiled).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './peers/gen.mjs';
import { toRequest } from './convert-claims.js';
import { packFiles } from './pack-files.js';
import { compilePack, compilePackDir, memorySource } from '../compiler/index.js';
import { evaluate, loadPack } from '../runtime/index.js';
import { replay } from '../governance/replay.js';
import { median } from './timing.js';

export interface PipelineReport {
  requests: number;
  jsonParsePerSec: number;
  evalPerSec: number;
  eval2PerSec: number;
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

export async function pipelineBench(opts: { claims: number; log: (s: string) => void }): Promise<PipelineReport> {
  const { claims, kb } = generate({ claims: opts.claims });
  const requests = claims.map(toRequest);
  const files = packFiles(kb);
  const oldC = await compilePack(memorySource('bench/pack', files), {});
  const shadowRule = 'dailyFreq';
  const newC = await compilePack(memorySource('bench/pack', { ...files, 'pack.lk': files['pack.lk']!.replace(/pack (\S+) 1\.0\.0/, 'pack $1 1.1.0') + `\nstate ${shadowRule} shadow because "bench: moved to shadow"\n` }), {});
  const oldA = oldC.value.artifact!;
  const newA = newC.value.artifact!;
  const dir = mkdtempSync(join(tmpdir(), 'lk-bench-'));
  const artifactFile = join(dir, 'pack.json');
  const jsonl = join(dir, 'requests.jsonl');
  writeFileSync(artifactFile, JSON.stringify(oldA));
  writeFileSync(jsonl, requests.map((r) => JSON.stringify(r)).join('\n') + '\n');

  // The input limit: JSON.parse of every line (what any JSONL consumer pays at least).
  const text = readFileSync(jsonl, 'utf8');
  const parseMs = median(
    [0, 1, 2].map(() => {
      const t = performance.now();
      for (const line of text.split('\n')) if (line) JSON.parse(line);
      return performance.now() - t;
    }),
  );
  const cli = (extra: string[]) => {
    const t = performance.now();
    execFileSync(process.execPath, [join(root, 'bin/liangku.mjs'), 'eval', '--pack', artifactFile, ...extra, jsonl], { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
    return performance.now() - t;
  };
  const evalMs = median([0, 1].map(() => cli([])));
  const eval2Ms = median([0, 1].map(() => cli(['--workers', '2'])));
  opts.log(`eval CLI: ${Math.round(evalMs)} ms (1 worker), ${Math.round(eval2Ms)} ms (2 workers); JSON.parse alone ${Math.round(parseMs)} ms`);

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
    requests: requests.length,
    jsonParsePerSec: requests.length / (parseMs / 1000),
    evalPerSec: requests.length / (evalMs / 1000),
    eval2PerSec: requests.length / (eval2Ms / 1000),
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
    `| bare JSON.parse of the JSONL (input limit) | ${f(p.jsonParsePerSec)} requests/s | — |`,
    `| \`liangku eval\` end to end, 1 worker (process start, pack load, parse, evaluate, write) | ${f(p.evalPerSec)} requests/s = ${pct(p.evalPerSec, p.jsonParsePerSec)} of JSON.parse | ≥ 60% |`,
    `| \`liangku eval --workers 2\` | ${f(p.eval2PerSec)} requests/s = ${(p.eval2PerSec / p.evalPerSec).toFixed(2)}x one worker | ≥ 1.6x |`,
    `| single-version evaluate (in process) | ${f(p.singlePerSec)} requests/s | — |`,
    `| replay (two versions, ${p.shadowRule} moved to shadow: ${f(p.shadowMoved)} findings moved) | ${f(p.replayPerSec)} requests/s = ${pct(p.replayPerSec, p.singlePerSec)} of single-version | ≥ 40% |`,
    `| national artifact (${(p.nationalBytes / 1e6).toFixed(1)} MB) loadPack, first in process | ${f(p.nationalLoadFirstMs)} ms | — |`,
    `| national artifact loadPack, again (validator compiled) | ${f(p.nationalLoadMs)} ms | ≤ 150 ms |`,
    `| check of a generated pack (100 rules, 50,000-row table) | ${f(p.generatedCheckMs)} ms | — |`,
    `| check + build of that pack (artifact emitted, hashed, validated) | ${f(p.generatedBuildMs)} ms | ≤ 2,000 ms |`,
    `| check + build of rulepacks/national (89 rules, 29,354 rows, 21 CSVs from disk) | ${f(p.nationalBuildMs)} ms | — |`,
  ].join('\n');
}
