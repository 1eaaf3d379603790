// `liangku eval --workers N`: the main thread reads JSONL lines and hands chunks to N worker threads
// (each with its own loaded pack); results are written strictly in input order through a reorder
// buffer, so the output is identical to a single-threaded run.
import { Worker } from 'node:worker_threads';
import type { EvalOptions } from '../../runtime/api.js';

export interface ParallelRun {
  readonly n: number;
  readonly invalid: number;
}

const CHUNK = 512;

export async function evalParallel(
  workers: number,
  artifactJson: string,
  load: { knowledge?: Record<string, Record<string, unknown>[]>; publicKey?: string; mode?: 'compiled' | 'interpreter' },
  options: EvalOptions,
  lines: AsyncIterable<unknown>,
  write: (text: string) => Promise<void>,
  onValid?: (line: string) => void,
): Promise<ParallelRun> {
  // From source the worker needs tsx registered (the .mjs shim does it); from dist/ it is plain JS.
  const url = new URL(import.meta.url.endsWith('.ts') ? './eval-worker.mjs' : './eval-worker.js', import.meta.url);
  const pool = Array.from({ length: workers }, () => new Worker(url, { workerData: { artifact: artifactJson, options, load }}));
  const pending = new Map<number, { text: string; invalid: number; valid: number[] }>();
  const sent = new Map<number, string[]>();
  let next = 0; // next chunk to write
  let chunkNo = 0;
  let n = 0;
  let invalid = 0;
  let inFlight = 0;
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  const flush = async () => {
    while (pending.has(next)) {
      const r = pending.get(next)!;
      pending.delete(next);
      // The batch sees the valid requests in input order (its groups, and so its findings, depend on it).
      const src = sent.get(next);
      if (onValid && src) for (const i of r.valid) onValid(src[i]!);
      sent.delete(next);
      invalid += r.invalid;
      await write(r.text);
      next++;
    }
  };
  for (const w of pool) {
    w.on('message', (m: { chunk: number; text: string; invalid: number; valid: number[] }) => {
      pending.set(m.chunk, m);
      inFlight--;
      wake?.();
    });
    w.on('error', (e) => {
      failure = e;
      wake?.();
    });
  }
  const waitSlot = async () => {
    while (inFlight >= workers * 2 && !failure) await new Promise<void>((r) => (wake = r));
    await flush();
  };
  let buf: string[] = [];
  const dispatch = () => {
    const lines = buf;
    buf = [];
    sent.set(chunkNo, lines);
    pool[chunkNo % workers]!.postMessage({ chunk: chunkNo, first: n - lines.length + 1, lines });
    chunkNo++;
    inFlight++;
  };
  for await (const item of lines) {
    const line = typeof item === 'string' ? item : JSON.stringify(item);
    if (line.trim() === '') continue;
    n++;
    buf.push(line);
    if (buf.length === CHUNK) {
      await waitSlot();
      dispatch();
    }
  }
  if (buf.length) dispatch();
  while ((inFlight > 0 || pending.size > 0) && !failure) {
    await flush();
    if (inFlight > 0) await new Promise<void>((r) => (wake = r));
  }
  await flush();
  await Promise.all(pool.map((w) => w.terminate()));
  if (failure) throw failure;
  return { n, invalid };
}

/**
 * JSONL files: the workers read their own byte ranges (cut at newlines), so the main thread neither
 * splits nor copies the input; it only writes each range's results in order. `first` of each range
 * is 1 + the number of non-blank lines before it, so line numbers match a single-threaded run.
 * Returns null when the file is not JSONL (a JSON array or a pretty-printed object).
 */
export async function evalParallelFile(
  workers: number,
  artifactJson: string,
  load: { knowledge?: Record<string, Record<string, unknown>[]>; publicKey?: string; mode?: 'compiled' | 'interpreter' },
  options: EvalOptions,
  file: string,
  write: (text: string) => Promise<void>,
): Promise<ParallelRun | null> {
  const { readFileSync } = await import('node:fs');
  const buf = readFileSync(file);
  let i = 0;
  while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x09 || buf[i] === 0x0a || buf[i] === 0x0d)) i++;
  const firstNl = buf.indexOf(0x0a, i);
  if (buf[i] !== 0x7b) return null; // not '{'
  try {
    JSON.parse(buf.subarray(i, firstNl < 0 ? buf.length : firstNl).toString('utf8'));
  } catch {
    return null; // a pretty-printed object spans lines: not JSONL
  }
  // About four ranges per worker, cut just after a newline.
  const parts = Math.max(workers * 4, 1);
  const ranges: { start: number; end: number; first: number }[] = [];
  let start = 0;
  let counted = 0;
  for (let p = 1; p <= parts && start < buf.length; p++) {
    let end = p === parts ? buf.length : Math.floor((buf.length * p) / parts);
    if (end < buf.length) {
      const nl = buf.indexOf(0x0a, end);
      end = nl < 0 ? buf.length : nl + 1;
    }
    if (end <= start) continue;
    ranges.push({ start, end, first: counted + 1 });
    counted += nonBlankLines(buf, start, end);
    start = end;
  }
  const url = new URL(import.meta.url.endsWith('.ts') ? './eval-worker.mjs' : './eval-worker.js', import.meta.url);
  const pool = Array.from({ length: workers }, () => new Worker(url, { workerData: { artifact: artifactJson, options, load } }));
  const results = new Map<number, { text: string; invalid: number }>();
  let next = 0;
  let invalid = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  let sent = 0;
  const send = (w: Worker) => {
    if (sent >= ranges.length) return;
    const r = ranges[sent]!;
    w.postMessage({ chunk: sent, first: r.first, file, start: r.start, end: r.end });
    sent++;
  };
  for (const w of pool) {
    w.on('message', (m: { chunk: number; text: string; invalid: number }) => {
      results.set(m.chunk, m);
      send(w);
      wake?.();
    });
    w.on('error', (e) => {
      failure = e;
      wake?.();
    });
    send(w);
  }
  while (next < ranges.length && !failure) {
    const r = results.get(next);
    if (!r) {
      await new Promise<void>((res) => (wake = res));
      continue;
    }
    results.delete(next);
    invalid += r.invalid;
    await write(r.text);
    next++;
  }
  await Promise.all(pool.map((w) => w.terminate()));
  if (failure) throw failure;
  return { n: counted, invalid };
}

function nonBlankLines(buf: Buffer, start: number, end: number): number {
  let n = 0;
  let blank = true;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === 0x0a) {
      if (!blank) n++;
      blank = true;
    } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) blank = false;
  }
  if (!blank) n++;
  return n;
}
