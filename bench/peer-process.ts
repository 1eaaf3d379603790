// One peer engine timed in a fresh process (spawned by runtime-bench.ts), so that nothing liangku loads can
// touch its JIT state. Prints one JSON line: { id, hits, wall: number[], cpu: number[] }.
// Usage: node --import tsx bench/peer-process.ts <handwritten|cel> <claims> <reps>
import { generate } from './peers/gen.mjs';
import * as handwritten from './peers/handwritten.mjs';
import * as cel from './peers/cel.mjs';
import { gc, measure } from './timing.js';

const [id, nText, repsText] = process.argv.slice(2);
const N = Number(nText);
const reps = Number(repsText);
const { claims, kb } = generate({ claims: N });
const audit = id === 'cel' ? cel.compile(kb) : handwritten.compile(kb);
let hits = 0;
for (let i = 0; i < N; i++) hits += audit(claims[i]).length; // warm-up (the same pass the in-process run cross-checks)
const wall: number[] = [], cpu: number[] = [];
let sink = 0;
for (let r = 0; r < reps; r++) {
  gc();
  const m = measure(() => {
    for (let i = 0; i < N; i++) sink += audit(claims[i]).length;
  });
  wall.push(m.wall);
  cpu.push(m.cpu);
}
console.log(JSON.stringify({ id, hits, wall, cpu, sink }));
