// One peer engine timed in a fresh process (spawned by runtime-bench.ts), so that nothing liangku loads can
// touch its JIT state. Prints one JSON line: { id, hits, wall: number[], cpu: number[] }.
// `liangku` is timed the same way (the compiled pack, run from dist/ when it is fresh, as an engine embeds
// it), so the headline ratio compares two engines that each had a process to themselves.
// Usage: node --import tsx bench/peer-process.ts <handwritten|cel|liangku> <claims> <reps>
import { generate } from './peers/gen.mjs';
import * as handwritten from './peers/handwritten.mjs';
import * as cel from './peers/cel.mjs';
import { measure } from './timing.js';
import { toRequest } from './convert-claims.js';
import { packFiles } from './pack-files.js';
import { runtimeModules } from './built-modules.js';

const [id, nText, repsText] = process.argv.slice(2);
const N = Number(nText);
const reps = Number(repsText);
const { claims, kb } = generate({ claims: N });

async function liangku(): Promise<(i: number) => readonly unknown[]> {
  const m = await runtimeModules();
  const built = await m.compilePack(m.memorySource('bench/pack', packFiles(kb)), {});
  const pack = m.loadPack(built.value!.artifact!, { mode: 'compiled' }).value!;
  const requests = claims.map(toRequest);
  return (i) => m.evaluate(pack, requests[i]).findings;
}
const byIndex: (i: number) => readonly unknown[] = id === 'liangku' ? await liangku() : ((audit) => (i: number) => audit(claims[i]))(id === 'cel' ? cel.compile(kb) : handwritten.compile(kb));
let hits = 0;
for (let i = 0; i < N; i++) hits += byIndex(i).length; // warm-up (the same pass the in-process run cross-checks)
const wall: number[] = [], cpu: number[] = [];
let sink = 0;
// No forced collection between reps: a full GC shrinks V8's young generation and the rep after it pays
// for growing it again (twice the CPU for an engine that allocates, as measured) — not what an engine in
// steady state sees. The warm-up pass above brings the heap to that state.
for (let r = 0; r < reps; r++) {
  const m = measure(() => {
    for (let i = 0; i < N; i++) sink += byIndex(i).length;
  });
  wall.push(m.wall);
  cpu.push(m.cpu);
}
console.log(JSON.stringify({ id, hits, wall, cpu, sink }));
