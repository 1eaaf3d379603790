// `liangku eval --pack ARTIFACT_OR_DIR [--stage pre|mid|post] [--scenario S] [--as-of DATE]
//   [--knowledge TABLE=FILE]... [--explain] [--public-key PEM] [REQUESTS]`
// One JSON result per line on stdout, in input order. Exit 0 all evaluated, 3 some invalid,
// 1 the pack cannot load, 2 usage (cli.md).
import { readFile } from 'node:fs/promises';
import { readRows } from '../../compiler/knowledge/read-rows.js';
import { BatchCollector, evaluateOne, loadPack } from '../../runtime/index.js';
import type { EvalOptions } from '../../runtime/api.js';
import { loadArtifact } from '../shared/load-artifact.js';
import { pickLang } from '../shared/print-diagnostics.js';
import { readRequests } from '../shared/read-requests.js';
import { evalParallel } from '../shared/eval-parallel.js';
import type { LoadedPack } from '../../runtime/index.js';
import type { Artifact } from '../../runtime/artifact/ir.js';

type Load = { knowledge: Record<string, Record<string, unknown>[]>; publicKey?: string; mode?: 'compiled' | 'interpreter' };

const toStdout = async (text: string): Promise<void> => {
  if (!process.stdout.write(text)) await new Promise((res) => process.stdout.once('drain', res));
};

