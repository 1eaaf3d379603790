// Golden diagnostics: for every catalogue code with an example, the diagnostic as `liangku check`
// prints it (path:line:col, code, message, the source line with the span underlined, help, fixes),
// in both languages, compared with test/fixtures/golden/diagnostics.{en,zh}.txt.
// After an intended change: UPDATE_GOLDEN=1 npx vitest run test/compiler/golden-diagnostics.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../dsl/diagnostics/catalogue/index.js';
import { formatDiagnostic, type Lang } from '../../cli/shared/print-diagnostics.js';
import { compileFiles } from './helpers.js';

const GOLDEN = (lang: Lang) => new URL(`../fixtures/golden/diagnostics.${lang}.txt`, import.meta.url);

async function render(lang: Lang): Promise<string> {
  const out: string[] = [];
  for (const e of catalogue) {
    if (!e.example) continue;
    const r = await compileFiles(e.example.files);
    const d = r.diagnostics.find((x) => x.code === e.code);
    const texts = new Map([...r.value.files.values()].map((f) => [f.display, f.text]));
    const csv = Object.entries(e.example.files).map(([p, t]) => [`ex/${p}`, t] as const);
    for (const [p, t] of csv) if (!texts.has(p)) texts.set(p, t);
    out.push(`== ${e.code}\n${d ? formatDiagnostic(d, texts.get(d.file), lang) : '(not produced)'}`);
  }
  return out.join('\n\n') + '\n';
}

describe('golden diagnostics', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`every catalogued code renders as recorded (${lang})`, async () => {
      const got = await render(lang);
      if (process.env['UPDATE_GOLDEN'] || !existsSync(GOLDEN(lang))) writeFileSync(GOLDEN(lang), got);
      expect(got).toBe(readFileSync(GOLDEN(lang), 'utf8'));
      expect(got).not.toContain('(not produced)');
    }, 60_000);
  }
});
