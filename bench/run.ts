// `npm run bench` = node --import tsx bench/run.ts [--claims N] [--reps R]
import { runtimeBench } from './runtime-bench.js';

const args = process.argv.slice(2);
const opt = (k: string, d: number) => { const i = args.indexOf('--' + k); return i >= 0 ? Number(args[i + 1]) : d; };
const claims = opt('claims', 20000);
const reps = opt('reps', 5);
const rt = await runtimeBench({ claims, reps, log: (s) => console.log(s) });
for (const m of rt.mismatches) {
  console.log(`${m.engine}: missing ${m.missing.slice(0, 10).join('  ')}\n  extra ${m.extra.slice(0, 10).join('  ')}`);
}
