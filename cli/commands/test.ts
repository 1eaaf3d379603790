// `liangku test PACK_DIR...`: build each pack, run its own tests, end with `N passed, N failed`.
// Exit 0 all pass, 1 any fail (or a pack does not build), 2 usage.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { compilePackDir } from '../../compiler/index.js';
import { runPackTests } from '../../compiler/testing/run-pack-tests.js';
import { hasErrors } from '../../dsl/diagnostics/diagnostic.js';
import { LineMap } from '../../dsl/source/line-map.js';
import { loadPack } from '../../runtime/index.js';
import { pickLang, printDiagnostics } from '../shared/print-diagnostics.js';

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write('usage: liangku test [--lang zh|en] PACK_DIR...\nRun the packs\' own test cases; ends with `N passed, N failed`.\n');
    return 0;
  }
  const lang = pickLang(args);
  const dirs = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--lang');
  if (!dirs.length) {
    process.stderr.write('liangku test: name at least one pack directory.\n');
    return 2;
  }
  let passed = 0;
  let failed = 0;
  let broken = false;
  for (const dir of dirs) {
    if (!(await stat(dir).then((s) => s.isDirectory()).catch(() => false))) {
      process.stderr.write(`liangku test: ${dir}: not a pack directory.\n`);
      return 2;
    }
    const r = await compilePackDir(dir);
    const texts = new Map([...r.value.files.values()].map((f) => [f.display, f.text]));
    printDiagnostics(r.diagnostics.filter((d) => d.severity === 'error'), texts, lang);
    if (hasErrors(r.diagnostics) || !r.value.artifact) {
      process.stdout.write(`${dir}: does not build; tests not run\n`);
      broken = true;
      continue;
    }
    const loaded = loadPack(r.value.artifact);
    if (!loaded.value) {
      process.stdout.write(`${dir}: the artifact does not load: ${JSON.stringify(loaded.diagnostics)}\n`);
      broken = true;
      continue;
    }
    const outcomes = await runPackTests(loaded.value, r.value.tests, (p) => readFile(join(dir, p), 'utf8').catch(() => null));
    for (const o of outcomes) {
      if (o.passed) {
        passed++;
        process.stdout.write(`  ✓ ${o.test.name}\n`);
        continue;
      }
      failed++;
      process.stdout.write(`  ✗ ${o.test.name}\n`);
      const file = join(dir, o.test.file);
      const text = texts.get(file) ?? texts.get(`${dir.replace(/\/$/, '')}/${o.test.file}`);
      for (const f of o.failures) {
        const at = text ? new LineMap(text).at(f.span.start) : { line: 1, column: 1 };
        process.stdout.write(`    ${file}:${at.line}:${at.column}: ${f[lang]}\n`);
      }
    }
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed || broken ? 1 : 0;
}
