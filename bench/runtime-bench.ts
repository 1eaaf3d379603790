// Part 2 of `npm run bench`: liangku (compiled and interpreter) against the hand-written JS and CEL peers,
// on the anchors' claims and knowledge, in one process. Every engine first makes one full pass whose hits
// are cross-checked against the hand-written engine's (the same hit set or the benchmark fails).
import { generate } from './peers/gen.mjs';
import { hitKey, RULE_IDS } from './peers/rules.mjs';
import * as handwritten from './peers/handwritten.mjs';
import * as cel from './peers/cel.mjs';
import { toRequest } from './convert-claims.js';
import { compileBenchPack, loadBenchPack, hitsOf, type Hit } from './liangku-engine.js';
import { evaluate } from '../runtime/index.js';
import { compileRules } from '../runtime/codegen/generate.js';
import { median, measure } from './timing.js';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface EngineRow {
  id: string;
  name: string;
  claimsPerSec: number;
  linesPerSec: number;
  usPerClaim: number;
  medianMs: number;
  repsMs: number[];
  cpuMedianMs: number;
  cpuClaimsPerSec: number;
  cpuRepsMs: number[];
  hits: number;
  agrees: boolean;
  perRule: Record<string, number>;
  prepMs: number; // compile/load time
}

/** A peer timed alone in a fresh process (same claims, same reps). */
export interface SoloRow { id: string; name: string; hits: number; medianMs: number; cpuMedianMs: number; claimsPerSec: number; cpuClaimsPerSec: number; repsMs: number[] }

export interface Mismatch { engine: string; missing: string[]; extra: string[] }

export interface RuntimeReport {
  claims: number;
  lines: number;
  convertMs: number;
  compileMs: number;
  rows: EngineRow[];
  solo: SoloRow[];
  mismatches: Mismatch[];
}

interface Engine { id: string; name: string; prepMs: number; run: (i: number) => Hit[] | number; count: (i: number) => number }

function keysOf(engine: Engine, n: number): string[] {
  const keys: string[] = [];
  for (let i = 0; i < n; i++) for (const h of engine.run(i) as Hit[]) keys.push(hitKey(h));
  return keys.sort();
}

function diff(base: string[], other: string[]): { missing: string[]; extra: string[] } {
  // keys can repeat (two identical hits): compare as multisets
  const count = (xs: string[]) => xs.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
  const ca = count(base), cb = count(other);
  const missing = [...ca].filter(([k, v]) => (cb.get(k) ?? 0) < v).map(([k]) => k);
  const extra = [...cb].filter(([k, v]) => (ca.get(k) ?? 0) < v).map(([k]) => k);
  return { missing, extra };
}

