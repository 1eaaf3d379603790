// `liangku eval --pack ARTIFACT_OR_DIR [--stage pre|mid|post] [--scenario S] [--as-of DATE]
//   [--knowledge TABLE=FILE]... [--explain] [--public-key PEM] [--workers N] [REQUESTS]`
// One JSON result per line on stdout, in input order. Exit 0 all evaluated, 3 some invalid,
// 1 the pack cannot load, 2 usage (cli.md).
//
// Built for throughput: the module graph of an eval is the runtime only (the compiler, chevrotain,
// the knowledge readers and the 3101 mapping load only when an option needs them); JSONL is read in
// ~1 MB blocks of whole lines and answered block by block (one write per block, never per line);
// with --workers N the main thread does not even load the runtime, it only cuts blocks and writes
// answers in order (cli/shared/eval-parallel.ts).
import { readFile, stat } from 'node:fs/promises';
import type { EvalOptions } from '../../runtime/api.js';
import type { Artifact } from '../../runtime/artifact/ir.js';
import type { LoadedPack } from '../../runtime/index.js';
import { pickLang, type Lang } from '../shared/print-diagnostics.js';
import { openInput, type EvalInput } from '../shared/eval-input.js';
import type { LoadInput, WorkerInit } from '../shared/eval-parallel.js';

const HELP = `usage: liangku eval --pack ARTIFACT_OR_DIR [--stage pre|mid|post] [--scenario NAME] [--as-of YYYY-MM-DD]
                    [--knowledge TABLE=FILE]... [--explain] [--public-key KEY.pem] [--interpreter] [--workers N]
                    [--input ours|3101] [--output ours|3101] [--quiet] [REQUESTS]
Evaluate audit requests (JSONL, JSON array or one object; stdin when REQUESTS is omitted or "-").
Writes one JSON result per line, in input order. Exit: 0 all evaluated, 3 some invalid, 1 pack cannot load.`;

const VALUED = new Set(['--pack', '--stage', '--scenario', '--as-of', '--knowledge', '--public-key', '--lang', '--workers', '--input', '--output']);

/**
 * Write and wait until the bytes are handed to the system: the caller then reuses the buffer, and a
 * slow reader holds us back instead of letting output pile up in memory.
 */
function out(data: string | Uint8Array): Promise<void> {
  return new Promise((res, rej) =>
    process.stdout.write(data, (e) => {
      // The reader went away (`liangku eval … | head`): stop quietly, as command-line tools do.
      if ((e as NodeJS.ErrnoException | null | undefined)?.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      if (e) rej(e);
      else res();
    }),
  );
}

const fail = (msg: string, code: number): number => {
  process.stderr.write(`liangku eval: ${msg}\n`);
  return code;
};

/** Progress on stderr every 2 s, only for a person watching a terminal. */
function progressReporter(quiet: boolean): ((n: number) => void) | undefined {
  if (quiet || !process.stderr.isTTY) return undefined;
  const started = Date.now();
  let last = started;
  return (n) => {
    const now = Date.now();
    if (now - last < 2000) return;
    last = now;
    process.stderr.write(`evaluated ${n} requests (${Math.round(n / ((now - started) / 1000))}/s)…\n`);
  };
}

/**
 * Where the artifact is: a file (read here for a single-threaded run, by each worker otherwise) or
 * a pack directory compiled on the spot (the compiler is loaded only then).
 */
async function artifactSource(path: string, lang: Lang): Promise<{ path: string } | { artifact: Artifact } | string> {
  const st = await stat(path).catch(() => null);
  if (!st) return `${path}: no such file or directory`;
  if (!st.isDirectory()) return { path };
  const { loadArtifact } = await import('../shared/load-artifact.js');
  const a = await loadArtifact(path, lang);
  return typeof a === 'string' ? a : { artifact: a };
}

async function readArtifact(path: string): Promise<Artifact | string> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Artifact;
  } catch (e) {
    return `${path}: not an artifact JSON file (${(e as Error).message})`;
  }
}

