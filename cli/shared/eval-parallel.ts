// `liangku eval --workers N`. The main thread only cuts the input into blocks of whole lines (about
// 1 MB; it counts their non-blank lines so every worker numbers its requests as a single-threaded
// run would), hands each block to the least busy worker, and writes the answers strictly in block
// order. Blocks go out and results come back as transferred ArrayBuffers that are then reused (no
// per-request message, no structured clone, no fresh memory per block), and the main thread neither
// parses nor serializes, so it never becomes the bottleneck. At most a few blocks per worker are in
// flight or waiting to be written, so memory stays bounded whatever the input size.
import { Worker } from 'node:worker_threads';
import type { EvalOptions } from '../../runtime/api.js';
import { countLines, eachLine, type BlockReader } from './eval-input.js';

export interface LoadInput {
  readonly knowledge?: Record<string, Record<string, unknown>[]>;
  readonly publicKey?: string;
  readonly mode?: 'compiled' | 'interpreter';
}

/** What each worker gets: where the artifact is (a file it reads itself, or its JSON text), how to load it, the options. */
export interface WorkerInit {
  readonly artifact: { readonly path: string } | { readonly text: string };
  readonly load: LoadInput;
  readonly options: EvalOptions;
  /** The post stage's batch needs to know which requests evaluated. */
  readonly batch?: boolean;
}

export interface BlockJob {
  readonly id: number;
  /** The number (1-based, non-blank lines) of the block's first request. */
  readonly first: number;
  readonly input: ArrayBuffer;
  readonly length: number;
  /** A spent output buffer for the worker to reuse. */
  readonly output?: ArrayBuffer;
}

export interface BlockAnswer {
  readonly id: number;
  readonly n: number;
  readonly invalid: number;
  /** The job's input buffer, handed back (the batch reads it; then it is reused). */
  readonly input: ArrayBuffer;
  readonly output: ArrayBuffer;
  readonly length: number;
  readonly valid?: number[];
}

export interface ParallelRun {
  readonly n: number;
  readonly invalid: number;
}

/** Blocks a worker may hold (one running, one queued so it never waits for the main thread). */
const PER_WORKER = 2;
/** Blocks handed out but not yet written, per worker (bounds memory when an early block is slow). */
const AHEAD = 4;

export async function evalParallel(
  workers: number,
  init: WorkerInit,
  blocks: BlockReader | AsyncIterator<Buffer>,
  write: (bytes: Uint8Array) => Promise<void>,
  opts: { onValid?: (line: string) => void; progress?: (n: number) => void } = {},
): Promise<ParallelRun | { failed: string[] }> {
  // From source the worker needs tsx registered (the .mjs shim does it); from dist/ it is plain JS.
  const url = new URL(import.meta.url.endsWith('.ts') ? './eval-worker.mjs' : './eval-worker.js', import.meta.url);
  const pool = Array.from({ length: workers }, () => new Worker(url, { workerData: { ...init, batch: !!opts.onValid } satisfies WorkerInit }));
  const active = pool.map(() => 0);
  const answers = new Map<number, BlockAnswer>();
  const spareIn: ArrayBuffer[] = [];
  const spareOut: ArrayBuffer[] = [];
  let failed: string[] | null = null;
  let crash: Error | null = null;
  let waiter: (() => void) | null = null;
  const wake = () => {
    const w = waiter;
    waiter = null;
    w?.();
  };
  const wait = () => new Promise<void>((res) => (waiter = res));
  let done = false;
  let ready = 0;
  pool.forEach((w, k) => {
    w.on('message', (m: BlockAnswer | { failed: string[] } | { ready: true }) => {
      if ('failed' in m) failed ??= m.failed;
      else if ('ready' in m) ready++;
      else {
        answers.set(m.id, m);
        active[k]!--;
      }
      wake();
    });
    w.on('error', (e) => {
      crash ??= e;
      wake();
    });
    w.on('exit', (code) => {
      if (!done) crash ??= new Error(`a worker stopped (exit code ${code})`);
      wake();
    });
  });

  let sent = 0;
  let written = 0;
  let first = 1;
  let n = 0;
  let invalid = 0;
  const stop = () => failed !== null || crash !== null;
  /** Write every answer that is next in order; recycle its buffers. */
  const flush = async () => {
    for (let a = answers.get(written); a && !stop(); a = answers.get(written)) {
      answers.delete(written);
      if (opts.onValid && a.valid?.length) feedBatch(Buffer.from(a.input, 0, inputLength.get(written)), a.valid, opts.onValid);
      inputLength.delete(written);
      spareIn.push(a.input);
      n += a.n;
      invalid += a.invalid;
      await write(Buffer.from(a.output, 0, a.length));
      spareOut.push(a.output);
      written++;
      opts.progress?.(n);
    }
  };
  const inputLength = new Map<number, number>();
  const freeWorker = () => {
    if (sent - written >= AHEAD * workers) return -1;
    let best = -1;
    for (let k = 0; k < workers; k++) if (active[k]! < PER_WORKER && (best < 0 || active[k]! < active[best]!)) best = k;
    return best;
  };
  const nextBlock = async (): Promise<Buffer | null> => {
    if ('unshift' in blocks) return blocks.next(spareIn.pop());
    const r = await blocks.next();
    return r.done ? null : r.value;
  };

  try {
    for (;;) {
      if (stop()) break;
      await flush();
      const k = freeWorker();
      if (k < 0) {
        if (!answers.has(written) && !stop()) await wait();
        continue;
      }
      const block = await nextBlock();
      if (!block) break;
      const lines = countLines(block);
      if (lines === 0) {
        spareIn.push(block.buffer as ArrayBuffer);
        continue;
      }
      const output = spareOut.pop();
      const input = block.buffer as ArrayBuffer;
      const job: BlockJob = { id: sent, first, input, length: block.length, ...(output ? { output } : {}) };
      inputLength.set(sent, block.length);
      pool[k]!.postMessage(job, output ? [input, output] : [input]);
      active[k]!++;
      sent++;
      first += lines;
    }
    while (written < sent && !stop()) {
      await flush();
      if (written < sent && !answers.has(written) && !stop()) await wait();
    }
    // No block was sent (empty input): the pack must still load, as in a single-threaded run.
    while (sent === 0 && ready === 0 && !stop()) await wait();
  } finally {
    done = true;
    if ('close' in blocks) blocks.close();
    await Promise.all(pool.map((w) => w.terminate()));
  }
  if (failed) return { failed };
  if (crash) throw crash;
  return { n, invalid };
}

/** The valid requests of a block, in order, to the batch (which depends on their order). */
function feedBatch(block: Buffer, valid: number[], onValid: (line: string) => void): void {
  let i = 0;
  let v = 0;
  eachLine(block, (line) => {
    if (valid[v] === i) {
      onValid(line);
      v++;
    }
    i++;
  });
}
