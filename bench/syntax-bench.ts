// Part 1 of `npm run bench`: parse, format and check throughput on a generated 20,000-line pack.
import { readFileSync } from 'node:fs';
import { syntaxModules } from './built-modules.js';
import { generatePack, lineCount } from './gen-pack.js';
import { gc, median } from './timing.js';
import { formatDiagnostic } from './diag-text.js';

export interface PhaseRow { phase: string; medianMs: number; repsMs: number[]; linesPerSec: number; cpuMedianMs: number; cpuLinesPerSec: number }
export interface SyntaxReport { lines: number; chars: number; rows: PhaseRow[]; canonical: boolean; diagnostics: string[]; modules: string }

async function timeAsync(fn: () => unknown, reps: number): Promise<{ wall: number[]; cpu: number[] }> {
  await fn(); // warm-up
  const wall: number[] = [], cpu: number[] = [];
  for (let r = 0; r < reps; r++) {
    gc();
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { wall, cpu };
}

export async function syntaxBench(opts: { lines: number; reps: number; log: (s: string) => void }): Promise<SyntaxReport> {
  const { parse, format, compilePack, memorySource, source: modules } = await syntaxModules();
  opts.log(`measuring ${modules}`);
  const text = generatePack(opts.lines);
  const lines = lineCount(text);
  const visit = readFileSync(new URL('../rulepacks/shanxi/tests/visit.json', import.meta.url), 'utf8');
  const first = parse(text, 'pack.lk');
  const ast = first.value;
  const diagnostics = first.diagnostics.map((d) => formatDiagnostic(d, text));
  if (!ast) throw new Error('the generated pack does not parse:\n' + diagnostics.join('\n'));
  const canonical = format(ast, text) === text;
  const check = await compilePack(memorySource('bench/large', { 'pack.lk': text, 'tests/visit.json': visit }), { checkOnly: true });
  diagnostics.push(...check.diagnostics.map((d) => formatDiagnostic(d, text)));
  if (check.diagnostics.some((d) => d.severity === 'error')) throw new Error('the generated pack does not check:\n' + diagnostics.join('\n'));

  const phases: [string, () => unknown][] = [
    ['parse', () => parse(text, 'pack.lk')],
    ['format (from the AST)', () => format(ast, text)],
    ['parse + format', () => format(parse(text, 'pack.lk').value!, text)],
    ['check (compilePack, checkOnly)', () => compilePack(memorySource('bench/large', { 'pack.lk': text, 'tests/visit.json': visit }), { checkOnly: true })],
  ];
  const rows: PhaseRow[] = [];
  for (const [phase, fn] of phases) {
    const t = await timeAsync(fn, opts.reps);
    const med = median(t.wall);
    const cpu = median(t.cpu);
    rows.push({ phase, medianMs: med, repsMs: t.wall, linesPerSec: (lines / med) * 1000, cpuMedianMs: cpu, cpuLinesPerSec: (lines / cpu) * 1000 });
    opts.log(`${phase}: median ${Math.round(med)} ms wall, ${Math.round(cpu)} ms CPU → ${Math.round((lines / med) * 1000)} lines/s`);
  }
  return { lines, chars: text.length, rows, canonical, diagnostics, modules };
}