/** The closing lines and exit status of a parallel run (cli.md: 3 when some requests were invalid). */
function finished(r: { n: number; invalid: number }, workers: number, started: number): number {
  if (process.stderr.isTTY) process.stderr.write(`evaluated ${r.n} requests with ${workers} workers in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (r.invalid) process.stderr.write(`${r.invalid} of ${r.n} request(s) were invalid; each is reported in its place.\n`);
  return r.invalid ? 3 : 0;
}

/**
 * A JSONL file: the workers read their own byte ranges and load (and verify) the pack themselves.
 * Returns null when the file is not JSONL; a pack that does not load in the workers exits 1.
 */
async function runParallelFile(workers: number, artifact: Artifact, load: Load, opts: EvalOptions, file: string): Promise<number | null> {
  const { evalParallelFile } = await import('../shared/eval-parallel.js');
  const started = Date.now();
  let r: Awaited<ReturnType<typeof evalParallelFile>>;
  try {
    r = await evalParallelFile(workers, JSON.stringify(artifact), load, opts, file, toStdout);
  } catch (e) {
    process.stderr.write(`liangku eval: ${(e as Error).message}\n`);
    return 1;
  }
  return r ? finished(r, workers, started) : null;
}

/** Stdin, JSON arrays and batch (事后) runs: lines go through the main thread, which also feeds the batch. */
async function runParallel(workers: number, artifact: Artifact, load: Load, opts: EvalOptions, file: string | undefined, pack: LoadedPack): Promise<number> {
  const batch = opts.stage === 'post' ? new BatchCollector(pack, opts) : undefined;
  if (file && file !== '-' && !batch?.active) {
    const code = await runParallelFile(workers, artifact, load, opts, file);
    if (code !== null) return code;
  }
  const started = Date.now();
  const r = await evalParallel(workers, JSON.stringify(artifact), load, opts, readRequests(file), toStdout, batch?.active ? (line) => batch.add(JSON.parse(line) as Record<string, unknown>) : undefined);
  if (batch?.active) process.stdout.write(JSON.stringify(batch.finish()) + '\n');
  return finished(r, workers, started);
}

const HELP = `usage: liangku eval --pack ARTIFACT_OR_DIR [--stage pre|mid|post] [--scenario NAME] [--as-of YYYY-MM-DD]
                    [--knowledge TABLE=FILE]... [--explain] [--public-key KEY.pem] [--interpreter] [--workers N]
                    [--input ours|3101] [--output ours|3101] [REQUESTS]
Evaluate audit requests (JSONL, JSON array or one object; stdin when REQUESTS is omitted or "-").
Writes one JSON result per line, in input order. Exit: 0 all evaluated, 3 some invalid, 1 pack cannot load.`;

const VALUED = new Set(['--pack', '--stage', '--scenario', '--as-of', '--knowledge', '--public-key', '--lang', '--workers', '--input', '--output']);

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const lang = pickLang(args);
  const get = (n: string) => (args.indexOf(n) >= 0 ? args[args.indexOf(n) + 1] : undefined);
  const all = (n: string) => args.flatMap((a, i) => (a === n && args[i + 1] ? [args[i + 1]!] : []));
  const unknown = args.filter((a, i) => a.startsWith('--') && !VALUED.has(a) && !['--explain', '--interpreter', '--quiet'].includes(a) && !VALUED.has(args[i - 1] ?? ''));
  if (unknown.length) {
    process.stderr.write(`liangku eval: unknown option ${unknown[0]}.\n${HELP}\n`);
    return 2;
  }
  const packPath = get('--pack');
  if (!packPath) {
    process.stderr.write(`liangku eval: --pack is required.\n${HELP}\n`);
    return 2;
  }
  const stage = get('--stage') ?? 'mid';
  if (!['pre', 'mid', 'post'].includes(stage)) {
    process.stderr.write(`liangku eval: --stage must be pre, mid or post (事前/事中/事后), not "${stage}".\n`);
    return 2;
  }
  const positional = args.filter((a, i) => !a.startsWith('--') && !VALUED.has(args[i - 1] ?? ''));
  const artifact = await loadArtifact(packPath, lang);
  if (typeof artifact === 'string') {
    process.stderr.write(`liangku eval: ${artifact}\n`);
    return 1;
  }
  const knowledge: Record<string, Record<string, unknown>[]> = {};
  for (const spec of all('--knowledge')) {
    const eq = spec.indexOf('=');
    if (eq <= 0) {
      process.stderr.write(`liangku eval: --knowledge takes TABLE=FILE, not "${spec}".\n`);
      return 2;
    }
    const file = spec.slice(eq + 1);
    const bytes = await readFile(file).catch(() => null);
    if (!bytes) {
      process.stderr.write(`liangku eval: cannot read knowledge file ${file}.\n`);
      return 1;
    }
    const rows = await readRows(file, new Uint8Array(bytes));
    if (rows.problems.length) {
      for (const p of rows.problems) process.stderr.write(`${file}:${p.line}: ${p[lang]}\n`);
      return 1;
    }
    knowledge[spec.slice(0, eq)] = rows.rows as Record<string, unknown>[];
  }
  const publicKeyPath = get('--public-key');
  const publicKey = publicKeyPath ? await readFile(publicKeyPath, 'utf8').catch(() => null) : undefined;
  if (publicKey === null) {
    process.stderr.write(`liangku eval: cannot read the public key ${publicKeyPath}.\n`);
    return 1;
  }
  const opts: EvalOptions = {
    stage: stage as EvalOptions['stage'],
    ...(get('--scenario') ? { scenario: get('--scenario')! } : {}),
    ...(get('--as-of') ? { asOf: get('--as-of')! } : {}),
    explain: args.includes('--explain'),
  };
  const load: Load = { knowledge, ...(publicKey ? { publicKey } : {}), mode: args.includes('--interpreter') ? 'interpreter' : 'compiled' };
  // Parallel JSONL without batch indicators: the workers load (and verify) the pack themselves, at the
  // same time, instead of after the main thread has loaded it once more for nothing.
  const workers = Number(get('--workers') ?? '1');
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    process.stderr.write(`liangku eval: --workers must be a whole number from 1 to 64.\n`);
    return 2;
  }
  const file = positional[0];
  if (workers > 1 && stage !== 'post' && !get('--input') && !get('--output') && file && file !== '-') {
    const code = await runParallelFile(workers, artifact, load, opts, file);
    if (code !== null) return code;
  }
  const loaded = loadPack(artifact, load);
  if (!loaded.value) {
    for (const d of loaded.diagnostics) process.stderr.write(`liangku eval: ${(d as { message: string }).message}\n`);
    return 1;
  }
  const input = get('--input') ?? 'ours';
  const output = get('--output') ?? 'ours';
  if (!['ours', '3101'].includes(input) || !['ours', '3101'].includes(output)) {
    process.stderr.write(`liangku eval: --input and --output take "3101" (the platform's shape) or "ours".\n`);
    return 2;
  }
  if (output === '3101' && input !== '3101') {
    process.stderr.write(`liangku eval: --output 3101 needs --input 3101 (the platform's result points back at its orders).\n`);
    return 2;
  }
  if (input === '3101') {
    const { evalPlatform } = await import('../shared/eval-platform.js');
    const platformOpts: EvalOptions = { ...opts, ...(get('--stage') ? {} : { stage: undefined }) };
    const r = await evalPlatform(loaded.value, readRequests(file), platformOpts, output as 'ours' | '3101', (line) => process.stdout.write(line + '\n'));
    if (r.invalid) process.stderr.write(`${r.invalid} patient(s) or call(s) could not be evaluated; each is reported in its place.\n`);
    return r.invalid ? 3 : 0;
  }
  if (workers > 1) return runParallel(workers, artifact, load, opts, file, loaded.value);
  let invalid = 0;
  let n = 0;
  const started = Date.now();
  let lastReport = started;
  const quiet = args.includes('--quiet') || !process.stderr.isTTY;
  let buffer = '';
  // At the post stage (事后) every valid request also feeds the grouped indicators; the batch
  // findings (on institutions, persons, groups) follow the per-request results as one last line.
  const batch = stage === 'post' ? new BatchCollector(loaded.value, opts) : undefined;
  for await (const item of readRequests(file)) {
    if (typeof item === 'string' && item.trim() === '') continue;
    n++;
    let req: unknown = item;
    if (typeof item === 'string') {
      try {
        req = JSON.parse(item);
      } catch {
        req = item; // evaluateOne reports the bad JSON in place
      }
    }
    const r = evaluateOne(loaded.value, req, n, opts);
    if ('error' in r) invalid++;
    else if (batch?.active) batch.add(req as Record<string, unknown>);
    buffer += JSON.stringify(r) + '\n';
    if (buffer.length > 1 << 16) {
      if (!process.stdout.write(buffer)) await new Promise((res) => process.stdout.once('drain', res));
      buffer = '';
    }
    if (!quiet && Date.now() - lastReport > 2000) {
      lastReport = Date.now();
      process.stderr.write(`evaluated ${n} requests (${Math.round(n / ((lastReport - started) / 1000))}/s)…\n`);
    }
  }
  process.stdout.write(buffer);
  if (batch?.active) process.stdout.write(JSON.stringify(batch.finish()) + '\n');
  if (invalid) process.stderr.write(`${invalid} of ${n} request(s) were invalid; each is reported in its place.\n`);
  return invalid ? 3 : 0;
}
