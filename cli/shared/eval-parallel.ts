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
  const pending = new Map<number, { text: string; invalid: number }>();
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
      sent.delete(next);
      invalid += r.invalid;
      await write(r.text);
      next++;
    }
  };
  for (const w of pool) {
    w.on('message', (m: { chunk: number; text: string; invalid: number; valid: number[] }) => {
      const src = sent.get(m.chunk);
      if (onValid && src) for (const i of m.valid) onValid(src[i]!);
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
