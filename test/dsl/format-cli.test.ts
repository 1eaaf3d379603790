// `liangku fmt` (cli/commands/fmt.ts) against real files in a temporary directory.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../cli/commands/fmt.js';

const UGLY = 'param   a :int=1\nrule X1{when a==1 flag   encounter}\n';
const PRETTY = 'param a: int = 1\n\nrule X1 {\n  when a == 1\n  flag encounter\n}\n';

function tmpFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'liangku-fmt-'));
  const file = join(dir, name);
  writeFileSync(file, text, 'utf8');
  return file;
}

/** Run the command, capturing what it writes. */
async function fmt(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await run(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('liangku fmt', () => {
  it('rewrites a file in place and exits 0', async () => {
    const f = tmpFile('a.lk', UGLY);
    const r = await fmt(f);
    expect(r.code).toBe(0);
    expect(readFileSync(f, 'utf8')).toBe(PRETTY);
  });

  it('--check lists only the unformatted files, writes nothing, exits 1', async () => {
    const ugly = tmpFile('ugly.lk', UGLY);
    const pretty = tmpFile('pretty.lk', PRETTY);
    const r = await fmt('--check', ugly, pretty);
    expect(r.code).toBe(1);
    expect(r.out).toBe(`${ugly}\n`);
    expect(readFileSync(ugly, 'utf8')).toBe(UGLY);
  });

  it('--check on formatted files exits 0 and prints nothing', async () => {
    const r = await fmt('--check', tmpFile('p.lk', PRETTY));
    expect(r).toMatchObject({ code: 0, out: '' });
  });

  it('does not rewrite a file with syntax errors and reports them as path:line:col', async () => {
    const text = 'rule X1 {\n  when a ==\n}\n';
    const f = tmpFile('bad.lk', text);
    const r = await fmt(f);
    expect(r.code).toBe(1);
    expect(readFileSync(f, 'utf8')).toBe(text);
    const first = r.err.split('\n')[0]!;
    expect(first.startsWith(`${f}:3:1: error parse/`)).toBe(true);
  });

  it('a directory stands for the .lk files in it', async () => {
    const f = tmpFile('pack.lk', UGLY);
    const dir = f.slice(0, -'/pack.lk'.length);
    writeFileSync(join(dir, 'notes.txt'), 'not a pack file', 'utf8');
    const r = await fmt('--check', dir);
    expect(r).toMatchObject({ code: 1, out: `${f}\n` });
  });

  it('a missing file is a usage error (exit 2) in plain words, no stack', async () => {
    const r = await fmt('/no/such/dir/x.lk');
    expect(r.code).toBe(2);
    expect(r.err).toContain('/no/such/dir/x.lk');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('no files or an unknown option is a usage error (exit 2)', async () => {
    expect((await fmt()).code).toBe(2);
    expect((await fmt('--frobnicate', tmpFile('p.lk', PRETTY))).code).toBe(2);
  });
});
