// `node --import tsx bench/eval-profile.ts [--claims N] [--reps R] [--workers 1,2] [--prof [--prof-only] [--top]]`
// Times `liangku eval` end to end over a JSONL file of the benchmark requests (the same data as
// bench/pipeline-bench.ts) against bare JSON.parse of the same lines, and with --prof writes V8 CPU
// profiles of the eval process (`node --cpu-prof`, main thread and workers) and prints where the time
// goes: start-up (module loading), pack load, reading/splitting, JSON.parse, evaluate, serialize, write.
// The data (artifact + JSONL) is cached in the temp directory per claim count.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './timing.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (k: string, d: string) => (args.indexOf(`--${k}`) >= 0 ? args[args.indexOf(`--${k}`) + 1]! : d);
const claims = Number(opt('claims', '20000'));
const reps = Number(opt('reps', '3'));
const workerCounts = opt('workers', '1,2').split(',').map(Number);

/** The benchmark pack's artifact and the requests as JSONL, generated once per claim count. */
export async function benchData(n: number): Promise<{ artifact: string; jsonl: string }> {
  const dir = join(tmpdir(), `lk-eval-data-${n}`);
  const artifact = join(dir, 'pack.json');
  const jsonl = join(dir, 'requests.jsonl');
  if (existsSync(jsonl) && existsSync(artifact)) return { artifact, jsonl };
  mkdirSync(dir, { recursive: true });
  const { generate } = await import('./peers/gen.mjs');
  const { toRequest } = await import('./convert-claims.js');
  const { packFiles } = await import('./pack-files.js');
  const { compilePack, memorySource } = await import('../compiler/index.js');
  const { claims: cs, kb } = generate({ claims: n });
  const c = await compilePack(memorySource('bench/pack', packFiles(kb)), {});
  writeFileSync(artifact, JSON.stringify(c.value.artifact));
  writeFileSync(jsonl + '.tmp', cs.map((x) => JSON.stringify(toRequest(x))).join('\n') + '\n');
  // Written under another name first so a half-written file is never taken for the data.
  execFileSync('mv', [jsonl + '.tmp', jsonl]);
  return { artifact, jsonl };
}

/** Bare JSON.parse of every line of the file (what any JSONL consumer pays at least), median of 3. */
export function jsonParseMs(jsonl: string): number {
  const text = readFileSync(jsonl, 'utf8');
  return median(
    [0, 1, 2].map(() => {
      const t = performance.now();
      for (const line of text.split('\n')) if (line) JSON.parse(line);
      return performance.now() - t;
    }),
  );
}

/** Whether dist/ is at least as new as every source (then bin/liangku.mjs runs it, not tsx). */
function distFresh(): boolean {
  const stamp = join(root, 'dist/.build-stamp');
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  const walk = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).every((e) => (e.isDirectory() ? walk(join(dir, e.name)) : !e.name.endsWith('.ts') || statSync(join(dir, e.name)).mtimeMs <= built));
  return ['dsl', 'compiler', 'runtime', 'cli', 'server', 'governance'].every((d) => !existsSync(join(root, d)) || walk(join(root, d)));
}

/**
 * The CLI as installed: bin/liangku.mjs over a fresh dist/. While sources are being edited dist/ is
 * stale (and the bin would fall back to tsx), so the same build goes to a private copy in the temp
 * directory instead of touching the shared dist/ (package.json and node_modules linked beside it).
 */
export function builtCli(log: (s: string) => void = console.log): string {
  if (process.env.LIANGKU_FROM_SOURCE) return join(root, 'bin/liangku.mjs');
  if (distFresh()) return join(root, 'bin/liangku.mjs');
  const dir = join(tmpdir(), 'lk-eval-dist');
  mkdirSync(join(dir, 'bin'), { recursive: true });
  const t = performance.now();
  spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', join(dir, 'dist'), '--incremental', '--tsBuildInfoFile', join(dir, 'tsbuildinfo'), '--declaration', 'false'], { stdio: 'ignore' });
  if (!existsSync(join(dir, 'dist/cli/main.js'))) throw new Error('the private build of dist/ failed');
  writeFileSync(join(dir, 'bin/liangku.mjs'), readFileSync(join(root, 'bin/liangku.mjs')));
  writeFileSync(join(dir, 'package.json'), readFileSync(join(root, 'package.json')));
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'dist/.build-stamp'), new Date().toISOString() + '\n');
  log(`dist/ is older than the sources: built a private copy in ${dir} (${Math.round(performance.now() - t)} ms)`);
  return join(dir, 'bin/liangku.mjs');
}

let cliPath = '';

/** CPU seconds (user + system) of the last run, when /usr/bin/time is there (robust on a shared machine). */
let lastCpu = NaN;
const cpuTimes: number[] = [];

function runEval(artifact: string, jsonl: string, extra: string[], nodeFlags: string[] = []): number {
  const timeFile = join(tmpdir(), `lk-eval-time-${process.pid}`);
  const timed = existsSync('/usr/bin/time');
  const cmd = [...nodeFlags, cliPath, 'eval', '--pack', artifact, ...extra, jsonl];
  const t = performance.now();
  const r = timed
    ? spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, process.execPath, ...cmd], { stdio: ['ignore', 'ignore', 'inherit'] })
    : spawnSync(process.execPath, cmd, { stdio: ['ignore', 'ignore', 'inherit'] });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 3) throw new Error(`liangku eval exited ${r.status}`);
  if (timed) {
    const [u, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    lastCpu = u! + sys!;
    cpuTimes.push(lastCpu);
  }
  return ms;
}
const cpuNote = () => {
  const c = median(cpuTimes.splice(0));
  return Number.isFinite(c) ? ` (CPU ${c.toFixed(2)} s)` : '';
};

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[]; hitCount?: number }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/**
 * The phase a sample belongs to, from its stack (leaf first). JSON.parse and JSON.stringify are V8
 * builtins without frames of their own: their time is the self time of their caller (evaluateOne for
 * the requests, evalBlock's per-line callback for the results).
 */
