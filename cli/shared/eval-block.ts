// One block of JSONL (whole lines, as bytes) → its results as JSONL bytes. The single-threaded
// `liangku eval` and each worker of `--workers N` run exactly this, so their output is the same byte
// for byte. Line numbers count non-blank lines only (blank lines are not requests); `first` is the
// number of the block's first request.
import { evaluateOne, type LoadedPack } from '../../runtime/index.js';
import type { EvalOptions } from '../../runtime/api.js';
import { BLOCK, eachLine } from './eval-input.js';

/**
 * Result bytes, encoded straight into a reused buffer (one UTF-8 write per result): no big string is
 * built per block, and the memory is recycled instead of touched fresh for every block.
 */
export class OutBuffer {
  buf: Buffer;
  length = 0;

  constructor(reuse?: ArrayBuffer) {
    this.buf = reuse ? Buffer.from(reuse) : Buffer.allocUnsafeSlow(BLOCK);
  }

  /** Appends one JSON text and a newline. */
  line(json: string): void {
    // A UTF-8 encoding takes at most 3 bytes per UTF-16 unit.
    if (this.length + json.length * 3 + 1 > this.buf.length) this.grow(json.length * 3 + 1);
    this.length += this.buf.write(json, this.length, 'utf8');
    this.buf[this.length++] = 0x0a;
  }

  private grow(need: number): void {
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.length + need));
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

export interface BlockCounts {
  readonly n: number;
  readonly invalid: number;
}

/**
 * Evaluate every request of a block into `out`. `onValid` (the post stage's batch) receives each
 * request that evaluated, parsed, with its index among the block's requests.
 */
export function evalBlock(pack: LoadedPack, block: Buffer, first: number, options: EvalOptions, out: OutBuffer, onValid?: (req: unknown, index: number) => void): BlockCounts {
  let n = 0;
  let invalid = 0;
  eachLine(block, (line) => {
    let req: unknown = line;
    if (onValid) {
      try {
        req = JSON.parse(line);
      } catch {
        // evaluateOne reports the bad JSON in place
      }
    }
    const r = evaluateOne(pack, req, first + n, options);
    if ('error' in r) invalid++;
    else onValid?.(req, n);
    n++;
    out.line(JSON.stringify(r));
  });
  return { n, invalid };
}
