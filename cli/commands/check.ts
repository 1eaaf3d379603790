// `liangku check PACK_DIR|FILE...`: parse and type-check packs (and their bases).
// Exit 0 no errors, 1 errors, 2 usage (cli.md).
import { stat } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { compilePackDir, compilePack, memorySource } from '../../compiler/index.js';
import { hasErrors, type Diagnostic } from '../../dsl/diagnostics/diagnostic.js';
import { pickLang, printDiagnostics } from '../shared/print-diagnostics.js';

const HELP = `usage: liangku check [--lang zh|en] PACK_DIR|FILE.lk...
Parse and type-check packs (with their bases). Prints path:line:col: error|warning CODE message.
Exit status: 0 no errors, 1 errors, 2 usage.`;

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const lang = pickLang(args);
  const paths = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--lang');
  if (paths.length === 0) {
    process.stderr.write(`liangku check: name at least one pack directory or .lk file.\n${HELP}\n`);
    return 2;
  }
  let errors = 0;
  let warnings = 0;
  for (const p of paths) {
    const st = await stat(p).catch(() => null);
    if (!st) {
      process.stderr.write(`liangku check: ${p}: no such file or directory.\n`);
      return 2;
    }
    const r = st.isDirectory()
      ? await compilePackDir(p, { checkOnly: true })
      : await compilePack(memorySource(p.replace(/[^/\\]+$/, '').replace(/[/\\]$/, ''), { [basename(p)]: await readFile(p, 'utf8') }), { checkOnly: true });
    const texts = new Map([...r.value.files.values()].map((f) => [f.display, f.text]));
    const ds: Diagnostic[] = [...r.diagnostics];
    printDiagnostics(ds, texts, lang);
    errors += ds.filter((d) => d.severity === 'error').length;
    warnings += ds.filter((d) => d.severity === 'warning').length;
    if (!hasErrors(ds)) process.stdout.write(`${p}: ok (${r.value.layers.map((l) => `${l.pack.id}@${l.pack.version}`).join(' → ')})\n`);
  }
  if (errors || warnings) process.stderr.write(`${errors} error(s), ${warnings} warning(s)\n`);
  return errors ? 1 : 0;
}