/** --knowledge TABLE=FILE... (the CSV/JSON readers load only when the option is given). */
async function readKnowledge(specs: string[], lang: Lang): Promise<Record<string, Record<string, unknown>[]> | number> {
  const knowledge: Record<string, Record<string, unknown>[]> = {};
  if (!specs.length) return knowledge;
  const { readRows } = await import('../../compiler/knowledge/read-rows.js');
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) return fail(`--knowledge takes TABLE=FILE, not "${spec}".`, 2);
    const file = spec.slice(eq + 1);
    const bytes = await readFile(file).catch(() => null);
    if (!bytes) return fail(`cannot read knowledge file ${file}.`, 1);
    const rows = await readRows(file, new Uint8Array(bytes));
    if (rows.problems.length) {
      for (const p of rows.problems) process.stderr.write(`${file}:${p.line}: ${p[lang]}\n`);
      return 1;
    }
    knowledge[spec.slice(0, eq)] = rows.rows as Record<string, unknown>[];
  }
  return knowledge;
}

/** The closing line and exit status (cli.md: 3 when some requests were invalid). */
function finished(r: { n: number; invalid: number }): number {
  if (r.invalid) process.stderr.write(`${r.invalid} of ${r.n} request(s) were invalid; each is reported in its place.\n`);
  return r.invalid ? 3 : 0;
}

/** JSON lines of a parsed document's items, in blocks of their own ArrayBuffer, for the workers. */
async function* itemBlocks(items: readonly unknown[]): AsyncGenerator<Buffer> {
  let text = '';
  const block = () => {
    const b = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
    b.write(text);
    text = '';
    return b;
  };
  for (const item of items) {
    text += JSON.stringify(item) + '\n'; // (string items, i.e. a document that is not JSON, never come here)
    if (text.length >= 1 << 18) yield block();
  }
  if (text) yield block();
}

