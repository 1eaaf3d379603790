// runtime/ must not depend on the compiler side: the artifact is the only contract.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, relative } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const FORBIDDEN = ['dsl', 'compiler', 'cli', 'server', 'studio'];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('runtime import boundary', () => {
  it('imports nothing from dsl/, compiler/, cli/, server/ or studio/', () => {
    const bad: string[] = [];
    const files = tsFiles(join(ROOT, 'runtime'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
        const spec = m[1];
        if (!spec.startsWith('.')) continue;
        const top = relative(ROOT, resolve(f, '..', spec)).split(/[\\/]/)[0];
        if (FORBIDDEN.includes(top)) bad.push(`${relative(ROOT, f)} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
