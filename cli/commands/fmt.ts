// `liangku fmt [--check] FILE...` (shared/design/cli.md): rewrite .lk files in their canonical layout.
// With --check nothing is written: unformatted files are listed on stdout and the exit code is 1.
// A file with syntax errors is never rewritten; its diagnostics are printed and the exit code is 1.
// A directory stands for the .lk files directly inside it (a pack directory).
// Exit 2 for usage errors (no files, unknown option, a path that does not exist).
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../../dsl/diagnostics/diagnostic.js';
import { format } from '../../dsl/format/format.js';
import { parse } from '../../dsl/parse/parse.js';
import { LineMap } from '../../dsl/source/line-map.js';

const USAGE = 'usage: liangku fmt [--check] FILE...';

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n  format .lk files in place; --check only lists the files that are not formatted\n`);
    return 0;
  }
  const check = args.includes('--check');
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--check');
  if (unknown.length) {
    process.stderr.write(`liangku fmt: unknown option ${unknown[0]}\n${USAGE}\n`);
    return 2;
  }
  const files = args.filter((a) => !a.startsWith('-'));
  if (!files.length) {
    process.stderr.write(`liangku fmt: name at least one .lk file.\n${USAGE}\n`);
    return 2;
  }
  const targets: string[] = [];
  for (const f of files) {
    const kind = await stat(f).then((s) => (s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other'), () => 'missing');
    if (kind === 'file') targets.push(f);
    else if (kind === 'dir') {
      // A pack directory: its .lk files (they sit at the top; knowledge/ and tests/ hold none).
      const lk = (await readdir(f)).filter((n) => n.endsWith('.lk')).sort();
      targets.push(...lk.map((n) => join(f, n)));
    } else {
      process.stderr.write(`liangku fmt: ${f}: no such file. Check the path and try again.\n`);
      return 2;
    }
  }
  let code = 0;
  for (const f of targets) {
    const text = await readFile(f, 'utf8');
    const r = parse(text, f);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
      for (const d of errors as Diagnostic[]) process.stderr.write(`${describe(f, text, d)}\n`);
      process.stderr.write(`liangku fmt: ${f} was not formatted: fix the errors above first.\n`);
      code = 1;
      continue;
    }
    const out = format(r.value, text);
    if (out === text) continue;
    if (check) {
      process.stdout.write(`${f}\n`);
      code = 1;
    } else {
      await writeFile(f, out, 'utf8');
    }
  }
  return code;
}

/** `path:line:col: error CODE message` with 1-based line and column (UTF-16 columns, like editors). */
function describe(file: string, text: string, d: Diagnostic): string {
  const { line, column } = new LineMap(text).at(d.span.start);
  return `${file}:${line}:${column}: ${d.severity} ${d.code} ${d.message.en}`;
}
