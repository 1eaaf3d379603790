// `node --import tsx bench/eval-profile.ts [--claims N] [--reps R] [--workers 1,2] [--wait-quiet] [--fresh]
//    [--cli BIN,BIN…] [--prof [--prof-only] [--top]]`   or   `… --summarize PROFILE_DIR`
// Times `liangku eval` end to end (a whole process, output to /dev/null) over a JSONL file of the
// benchmark requests (the same data as bench/pipeline-bench.ts) against bare JSON.parse of the same
// lines, with the CPU seconds of each run and the CPU seconds the rest of the machine used meanwhile
// (the machine is shared: a run that others slowed down shows it). --wait-quiet waits for an idle
// machine before each run; --cli compares other builds (their bin/liangku.mjs), run alternately.
// With --prof it writes V8 CPU profiles of the eval process (`node --cpu-prof`, main thread and
// workers) and prints where the time goes per thread and in total: start-up (loading modules), pack
// load, reading + splitting + decoding, JSON.parse, evaluate, serializing + writing, GC, messages.
// The CLI runs as installed (dist/, not tsx); while dist/ is older than the sources a private build
// goes to the temp directory (builtCli). The data (artifact + JSONL) is cached in the temp directory
// per claim count (--fresh regenerates it).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
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
  if (existsSync(jsonl) && existsSync(artifact) && !args.includes('--fresh')) return { artifact, jsonl };
  mkdirSync(dir, { recursive: true });
  const { generate } = await import('./peers/gen.mjs');
  const { toRequest } = await import('./convert-claims.js');
  const { packFiles } = await import('./pack-files.js');
  const { compilePack, memorySource } = await import('../compiler/index.js');
  const { claims: cs, kb } = generate({ claims: n });
  const c = await compilePack(memorySource('bench/pack', packFiles(kb)), {});
  writeFileSync(artifact, JSON.stringify(c.value.artifact));
  const fd = openSync(jsonl + '.tmp', 'w');
  for (let i = 0; i < cs.length; i += 2000) writeSync(fd, cs.slice(i, i + 2000).map((x) => JSON.stringify(toRequest(x)) + '\n').join(''));
  closeSync(fd);
  // Written under another name first so a half-written file is never taken for the data.
  renameSync(jsonl + '.tmp', jsonl);
  return { artifact, jsonl };
}

/**
 * Bare JSON.parse of every line of a JSONL file (what any JSONL consumer pays at least), median of `reps`.
 * The file is read in 64 MB slices (not timed); splitting and parsing each slice is timed.
 */
export function jsonParseMs(file: string, reps = 3): number {
  const fd = openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(64 << 20);
  const once = () => {
    let ms = 0;
    let carry = '';
    let pos = 0;
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, pos);
      pos += n;
      const text = carry + chunk.toString('utf8', 0, n);
      const cut = n === 0 ? text.length : text.lastIndexOf('\n') + 1;
      carry = text.slice(cut);
      const t = performance.now();
      for (const line of text.slice(0, cut).split('\n')) if (line) JSON.parse(line);
      ms += performance.now() - t;
      if (n === 0) return ms;
    }
  };
  try {
    return median(Array.from({ length: reps }, once));
  } finally {
    closeSync(fd);
  }
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
/** CPU seconds the rest of the machine used during each run (from /proc/stat): the share we did not get. */
const otherCpu: number[] = [];

/** Busy CPU seconds of the whole machine so far (Linux /proc/stat; NaN elsewhere). */
function machineBusy(): number {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3]! + (f[4] ?? 0);
    return (f.reduce((a, b) => a + b, 0) - idle) / 100;
  } catch {
    return NaN;
  }
}

/**
 * With --wait-quiet, wait (up to 5 minutes) until the rest of the machine is idle for a second, so a
 * run is not timed against other people's processes on a shared machine.
 */
function waitQuiet(): void {
  if (!args.includes('--wait-quiet')) return;
  const until = Date.now() + 300_000;
  while (Date.now() < until) {
    const b = machineBusy();
    spawnSync('sleep', ['1']);
    if (machineBusy() - b < 0.1) return;
    spawnSync('sleep', ['2']);
  }
}

