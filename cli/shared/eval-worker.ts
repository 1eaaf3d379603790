// A worker thread for `liangku eval --workers N`: loads the artifact once, then evaluates chunks of
// raw request lines and answers with their results (JSON text), tagged with the chunk number so the
// main thread can write every result in input order.
import { parentPort, workerData } from 'node:worker_threads';
import { evaluateOne, loadPack } from '../../runtime/index.js';
import type { EvalOptions } from '../../runtime/api.js';

interface Init {
  readonly artifact: string;
  readonly options: EvalOptions;
  readonly load: { knowledge?: Record<string, Record<string, unknown>[]>; publicKey?: string; mode?: 'compiled' | 'interpreter' };
}

const init = workerData as Init;
const loaded = loadPack(JSON.parse(init.artifact), init.load);
if (!loaded.value) throw new Error(`the pack does not load in a worker: ${JSON.stringify(loaded.diagnostics)}`);
const pack = loaded.value;

parentPort!.on('message', (msg: { chunk: number; first: number; lines: string[] }) => {
  let out = '';
  let invalid = 0;
  const valid: number[] = [];
  msg.lines.forEach((line, i) => {
    const r = evaluateOne(pack, line, msg.first + i, init.options);
    if ('error' in r) invalid++;
    else valid.push(i);
    out += JSON.stringify(r) + '\n';
  });
  parentPort!.postMessage({ chunk: msg.chunk, text: out, invalid, valid });
});