function soloPeer(id: 'handwritten' | 'cel' | 'liangku', name: string, N: number, reps: number): SoloRow {
  const script = fileURLToPath(new URL('./peer-process.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, id, String(N), String(reps)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { hits: number; wall: number[]; cpu: number[] };
  const med = median(r.wall), cpu = median(r.cpu);
  return { id, name, hits: r.hits, medianMs: med, cpuMedianMs: cpu, claimsPerSec: (N / med) * 1000, cpuClaimsPerSec: (N / cpu) * 1000, repsMs: r.wall };
}

export async function runtimeBench(opts: { claims: number; reps: number; log: (s: string) => void }): Promise<RuntimeReport> {
  const { claims: N, reps, log } = opts;
  const { claims, kb } = generate({ claims: N });
  const lines = claims.reduce((s, c) => s + c.lines.length, 0);
  let t = performance.now();
  const requests = claims.map(toRequest);
  const convertMs = performance.now() - t;
  log(`generated ${N} claims (${lines} lines); converted to requests in ${Math.round(convertMs)} ms`);

  const { artifact, ms: compileMs } = await compileBenchPack(kb);
  log(`compiled the benchmark pack in ${Math.round(compileMs)} ms`);
  const engines: Engine[] = [];

  t = performance.now();
  const hw = handwritten.compile(kb);
  engines.push({ id: 'handwritten', name: 'hand-written JS', prepMs: performance.now() - t, run: (i) => hw(claims[i]), count: (i) => hw(claims[i]).length });
  for (const mode of ['compiled', 'compiled-fused', 'interpreter'] as const) {
    t = performance.now();
    const pack = loadBenchPack(artifact, mode === 'interpreter' ? 'interpreter' : 'compiled');
    const prepMs = performance.now() - t;
    // Measurement only: the same rules with the shared pass over the fee lines (off by default, as it
    // measured slower), to keep that decision checked. Not an API; it replaces the loaded pack's code.
    if (mode === 'compiled-fused') pack.compiled = compileRules(pack.rules, { fuse: true });
    engines.push({
      id: `liangku-${mode}`,
      name: mode === 'compiled-fused' ? 'liangku (compiled, fused pass over lines)' : `liangku (${mode})`,
      prepMs,
      run: (i) => hitsOf(evaluate(pack, requests[i])),
      count: (i) => evaluate(pack, requests[i]).findings.length,
    });
  }
  t = performance.now();
  const ce = cel.compile(kb);
  engines.push({ id: 'cel', name: cel.name, prepMs: performance.now() - t, run: (i) => ce(claims[i]), count: (i) => ce(claims[i]).length });

  // Cross-check pass (also the warm-up): every engine's hit set must equal the hand-written one's.
  const baseKeys = keysOf(engines[0], N);
  const mismatches: Mismatch[] = [];
  const checked = engines.map((e) => {
    const keys = e === engines[0] ? baseKeys : keysOf(e, N);
    const d = diff(baseKeys, keys);
    const agrees = d.missing.length === 0 && d.extra.length === 0;
    if (!agrees) mismatches.push({ engine: e.id, ...d });
    const perRule = Object.fromEntries(RULE_IDS.map((r: string) => [r, 0])) as Record<string, number>;
    for (const k of keys) perRule[k.slice(0, k.indexOf('|'))]++;
    log(`${e.name}: ${keys.length} hits, ${agrees ? 'same hit set as hand-written' : `MISMATCH (${d.missing.length} missing, ${d.extra.length} extra)`}`);
    return { hits: keys.length, agrees, perRule };
  });

  // Timed repetitions, interleaved (rep 1 of every engine, then rep 2, ...) so that load from other
  // processes on a shared machine falls on all engines alike.
  const repsMs: number[][] = engines.map(() => []);
  const cpuMs: number[][] = engines.map(() => []);
  let sink = 0;
  for (let r = 0; r < reps; r++) {
    engines.forEach((e, k) => {
      // No gc() here: a forced full GC shrinks the young generation and the timed pass after it pays
      // for regrowing it (peer-process.ts says more); engines run back to back in steady state.
      const m = measure(() => {
        for (let i = 0; i < N; i++) sink += e.count(i);
      });
      repsMs[k].push(m.wall);
      cpuMs[k].push(m.cpu);
    });
    log(`rep ${r + 1}/${reps}: ` + engines.map((e, k) => `${e.id} ${Math.round(repsMs[k][r])} ms (CPU ${Math.round(cpuMs[k][r])})`).join(", "));
  }
  const rows: EngineRow[] = engines.map((e, k) => {
    const med = median(repsMs[k]);
    const cpu = median(cpuMs[k]);
    return {
      id: e.id, name: e.name, medianMs: med, repsMs: repsMs[k],
      cpuMedianMs: cpu, cpuRepsMs: cpuMs[k], cpuClaimsPerSec: (N / cpu) * 1000,
      claimsPerSec: (N / med) * 1000, linesPerSec: (lines / med) * 1000, usPerClaim: (med / N) * 1000,
      ...checked[k], prepMs: e.prepMs,
    };
  });
  if (sink < 0) log(String(sink));

  // The peers again, each alone in a fresh process: loading liangku (its ajv validators in particular) was
  // seen to send the hand-written engine's hot function into a V8 deoptimization loop in this process.
  const solo: SoloRow[] = [];
  for (const [id, name] of [['handwritten', 'hand-written JS'], ['cel', cel.name], ['liangku', 'liangku (compiled)']] as const) {
    const r = soloPeer(id, name, N, reps);
    solo.push(r);
    log(`${name} alone in its own process: median ${Math.round(r.medianMs)} ms (CPU ${Math.round(r.cpuMedianMs)}) → ${Math.round(r.claimsPerSec)} claims/s`);
  }
  return { claims: N, lines, convertMs, compileMs, rows, solo, mismatches };
}
