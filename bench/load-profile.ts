// Where the time of loading the national artifact goes (issue 5: ≤ 150 ms once the validator is
// compiled). `load` times exactly what pipeline-bench times, loadPack(JSON.parse(text)); then the
// same load with JSON.parse apart, and each phase alone on a freshly parsed artifact (a phase that
// runs first after a parse pays the garbage collector for the parse: compare with the sum).
// Wall time on a shared machine is noisy: read the minimum (closest to an idle machine) next to
// the median, and the process CPU time (GC threads included).
// Usage: node bin/liangku.mjs build rulepacks/national -o /tmp/nat.json
//        node --import tsx bench/load-profile.ts [/tmp/nat.json] [rounds]
import { readFileSync } from 'node:fs';
import { loadPack } from '../runtime/index.js';
import { artifactValidator } from '../runtime/artifact/validate-artifact.js';
import { contentHash } from '../runtime/artifact/canonical.js';
import { bindArtifactRows } from '../runtime/load/bind-knowledge.js';
import { compileRules } from '../runtime/codegen/generate.js';
import type { Artifact } from '../runtime/artifact/ir.js';

const file = process.argv[2] ?? '/tmp/nat.json';
const rounds = Number(process.argv[3] ?? 15);
const text = JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))); // compact, as pipeline-bench holds it
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (f: () => unknown) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
const cpu = (f: () => unknown) => {
  const c = process.cpuUsage();
  f();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
};

let t = performance.now();
const first = loadPack(JSON.parse(text));
const firstMs = performance.now() - t;
if (!first.value) throw new Error(`national artifact does not load: ${first.diagnostics.map((d) => d.message).join('; ')}`);

const rows: Record<string, number[]> = { 'load (wall)': [], 'load (cpu)': [], '  parse': [], '  loadPack': [], validate: [], hash: [], bind: [], codegen: [] };
for (let i = 0; i < rounds; i++) rows['load (wall)']!.push(time(() => loadPack(JSON.parse(text))));
for (let i = 0; i < rounds; i++) rows['load (cpu)']!.push(cpu(() => loadPack(JSON.parse(text))));
for (let i = 0; i < rounds; i++) {
  let a: unknown;
  rows['  parse']!.push(time(() => (a = JSON.parse(text))));
  rows['  loadPack']!.push(time(() => loadPack(a)));
}
for (let i = 0; i < rounds; i++) {
  const a = JSON.parse(text) as Artifact;
  rows.validate!.push(time(() => artifactValidator()(a)));
  rows.hash!.push(time(() => contentHash(a as unknown as Record<string, unknown>) === a.hash));
  rows.bind!.push(time(() => a.tables.map((x) => bindArtifactRows(x))));
  rows.codegen!.push(time(() => compileRules(a.rules)));
}
console.log(`national artifact ${(text.length / 1e6).toFixed(1)} MB; first load ${Math.round(firstMs)} ms (compiles the validator)`);
for (const [k, xs] of Object.entries(rows)) console.log(`${k.padEnd(12)} median ${median(xs).toFixed(1).padStart(6)} ms  min ${Math.min(...xs).toFixed(1).padStart(6)} ms  (${xs.map((x) => Math.round(x)).join(' ')})`);