function phaseOf(stack: Node[]): string {
  const leaf = stack[stack.length - 1]!.callFrame;
  if (leaf.functionName === '(garbage collector)') return 'gc';
  if (leaf.functionName === '(idle)') return 'idle (waiting)';
  if (leaf.functionName === '(program)') return 'program (native, unattributed)';
  if (stack.some((n) => /^(loadPack|loadChecked)$/.test(n.callFrame.functionName))) return 'pack load (validate, hash, codegen)';
  if (leaf.functionName === 'evaluateOne') return 'JSON.parse (requests)';
  for (let i = stack.length - 1; i >= 0; i--) {
    const { functionName: fn, url } = stack[i]!.callFrame;
    if (/liangku-rule-|\/runtime\/(eval|codegen|values|schema)\//.test(url)) return 'evaluate';
    if (/\/cli\/shared\/eval-block|OutBuffer|sync_write_stream|writeBuffer|writeSync|writeUtf8String|stream_base_commons/.test(url + ' ' + fn)) return 'serialize + write';
    if (/\/cli\/shared\/eval-input|readSync|^read$/.test(url + ' ' + fn) || (fn === 'read' && url === '')) return 'read + split + decode';
    if (/messageport|postMessage|node:internal\/worker/.test(url + ' ' + fn)) return 'worker messages';
    if (/node:internal\/modules|compileSourceTextModule|cjs-module-lexer|internalModuleStat/.test(url + ' ' + fn)) return 'start-up (loading modules)';
    if (/\/cli\/shared\/eval-parallel/.test(url)) return 'main thread dispatch';
    if (/ajv|typebox/.test(url)) return 'start-up (loading modules)';
  }
  return 'other';
}

function summarize(file: string): { totalMs: number; phases: [string, number][]; top: [string, number][] } {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = new Map<number, Node[]>();
  const stack = (id: number): Node[] => {
    let s = stackOf.get(id);
    if (s) return s;
    const pid = parent.get(id);
    s = [...(pid === undefined ? [] : stack(pid)), byId.get(id)!];
    stackOf.set(id, s);
    return s;
  };
  const phases = new Map<string, number>();
  const fns = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const s = stack(id);
    const ph = phaseOf(s);
    phases.set(ph, (phases.get(ph) ?? 0) + dt);
    const top = s[s.length - 1]!.callFrame;
    const k = `${top.functionName || '(anonymous)'} ${top.url.split('/').slice(-2).join('/')}:${top.lineNumber + 1}`;
    fns.set(k, (fns.get(k) ?? 0) + dt);
  });
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { totalMs: (p.endTime - p.startTime) / 1000, phases: sorted(phases), top: sorted(fns).slice(0, 25) };
}

async function main(): Promise<void> {
  console.log(`eval profile: ${claims} requests, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  cliPath = builtCli();
  console.log(`CLI: ${cliPath}`);
  const { artifact, jsonl } = await benchData(claims);
  const parseMs = jsonParseMs(jsonl);
  const parseRate = claims / (parseMs / 1000);
  console.log(`JSON.parse: ${Math.round(parseMs)} ms = ${Math.round(parseRate)} requests/s`);
  // Start-up + pack load alone: one request.
  const one = join(tmpdir(), `lk-eval-one.jsonl`);
  writeFileSync(one, readFileSync(jsonl, 'utf8').split('\n')[0] + '\n');
  if (!args.includes('--prof-only')) console.log(`start-up + pack load (1 request): ${Math.round(median([0, 1, 2].map(() => runEval(artifact, one, []))))} ms${cpuNote()}`);
  const rates: Record<number, number> = {};
  for (const w of args.includes('--prof-only') ? [] : workerCounts) {
    const ms = median(Array.from({ length: reps }, () => runEval(artifact, jsonl, w > 1 ? ['--workers', String(w)] : [])));
    rates[w] = claims / (ms / 1000);
    console.log(`liangku eval --workers ${w}: ${Math.round(ms)} ms${cpuNote()} = ${Math.round(rates[w]!)} requests/s = ${Math.round((rates[w]! / parseRate) * 100)}% of JSON.parse${w > 1 && rates[1] ? `, ${(rates[w]! / rates[1]).toFixed(2)}x one worker` : ''}`);
  }
  if (!args.includes('--prof')) return;
  for (const w of workerCounts) {
    const dir = join(tmpdir(), `lk-eval-prof-${w}`);
    rmSync(dir, { recursive: true, force: true });
    const ms = runEval(artifact, jsonl, w > 1 ? ['--workers', String(w)] : [], ['--cpu-prof', '--cpu-prof-dir', dir]);
    console.log(`\n== profile, --workers ${w} (${Math.round(ms)} ms wall, profiles in ${dir}) ==`);
    for (const f of readdirSync(dir).sort()) {
      const s = summarize(join(dir, f));
      console.log(`-- ${f}: ${Math.round(s.totalMs)} ms profiled`);
      for (const [k, v] of s.phases) console.log(`   ${k.padEnd(40)} ${v.toFixed(0).padStart(6)} ms  ${((v / s.totalMs) * 100).toFixed(0).padStart(3)}%`);
      if (args.includes('--top')) for (const [k, v] of s.top) console.log(`      ${v.toFixed(1).padStart(7)} ms  ${k}`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
