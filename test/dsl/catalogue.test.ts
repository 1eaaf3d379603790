// The diagnostic catalogue is complete and honest: every code the compiler can emit is catalogued,
// every catalogued example really triggers its code, and docs/language.md lists every code.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../dsl/diagnostics/catalogue/index.js';
import { compileFiles } from '../compiler/helpers.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Every code literal in the compiler and language sources. */
function codesInSources(): string[] {
  // The catalogue's own files name every code too; only use sites count.
  const out = execFileSync('grep', ['-rhoE', "'(parse|check|layer|knowledge|artifact)/[a-z0-9-]+'", 'dsl', 'compiler', '--include=*.ts', '--exclude-dir=catalogue'], { cwd: ROOT, encoding: 'utf8' });
  return [...new Set(out.split('\n').filter(Boolean).map((s) => s.slice(1, -1)))].sort();
}

describe('diagnostic catalogue', () => {
  it('has one entry per code, each well formed', () => {
    const seen = new Set<string>();
    for (const e of catalogue) {
      expect(seen.has(e.code), `duplicate entry ${e.code}`).toBe(false);
      seen.add(e.code);
      expect(e.code).toMatch(/^(parse|check|layer|knowledge|artifact)\/[a-z0-9-]+$/);
      expect(e.title.zh.length).toBeGreaterThan(0);
      expect(e.title.en.length).toBeGreaterThan(0);
      expect(!!e.example || !!e.exampleNote, `${e.code} needs an example or an exampleNote`).toBe(true);
    }
  });

  it('catalogues every code used in dsl/ and compiler/', () => {
    const used = codesInSources();
    expect(used.length).toBeGreaterThan(50);
    const catalogued = new Set(catalogue.map((e) => e.code));
    expect(used.filter((c) => !catalogued.has(c))).toEqual([]);
  });

  it('every catalogued code is used somewhere (no dead entries)', () => {
    const used = new Set(codesInSources());
    expect(catalogue.map((e) => e.code).filter((c) => !used.has(c))).toEqual([]);
  });

  for (const e of catalogue.filter((x) => x.example)) {
    it(`example for ${e.code} triggers it`, async () => {
      const r = await compileFiles(e.example!.files);
      const hit = r.diagnostics.filter((d) => d.code === e.code);
      expect(hit.length, `${e.code}: got ${r.diagnostics.map((d) => d.code).join(', ') || 'nothing'}`).toBeGreaterThan(0);
      expect(hit[0]!.severity).toBe(e.severity);
      // Every diagnostic has both languages and a span inside its file.
      for (const d of r.diagnostics) {
        expect(d.message.zh.length).toBeGreaterThan(0);
        expect(d.message.en.length).toBeGreaterThan(0);
        expect(d.span.start).toBeLessThanOrEqual(d.span.end);
      }
    });
  }

  it('docs/language.md lists every code', () => {
    const doc = readFileSync(`${ROOT}docs/language.md`, 'utf8');
    const missing = catalogue.map((e) => e.code).filter((c) => !doc.includes(`\`${c}\``));
    expect(missing).toEqual([]);
  });
});
