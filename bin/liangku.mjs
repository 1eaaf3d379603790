#!/usr/bin/env node
// The `liangku` command. Runs the built JavaScript in dist/ when it is at least as new as every
// source file (`npm install` builds it; `npm run build` rebuilds it), else the TypeScript sources
// through tsx, so a fresh clone works either way and an edited source is never shadowed by an old
// build. LIANGKU_FROM_SOURCE=1 forces the sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of ['dsl', 'compiler', 'runtime', 'cli', 'server', 'governance']) if (existsSync(join(root, d))) walk(join(root, d));
  return newest;
}

const built = !process.env.LIANGKU_FROM_SOURCE && existsSync(stamp) && existsSync(join(root, 'dist', 'cli', 'main.js')) && statSync(stamp).mtimeMs >= newestSource();
let main;
if (built) ({ main } = await import('../dist/cli/main.js'));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
