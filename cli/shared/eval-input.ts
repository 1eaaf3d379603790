// The input of `liangku eval`, read fast: JSONL comes as big byte blocks that each hold whole lines
// (so a block can be handed to a worker as it is), never line by line through readline. A JSON
// array or a pretty-printed object (not JSONL) is read whole and comes as its items. Same sniffing as
// cli/shared/read-requests.ts: the first non-blank line is a document when it starts with "[", or
// with "{" but is not JSON on its own.
//
// Memory is recycled on purpose: the caller hands back the buffer of a block it is done with and the
// next block is read into it. Fresh memory costs a page fault per 4 KB on first touch (on the
// benchmark VM, reading 95 MB into fresh 1 MB buffers took 20x longer than into a reused one), and a
// 1 MB string lands in V8's large-object space (fresh pages again), so text is decoded per line.
import { closeSync, openSync, readSync } from 'node:fs';
import { isJson } from './read-requests.js';

/** About this many bytes per block: big enough that per-block costs vanish, small enough to keep memory bounded. */
export const BLOCK = 1 << 20;

export type EvalInput =
  | { readonly kind: 'jsonl'; readonly blocks: BlockReader }
  | { readonly kind: 'items'; readonly items: readonly unknown[] };

/** Fills `buf` from `at` on; resolves the number of bytes read (less than asked only at the end). */
type Fill = (buf: Buffer, at: number) => Promise<number>;

/** A file through sync reads (no stream machinery). */
function fileFill(fd: number): Fill {
  return async (buf, at) => {
    let got = 0;
    while (at + got < buf.length) {
      const n = readSync(fd, buf, at + got, buf.length - at - got, null);
      if (n === 0) break;
      got += n;
    }
    return got;
  };
}

/** Stdin (a pipe or a terminal): its stream chunks copied into our blocks. */
function streamFill(stream: NodeJS.ReadableStream): Fill {
  const it = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let pending: Buffer | null = null;
  let ended = false;
  return async (buf, at) => {
    let got = 0;
    while (at + got < buf.length) {
      if (!pending?.length) {
        if (ended) break;
        const r = await it.next();
        if (r.done) {
          ended = true;
          break;
        }
        pending = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
      }
      const n = pending!.copy(buf, at + got);
      got += n;
      pending = pending!.subarray(n);
    }
    return got;
  };
}

/**
 * Blocks of whole lines: each ends just after a "\n" except possibly the last one; a line longer
 * than a block makes its block longer. A block is always the start of an ArrayBuffer of its own, so
 * it can be transferred to a worker (and back) without copying.
 */
export class BlockReader {
  private carry: Buffer = Buffer.allocUnsafeSlow(0);
  private carried = 0;
  private ended = false;
  private closed = false;
  private first: Buffer | null = null;
  private readonly fd: number;
  private readonly fill: Fill;

  /** `size`: the usual block size (tests use small ones to cut lines at every possible place). */
  constructor(path: string | undefined, private readonly size = BLOCK) {
    const stdin = !path || path === '-';
    this.fd = stdin ? -1 : openSync(path, 'r');
    this.fill = stdin ? streamFill(process.stdin) : fileFill(this.fd);
  }

  /** Puts a block back to be returned first (after sniffing). */
  unshift(block: Buffer): void {
    this.first = block;
  }

  /** The next block, read into `spare` (an ArrayBuffer the caller is done with) when it is big enough; null at the end. */
  async next(spare?: ArrayBuffer): Promise<Buffer | null> {
    if (this.first) {
      const b = this.first;
      this.first = null;
      return b;
    }
    if (this.ended) return null;
    const want = Math.max(this.size, this.carried * 2);
    let buf = spare && spare.byteLength >= want ? Buffer.from(spare) : Buffer.allocUnsafeSlow(want);
    let have = this.carry.copy(buf, 0, 0, this.carried);
    for (;;) {
      const got: number = have + (await this.fill(buf, have));
      if (got < buf.length) {
        this.ended = true;
        this.close();
        return got > 0 ? buf.subarray(0, got) : null;
      }
      const cut: number = buf.lastIndexOf(0x0a, got - 1) + 1;
      if (cut > 0) {
        this.keep(buf, cut, got);
        return buf.subarray(0, cut);
      }
      // One line longer than the block: go on reading into a bigger one.
      const bigger = Buffer.allocUnsafeSlow(buf.length * 2);
      have = buf.copy(bigger, 0, 0, got);
      buf = bigger;
    }
  }

  /** The bytes after the last newline, kept for the next block (the carry buffer is reused). */
  private keep(buf: Buffer, from: number, to: number): void {
    this.carried = to - from;
    if (this.carry.length < this.carried) this.carry = Buffer.allocUnsafeSlow(Math.max(this.carried, 1 << 16));
    buf.copy(this.carry, 0, from, to);
  }

  close(): void {
    if (this.fd >= 0 && !this.closed) closeSync(this.fd);
    this.closed = true;
  }
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

/** Open the requests (a file, or stdin when path is undefined or "-") and tell JSONL from a JSON document. */
export async function openInput(path: string | undefined, size = BLOCK): Promise<EvalInput> {
  const reader = new BlockReader(path, size);
  const seen: Buffer[] = [];
  // The first non-blank line decides; blank-only blocks are skipped (they hold no request).
  for (;;) {
    const b = await reader.next();
    if (!b) return { kind: 'jsonl', blocks: reader };
    let i = 0;
    while (i < b.length && isSpace(b[i]!)) i++;
    if (i === b.length) {
      seen.push(b);
      continue;
    }
    const nl = b.indexOf(0x0a, i);
    const head = b.toString('utf8', i, nl < 0 ? b.length : nl).trim();
    if (head.startsWith('[') || (head.startsWith('{') && !isJson(head))) return { kind: 'items', items: await wholeDocument([...seen, b], reader) };
    reader.unshift(b);
    return { kind: 'jsonl', blocks: reader };
  }
}

/** A JSON array (its items) or one object; text that does not parse is one bad request, reported in place. */
async function wholeDocument(first: Buffer[], reader: BlockReader): Promise<unknown[]> {
  const parts = [...first];
  for (let b = await reader.next(); b; b = await reader.next()) parts.push(b);
  const text = Buffer.concat(parts).toString('utf8').replace(/\r?\n$/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [text.trim()];
  }
  return Array.isArray(data) ? data : [data];
}

/**
 * Calls `range(start, end)` with the byte range of each request line of a block: blank lines (only
 * spaces, tabs and carriage returns) are skipped, a trailing "\r" is cut. Newlines are found with memchr.
 */
function eachLineRange(block: Buffer, range: (start: number, end: number) => void): void {
  const len = block.length;
  let start = 0;
  while (start < len) {
    let end = block.indexOf(0x0a, start);
    if (end < 0) end = len;
    let last = end;
    if (last > start && block[last - 1] === 0x0d) last--;
    let i = start;
    while (i < last && (block[i] === 0x20 || block[i] === 0x09 || block[i] === 0x0d)) i++;
    if (i < last) range(start, last);
    start = end + 1;
  }
}

/**
 * Calls `line` with each request line of a block, decoded alone (a small string in V8's young
 * generation, not one big one per block).
 */
export function eachLine(block: Buffer, line: (text: string) => void): void {
  eachLineRange(block, (start, end) => line(block.toString('utf8', start, end)));
}

/** The number of request lines in a block (the same lines as eachLine, without decoding them). */
export function countLines(block: Buffer): number {
  let n = 0;
  eachLineRange(block, () => n++);
  return n;
}
