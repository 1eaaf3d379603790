// The liangku package's own folder (where package.json, rulepacks/ and dist/ live), found by walking
// up from this file: the same answer whether the code runs from source (tsx) or from dist/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'liangku') return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the liangku package folder above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}
