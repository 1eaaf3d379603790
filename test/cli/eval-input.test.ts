// The block reader of `liangku eval`: blocks hold whole lines, nothing is lost or doubled wherever
// the cuts fall, and the main thread's line count agrees with the lines the workers evaluate.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlockReader, countLines, eachLine, openInput } from '../../cli/shared/eval-input.js';

const dir = mkdtempSync(join(tmpdir(), 'lk-eval-input-'));
let fileNo = 0;
const fileWith = (text: string | Buffer) => {
  const f = join(dir, `in-${fileNo++}.jsonl`);
  writeFileSync(f, text);
  return f;
};

async function blocksOf(path: string, size: number): Promise<Buffer[]> {
  const r = new BlockReader(path, size);
  const out: Buffer[] = [];
  let spare: ArrayBuffer | undefined;
  for (let b = await r.next(spare); b; b = await r.next(spare)) {
    out.push(Buffer.from(b)); // a copy: the block's memory is handed back and reused
    spare = b.buffer as ArrayBuffer;
  }
  return out;
}

// Lines as a JSONL writer (or a careless one) might produce them: requests, blanks, CRLF, long lines, non-ASCII.
const lineArb = fc.oneof(
  fc.constantFrom('', ' ', '\t', '\r', ' \r'),
  fc.record({ id: fc.string({ maxLength: 30 }), n: fc.integer() }).map((o) => JSON.stringify(o)),
  fc.string({ minLength: 1, maxLength: 200 }).filter((s) => !s.includes('\n')),
  fc.constantFrom('{"name":"阿莫西林胶囊","x":1}', '{"a":"' + 'x'.repeat(300) + '"}', 'not json'),
);

describe('BlockReader', () => {
  it('blocks concatenate to the file, and each but the last ends with a newline (any block size)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { maxLength: 60 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.integer({ min: 1, max: 400 }), async (lines, eol, trailing, size) => {
        const text = lines.join(eol) + (trailing ? eol : '');
        const blocks = await blocksOf(fileWith(text), size);
        expect(Buffer.concat(blocks).toString('utf8')).toBe(text);
        blocks.slice(0, -1).forEach((b) => expect(b[b.length - 1]).toBe(0x0a));
        expect(blocks.every((b) => b.length > 0)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('countLines and eachLine agree with each other and with the non-blank lines of the text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { maxLength: 60 }), fc.integer({ min: 1, max: 300 }), async (lines, size) => {
        const text = lines.join('\n');
        const blocks = await blocksOf(fileWith(text), size);
        const seen: string[] = [];
        let counted = 0;
        for (const b of blocks) {
          counted += countLines(b);
          eachLine(b, (l) => seen.push(l));
        }
        const expected = lines.filter((l) => !/^[ \t\r]*$/.test(l)).map((l) => l.replace(/\r$/, ''));
        expect(seen).toEqual(expected);
        expect(counted).toBe(expected.length);
      }),
      { numRuns: 150 },
    );
  });

  it('a line longer than the block comes whole in one bigger block', async () => {
    const long = JSON.stringify({ a: 'y'.repeat(5000) });
    const blocks = await blocksOf(fileWith(`{"a":1}\n${long}\n{"b":2}\n`), 64);
    const lines: string[] = [];
    for (const b of blocks) eachLine(b, (l) => lines.push(l));
    expect(lines).toEqual(['{"a":1}', long, '{"b":2}']);
  });

  it('multi-byte characters cut by a block edge are never split', async () => {
    const line = JSON.stringify({ name: '医保基金智能审核'.repeat(20) });
    for (const size of [7, 8, 9, 31, 100]) {
      const blocks = await blocksOf(fileWith(`${line}\n${line}\n`), size);
      const lines: string[] = [];
      for (const b of blocks) eachLine(b, (l) => lines.push(l));
      expect(lines).toEqual([line, line]);
    }
  });
});

describe('openInput', () => {
  it('tells JSONL from a JSON array and a pretty-printed object', async () => {
    expect((await openInput(fileWith('\n\n{"a":1}\n{"a":2}\n'))).kind).toBe('jsonl');
    const arr = await openInput(fileWith('[{"a":1},\n {"a":2}]\n'));
    expect(arr).toEqual({ kind: 'items', items: [{ a: 1 }, { a: 2 }] });
    const obj = await openInput(fileWith('{\n  "a": 1\n}\n'));
    expect(obj).toEqual({ kind: 'items', items: [{ a: 1 }] });
  });

  it('a document that is not JSON is one bad item, not many lines', async () => {
    const r = await openInput(fileWith('{\n  "a": \n'));
    expect(r.kind).toBe('items');
    expect(r.kind === 'items' && r.items).toHaveLength(1);
  });

  it('an empty or blank input is JSONL with no lines', async () => {
    for (const text of ['', '\n \n\t\r\n']) {
      const r = await openInput(fileWith(text), 4);
      expect(r.kind).toBe('jsonl');
      let n = 0;
      if (r.kind === 'jsonl') for (let b = await r.blocks.next(); b; b = await r.blocks.next()) n += countLines(b);
      expect(n).toBe(0);
    }
  });
});
