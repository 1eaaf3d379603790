// A worker thread for `liangku eval --workers N`: loads the artifact once, then evaluates chunks of
// raw request lines and answers with their results (JSON text), tagged with the chunk number so the
// main thread can write every result in input order.
import { closeSync, openSync, readSync } from 'node:fs';
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

interface LinesMsg { chunk: number; first: number; lines: string[] }
/** A byte range of the input file: the worker reads and splits it itself (no copying through the main thread). */
interface RangeMsg { chunk: number; first: number; file: string; start: number; end: number }

function linesOf(m: RangeMsg): string[] {
  const fd = openSync(m.file, 'r');
  try {
    const buf = Buffer.allocUnsafe(m.end - m.start);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, m.start + got);
      if (n === 0) break;
      got += n;
    }
    const lines = buf.subarray(0, got).toString('utf8').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  } finally {
    closeSync(fd);
  }
}

parentPort!.on('message', (raw: LinesMsg | RangeMsg) => {
  const msg: LinesMsg = 'lines' in raw ? raw : { chunk: raw.chunk, first: raw.first, lines: linesOf(raw) };
  let out = '';
  let invalid = 0;
  const valid: number[] = [];
  let lineNo = msg.first;
  msg.lines.forEach((line, i) => {
    // Blank lines are not requests and are not counted (as in the single-threaded path).
    if (line.trim() === '') return;
    const r = evaluateOne(pack, line, lineNo++, init.options);
    if ('error' in r) invalid++;
    else valid.push(i);
    out += JSON.stringify(r) + '\n';
  });
  parentPort!.postMessage({ chunk: msg.chunk, text: out, invalid, valid });
});
