// `npm run bench` = node --import tsx bench/run.ts [--claims N] [--reps R] [--lines L] [--no-write]
// 1. parse/format/check throughput on a generated pack; 2. the runtime against the hand-written JS and CEL
// peers on the anchors' workload, with a hit-for-hit cross-check. Prints tables, rewrites bench/RESULTS.md.
// Exit code 1 when the cross-check fails.
import { cpus, loadavg } from 'node:os';
import { writeFileSync, readFileSync } from 'node:fs';
import { runtimeBench } from './runtime-bench.js';
import { syntaxBench } from './syntax-bench.js';
import { pipelineBench, pipelineTable } from './pipeline-bench.js';
import { serverBench, serverTable } from './server-bench.js';
import { studioBench, studioTable } from './studio-bench.js';
import { resultsMarkdown, runtimeTable, syntaxTable, perRuleTable, soloTable, type Machine } from './report.js';

const args = process.argv.slice(2);
const USAGE = 'usage: npm run bench -- [--claims N] [--reps R] [--lines L] [--no-write]';
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const unknown = args.filter((a, i) => a.startsWith('-') && !['--claims', '--reps', '--lines', '--no-write'].includes(a) && !['--claims', '--reps', '--lines'].includes(args[i - 1] ?? ''));
if (unknown.length) {
  console.error(`unknown option ${unknown[0]}\n${USAGE}`);
  process.exit(2);
}
const opt = (k: string, d: number) => {
  const i = args.indexOf('--' + k);
  const v = i >= 0 ? Number(args[i + 1]) : d;
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`--${k} needs a positive number`);
    process.exit(2);
  }
  return v;
};
const claims = opt('claims', 20000);
const reps = opt('reps', 5);
const lines = opt('lines', 20000);
const write = !args.includes('--no-write');
const log = (s: string) => console.log(s);

const machine: Machine = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
  platform: `${process.platform} ${process.arch}`,
  command: ['npm run bench', ...(args.length ? ['--', ...args] : [])].join(' '),
  load: loadavg().map((x) => x.toFixed(2)).join(' '),
};
log(`liangku bench: node ${machine.node}, ${machine.cpus} CPUs, load ${machine.load}`);

log(`\n== 1. parse / format / check (${lines} lines) ==`);
const syntax = await syntaxBench({ lines, reps, log });
log(`\n== 2. runtime vs peers (${claims} claims, ${reps} reps) ==`);
const rt = await runtimeBench({ claims, reps, log });

log(`\n== 3. pipeline: eval CLI, workers, replay, national load ==`);
const pipeline = await pipelineBench({ claims: Math.min(claims, 20000), log });

log(`\n== 4. registry server under load (autocannon) ==`);
const server = await serverBench(log);

log(`\n== 5. studio in Chromium ==`);
const studio = await studioBench(log).catch((e: Error) => (log(`studio bench skipped: ${e.message}`), null));

log('\n' + syntaxTable(syntax) + '\n');
log(runtimeTable(rt) + '\n');
log(soloTable(rt) + '\n');
log(perRuleTable(rt) + '\n');
log(pipelineTable(pipeline) + '\n');
log(serverTable(server) + '\n');
if (studio) log(studioTable(studio) + '\n');

for (const m of rt.mismatches) {
  console.error(`cross-check FAILED for ${m.engine}: ${m.missing.length} hits missing, ${m.extra.length} extra`);
  for (const k of m.missing.slice(0, 10)) console.error(`  missing ${k}`);
  for (const k of m.extra.slice(0, 10)) console.error(`  extra   ${k}`);
}

if (write) {
  const analysis = readFileSync(new URL('./analysis.md', import.meta.url), 'utf8').trim();
  const pipelineSection = `\n## 3. Pipeline: the eval command, workers, replay, artifact load\n\nThe same generated requests as section 2, as a JSONL file. \`liangku eval\` is timed as a whole process (node start, tsx, pack load, reading, evaluating, writing); JSON.parse is the bare input limit in this process. Replay evaluates two versions of the benchmark pack over the same requests (governance/replay.ts). The national artifact is loaded from its JSON text.\n\n${pipelineTable(pipeline)}\n\n## 4. Registry server under load\n\nautocannon on loopback against an in-process server with the bundled packs published; one worker thread drives the load, so the server shares the two cores with it. The full-artifact row is a bandwidth measure (each response is the whole national artifact); engines that follow a pack use the 304 path.\n\n${serverTable(server)}\n${studio ? `\n## 5. Studio in Chromium\n\nDebian's Chromium driven by playwright-core against the built studio: initial load to an interactive editor, keystroke-to-markers latency over 200 edits in the national pack, and bundle sizes.\n\n${studioTable(studio)}\n` : ''}`;
  const md = resultsMarkdown(machine, syntax, rt, analysis);
  const at = md.indexOf('\n## ', md.indexOf('## 2.') + 5);
  writeFileSync(new URL('./RESULTS.md', import.meta.url), at > 0 ? md.slice(0, at) + pipelineSection + md.slice(at) : md + pipelineSection);
  log('wrote bench/RESULTS.md');
}
process.exit(rt.mismatches.length ? 1 : 0);
