// A worker thread of `liangku eval --workers N`: loads (and verifies) the pack itself, then turns
// blocks of JSONL bytes into blocks of result bytes. Buffers only move, never copy: the main thread
// transfers an input block (and a spent output buffer to reuse); the worker transfers both back with
// the results, so the same memory goes round and round. Each answer carries its block number so the
// main thread writes them in input order.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { loadPack, type LoadedPack } from '../../runtime/index.js';
import { evalBlock, OutBuffer } from './eval-block.js';
import type { BlockAnswer, BlockJob, WorkerInit } from './eval-parallel.js';

const init = workerData as WorkerInit;
const port = parentPort!;

/** The pack, or the words that say why it does not load (sent to the main thread, which exits 1). */
function load(): LoadedPack | string[] {
  let artifact: unknown;
  if ('text' in init.artifact) artifact = JSON.parse(init.artifact.text);
  else {
    const { path } = init.artifact;
    try {
      artifact = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      return [`${path}: not an artifact JSON file (${(e as Error).message})`];
    }
  }
  const loaded = loadPack(artifact, init.load);
  return loaded.value ?? loaded.diagnostics.map((d) => (d as { message: string }).message);
}

const pack = load();
if (Array.isArray(pack)) port.postMessage({ failed: pack });
else {
  port.postMessage({ ready: true });
  port.on('message', (job: BlockJob) => {
    const out = new OutBuffer(job.output);
    const valid: number[] | undefined = init.batch ? [] : undefined;
    const r = evalBlock(pack, Buffer.from(job.input, 0, job.length), job.first, init.options, out, valid ? (_req, i) => valid.push(i) : undefined);
    const output = out.buf.buffer as ArrayBuffer;
    const answer: BlockAnswer = { id: job.id, n: r.n, invalid: r.invalid, input: job.input, output, length: out.length, ...(valid ? { valid } : {}) };
    port.postMessage(answer, [job.input, output]);
  });
}