function runEval(artifact: string, jsonl: string, extra: string[], nodeFlags: string[] = []): number {
  const timeFile = join(tmpdir(), `lk-eval-time-${process.pid}`);
  const timed = existsSync('/usr/bin/time');
  const cmd = [...nodeFlags, cliPath, 'eval', '--pack', artifact, ...extra, jsonl];
  waitQuiet();
  const busy = machineBusy();
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
    otherCpu.push(Math.max(0, machineBusy() - busy - lastCpu));
  }
  return ms;
}
const cpuNote = () => {
  const c = median(cpuTimes.splice(0));
  const o = otherCpu.splice(0);
  return Number.isFinite(c) ? ` (CPU ${c.toFixed(2)} s; other processes used ${o.map((x) => x.toFixed(1)).join('/')} CPU s meanwhile)` : '';
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

export function summarize(file: string): { totalMs: number; phases: [string, number][]; top: [string, number][] } {
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
  if (args.includes('--summarize')) return printProfiles(opt('summarize', '.'));
  console.log(`eval profile: ${claims} requests, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  // --cli A,B: compare installed CLIs (bin/liangku.mjs of other builds), run alternately.
  const clis = args.includes('--cli') ? opt('cli', '').split(',') : [builtCli()];
  const { artifact, jsonl } = await benchData(claims);
  waitQuiet();
  const parseMs = jsonParseMs(jsonl);
  const parseRate = claims / (parseMs / 1000);
  console.log(`JSON.parse: ${Math.round(parseMs)} ms = ${Math.round(parseRate)} requests/s`);
  // Start-up + pack load alone: one request.
  const one = join(tmpdir(), `lk-eval-one.jsonl`);
  const head = Buffer.alloc(1 << 20);
  const hfd = openSync(jsonl, 'r');
  const got = readSync(hfd, head, 0, head.length, 0);
  closeSync(hfd);
  writeFileSync(one, head.subarray(0, head.indexOf(0x0a) + 1 || got));
  for (const cli of args.includes('--prof-only') ? [] : clis) {
    cliPath = cli;
    console.log(`CLI ${cli}: start-up + pack load (1 request): ${Math.round(median([0, 1, 2].map(() => runEval(artifact, one, []))))} ms${cpuNote()}`);
  }
  for (const w of args.includes('--prof-only') ? [] : workerCounts) {
    // Alternate the CLIs rep by rep so a busy spell of the machine hits them alike.
    const times = new Map<string, { ms: number[]; cpu: number[]; other: number[] }>(clis.map((c) => [c, { ms: [], cpu: [], other: [] }]));
    for (let r = 0; r < reps; r++)
      for (const cli of clis) {
        cliPath = cli;
        const t = times.get(cli)!;
        t.ms.push(runEval(artifact, jsonl, w > 1 ? ['--workers', String(w)] : []));
        t.cpu.push(cpuTimes.pop() ?? NaN);
        t.other.push(otherCpu.pop() ?? NaN);
      }
    for (const cli of clis) {
      const t = times.get(cli)!;
      const ms = median(t.ms);
      const rate = claims / (ms / 1000);
      const key = `${cli} ${w}`;
      rates.set(key, rate);
      const one = rates.get(`${cli} 1`);
      console.log(
        `${clis.length > 1 ? cli + ' ' : ''}liangku eval --workers ${w}: ${Math.round(ms)} ms (runs ${t.ms.map(Math.round).join('/')}; CPU ${median(t.cpu).toFixed(2)} s; other processes used ${t.other.map((x) => x.toFixed(1)).join('/')} CPU s meanwhile) = ${Math.round(rate)} requests/s = ${Math.round((rate / parseRate) * 100)}% of JSON.parse${w > 1 && one ? `, ${(rate / one).toFixed(2)}x one worker` : ''}`,
      );
    }
  }
  if (!args.includes('--prof')) return;
  cliPath = clis[clis.length - 1]!;
  for (const w of workerCounts) {
    const dir = join(tmpdir(), `lk-eval-prof-${w}`);
    rmSync(dir, { recursive: true, force: true });
    const ms = runEval(artifact, jsonl, w > 1 ? ['--workers', String(w)] : [], ['--cpu-prof', '--cpu-prof-dir', dir]);
    console.log(`\n== profile, --workers ${w} (${Math.round(ms)} ms wall, profiles in ${dir}) ==`);
    printProfiles(dir);
  }
}

/** Each thread's profile by phase, then all threads together (idle left out). */
function printProfiles(dir: string): void {
  const total = new Map<string, number>();
  for (const f of readdirSync(dir).sort()) {
    const s = summarize(join(dir, f));
    console.log(`-- ${f}: ${Math.round(s.totalMs)} ms profiled`);
    for (const [k, v] of s.phases) {
      console.log(`   ${k.padEnd(40)} ${v.toFixed(0).padStart(6)} ms  ${((v / s.totalMs) * 100).toFixed(0).padStart(3)}%`);
      if (!k.startsWith('idle')) total.set(k, (total.get(k) ?? 0) + v);
    }
    if (args.includes('--top')) for (const [k, v] of s.top) console.log(`      ${v.toFixed(1).padStart(7)} ms  ${k}`);
  }
  const sum = [...total.values()].reduce((a, b) => a + b, 0);
  console.log(`-- all threads, busy: ${Math.round(sum)} ms`);
  for (const [k, v] of [...total].sort((a, b) => b[1] - a[1])) console.log(`   ${k.padEnd(40)} ${v.toFixed(0).padStart(6)} ms  ${((v / sum) * 100).toFixed(0).padStart(3)}%`);
}

const rates = new Map<string, number>();

if (import.meta.url === `file://${process.argv[1]}`) await main();
