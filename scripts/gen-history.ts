// Generate a governance history: `node --import tsx scripts/gen-history.ts [--n 50000] [--seed S]
// [--pack DIR] [--out DIR]` writes DIR/requests.jsonl (claim format) and DIR/outcomes.csv, where
// GD0002 of the demo pack (governance/demo) is overturned 60% of the time. See docs/governance.md.
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compilePackDir } from '../compiler/index.js';
import { hasErrors } from '../dsl/diagnostics/diagnostic.js';
import { csvLine, generateHistory, OUTCOME_COLUMNS } from '../governance/gen-history.js';
import { loadPack } from '../runtime/index.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '50000' }, seed: { type: 'string', default: '20250310' },
    pack: { type: 'string', default: 'governance/demo' }, out: { type: 'string', default: 'governance-history' },
    rule: { type: 'string', default: 'GD0002' }, rate: { type: 'string', default: '0.6' },
  },
});
const compiled = await compilePackDir(values.pack!);
if (hasErrors(compiled.diagnostics) || !compiled.value.artifact) {
  console.error(`gen-history: ${values.pack} does not compile; run \`liangku check ${values.pack}\``);
  process.exit(1);
}
const loaded = loadPack(compiled.value.artifact);
if (!loaded.value) {
  console.error('gen-history: the demo pack does not load');
  process.exit(1);
}
mkdirSync(values.out!, { recursive: true });
const reqOut = createWriteStream(join(values.out!, 'requests.jsonl'));
const outOut = createWriteStream(join(values.out!, 'outcomes.csv'));
outOut.write(OUTCOME_COLUMNS.join(',') + '\n');
let outcomes = 0;
const write = (s: NodeJS.WritableStream, text: string) => (s.write(text) ? Promise.resolve() : new Promise<void>((r) => s.once('drain', () => r())));
for (const h of generateHistory(loaded.value, { n: Number(values.n), seed: Number(values.seed), overturnRule: values.rule, overturnRate: Number(values.rate) })) {
  await write(reqOut, JSON.stringify(h.request) + '\n');
  for (const o of h.outcomes) {
    outcomes++;
    await write(outOut, csvLine(o) + '\n');
  }
}
await Promise.all([reqOut, outOut].map((s) => new Promise((r) => s.end(r))));
console.log(`gen-history: ${values.n} requests → ${join(values.out!, 'requests.jsonl')}, ${outcomes} outcomes → ${join(values.out!, 'outcomes.csv')}`);
