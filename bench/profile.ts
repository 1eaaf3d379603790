// `node --import tsx bench/profile.ts [compiled|interpreter|parse] [--claims N]`: V8 CPU profile of one
// engine's timed loop (or of parsing the generated pack), self time summed by file and by function.
// For the analysis in RESULTS.md; not part of `npm run bench`.
import { Session } from 'node:inspector/promises';
import { generate } from './peers/gen.mjs';
import { toRequest } from './convert-claims.js';
import { compileBenchPack, loadBenchPack } from './liangku-engine.js';
import { evaluate } from '../runtime/index.js';
import { parse } from '../dsl/parse/parse.js';
import { generatePack } from './gen-pack.js';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[] }

const args = process.argv.slice(2);
const what = args[0] ?? 'compiled';
const i = args.indexOf('--claims');
const N = i >= 0 ? Number(args[i + 1]) : 5000;

let work: () => void;
if (what === 'parse') {
  const text = generatePack(20000);
  parse(text, 'pack.lk');
  work = () => void parse(text, 'pack.lk');
} else {
  const { claims, kb } = generate({ claims: N });
  const requests = claims.map(toRequest);
  const pack = loadBenchPack((await compileBenchPack(kb)).artifact, what === 'interpreter' ? 'interpreter' : 'compiled');
  for (const r of requests) evaluate(pack, r); // warm-up
  work = () => { for (const r of requests) evaluate(pack, r); };
}

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
work();
const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };

const byNode = new Map<number, Node>(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
// The profiler's own stop call (`dispatch`, no file) and idle time are not the work.
const skip = (n: Node) => (n.callFrame.functionName === 'dispatch' && !n.callFrame.url) || n.callFrame.functionName === '(idle)' || n.callFrame.functionName === '(program)';
profile.samples.forEach((id, k) => {
  if (skip(byNode.get(id)!)) return;
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[k] ?? 0));
});
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const sum = (key: (n: Node) => string) => {
  const m = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const k = key(byNode.get(id)!);
    m.set(k, (m.get(k) ?? 0) + us);
  }
  return [...m].sort((a, b) => b[1] - a[1]);
};
const short = (url: string) => url.replace(/^file:\/\/.*?\/work\/main\//, '').replace(/^file:\/\/.*node_modules\//, 'node_modules/') || '(native/gc)';
const show = (title: string, rows: [string, number][], n: number) => {
  console.log(`\n${title} (total ${Math.round(total / 1000)} ms)`);
  for (const [k, us] of rows.slice(0, n)) console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
};
// Callers of the hottest frames without a file (generated code, natives), to name them.
const parentOf = new Map<number, number>();
for (const n of profile.nodes as (Node & { children?: number[] })[]) for (const c of n.children ?? []) parentOf.set(c, n.id);
const callers = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byNode.get(id)!;
  if (n.callFrame.url) continue;
  const p = byNode.get(parentOf.get(id) ?? -1);
  const k = `${n.callFrame.functionName || '(anonymous)'} <- ${p ? (p.callFrame.functionName || '(anonymous)') + ' ' + short(p.callFrame.url) + ':' + (p.callFrame.lineNumber + 1) : '?'}`;
  callers.set(k, (callers.get(k) ?? 0) + us);
}
show('frames without a file, by caller', [...callers].sort((a, b) => b[1] - a[1]), 8);
show('self time by file', sum((n) => short(n.callFrame.url)), 15);
show('self time by function', sum((n) => `${n.callFrame.functionName || '(anonymous)'}  ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`), 25);