export async function run(args: string[]): Promise<number> {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); // see out()
  });
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const lang = pickLang(args);
  const get = (n: string) => (args.indexOf(n) >= 0 ? args[args.indexOf(n) + 1] : undefined);
  const all = (n: string) => args.flatMap((a, i) => (a === n && args[i + 1] ? [args[i + 1]!] : []));
  const unknown = args.filter((a, i) => a.startsWith('--') && !VALUED.has(a) && !['--explain', '--interpreter', '--quiet'].includes(a) && !VALUED.has(args[i - 1] ?? ''));
  if (unknown.length) return fail(`unknown option ${unknown[0]}.\n${HELP}`, 2);
  const packPath = get('--pack');
  if (!packPath) return fail(`--pack is required.\n${HELP}`, 2);
  const stage = get('--stage') ?? 'mid';
  if (!['pre', 'mid', 'post'].includes(stage)) return fail(`--stage must be pre, mid or post (事前/事中/事后), not "${stage}".`, 2);
  const workers = Number(get('--workers') ?? '1');
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) return fail('--workers must be a whole number from 1 to 64.', 2);
  const input = get('--input') ?? 'ours';
  const output = get('--output') ?? 'ours';
  if (!['ours', '3101'].includes(input) || !['ours', '3101'].includes(output)) return fail('--input and --output take "3101" (the platform\'s shape) or "ours".', 2);
  if (output === '3101' && input !== '3101') return fail("--output 3101 needs --input 3101 (the platform's result points back at its orders).", 2);
  const positional = args.filter((a, i) => !a.startsWith('--') && !VALUED.has(args[i - 1] ?? ''));
  const file = positional[0];

  const source = await artifactSource(packPath, lang);
  if (typeof source === 'string') return fail(source, 1);
  const knowledge = await readKnowledge(all('--knowledge'), lang);
  if (typeof knowledge === 'number') return knowledge;
  const publicKeyPath = get('--public-key');
  const publicKey = publicKeyPath ? await readFile(publicKeyPath, 'utf8').catch(() => null) : undefined;
  if (publicKey === null) return fail(`cannot read the public key ${publicKeyPath}.`, 1);
  const opts: EvalOptions = {
    stage: stage as EvalOptions['stage'],
    ...(get('--scenario') ? { scenario: get('--scenario')! } : {}),
    ...(get('--as-of') ? { asOf: get('--as-of')! } : {}),
    explain: args.includes('--explain'),
  };
  const load: LoadInput = { knowledge, ...(publicKey ? { publicKey } : {}), mode: args.includes('--interpreter') ? 'interpreter' : 'compiled' };
  const progress = progressReporter(args.includes('--quiet'));

  let requests: EvalInput | undefined;
  try {
    requests = input === 'ours' ? await openInput(file) : undefined;
  } catch (e) {
    return fail(`cannot read the requests ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, 2);
  }
  // Parallel, and no batch to feed: the main thread never loads the pack (each worker does, at the
  // same time). A document that is not JSON (one bad request spanning lines) is answered right here.
  if (workers > 1 && requests && stage !== 'post' && !(requests.kind === 'items' && requests.items.some((x) => typeof x === 'string'))) {
    const init: WorkerInit = { artifact: 'path' in source ? { path: source.path } : { text: JSON.stringify(source.artifact) }, load, options: opts };
    return runParallel(workers, init, requests, progress);
  }

  const artifact = 'path' in source ? await readArtifact(source.path) : source.artifact;
  if (typeof artifact === 'string') return fail(artifact, 1);
  const { loadPack, BatchCollector } = await import('../../runtime/index.js');
  const loaded = loadPack(artifact, load);
  if (!loaded.value) {
    for (const d of loaded.diagnostics) process.stderr.write(`liangku eval: ${(d as { message: string }).message}\n`);
    return 1;
  }
  const pack = loaded.value;
  if (!requests) {
    const { evalPlatform } = await import('../shared/eval-platform.js');
    const { readRequests } = await import('../shared/read-requests.js');
    const platformOpts: EvalOptions = { ...opts, ...(get('--stage') ? {} : { stage: undefined }) };
    // Results leave in ~64 KB writes, not one write per line.
    let text = '';
    const r = await evalPlatform(pack, readRequests(file), platformOpts, output as 'ours' | '3101', (line) => {
      text += line + '\n';
      if (text.length >= 1 << 16) {
        process.stdout.write(text);
        text = '';
      }
    });
    await out(text);
    if (r.invalid) process.stderr.write(`${r.invalid} patient(s) or call(s) could not be evaluated; each is reported in its place.\n`);
    return r.invalid ? 3 : 0;
  }
  // At the post stage (事后) every valid request also feeds the grouped indicators; the batch
  // findings (on institutions, persons, groups) follow the per-request results as one last line.
  const batch = stage === 'post' ? new BatchCollector(pack, opts) : undefined;
  const add = batch?.active ? (req: unknown) => batch.add(req as Record<string, unknown>) : undefined;
  let code: number;
  if (workers > 1 && !(requests.kind === 'items' && requests.items.some((x) => typeof x === 'string'))) {
    const init: WorkerInit = { artifact: { text: JSON.stringify(artifact) }, load, options: opts };
    code = await runParallel(workers, init, requests, progress, add && ((line) => add(JSON.parse(line))));
  } else code = await runSingle(pack, opts, requests, progress, add);
  if (batch?.active && code !== 1) await out(JSON.stringify(batch.finish()) + '\n');
  return code;
}

async function runParallel(workers: number, init: WorkerInit, input: EvalInput, progress?: (n: number) => void, onValid?: (line: string) => void): Promise<number> {
  const { evalParallel } = await import('../shared/eval-parallel.js');
  const blocks = input.kind === 'jsonl' ? input.blocks : itemBlocks(input.items)[Symbol.asyncIterator]();
  const r = await evalParallel(workers, init, blocks, out, { ...(onValid ? { onValid } : {}), ...(progress ? { progress } : {}) });
  if ('failed' in r) {
    for (const m of r.failed) process.stderr.write(`liangku eval: ${m}\n`);
    return 1;
  }
  return finished(r);
}

async function runSingle(pack: LoadedPack, opts: EvalOptions, input: EvalInput, progress?: (n: number) => void, add?: (req: unknown) => void): Promise<number> {
  const { evalBlock, OutBuffer } = await import('../shared/eval-block.js');
  let n = 0;
  let invalid = 0;
  if (input.kind === 'items') {
    const { evaluateOne } = await import('../../runtime/index.js');
    const buf = new OutBuffer();
    for (const item of input.items) {
      const r = evaluateOne(pack, item, ++n, opts);
      if ('error' in r) invalid++;
      else add?.(typeof item === 'string' ? JSON.parse(item) : item);
      buf.line(JSON.stringify(r));
      if (buf.length >= 1 << 20) {
        await out(buf.bytes());
        buf.length = 0;
      }
    }
    await out(buf.bytes());
    return finished({ n, invalid });
  }
  // One input and one output buffer, reused for every block.
  const buf = new OutBuffer();
  let spare: ArrayBuffer | undefined;
  for (let block = await input.blocks.next(); block; block = await input.blocks.next(spare)) {
    const b = evalBlock(pack, block, n + 1, opts, buf, add);
    n += b.n;
    invalid += b.invalid;
    if (buf.length) await out(buf.bytes());
    buf.length = 0;
    spare = block.buffer as ArrayBuffer;
    progress?.(n);
  }
  return finished({ n, invalid });
}
