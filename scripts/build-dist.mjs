// `npm run build`: compile dsl/compiler/runtime/cli/server/governance to dist/ (tsc), then stamp the
// build so bin/liangku.mjs knows it is as new as the sources.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
const r = spawnSync(process.execPath, [`${root}/node_modules/typescript/bin/tsc`, '-p', `${root}/tsconfig.build.json`], { stdio: 'inherit' });
if (r.status !== 0) {
  console.error('liangku: the build (dist/) failed; the CLI keeps running from the TypeScript sources.');
  process.exit(r.status ?? 1);
}
mkdirSync(`${root}/dist`, { recursive: true });
// The stamp's time is when the build started: a source saved during the build is newer than it.
writeFileSync(`${root}/dist/.build-stamp`, new Date(started).toISOString() + '\n');
const { utimesSync } = await import('node:fs');
utimesSync(`${root}/dist/.build-stamp`, new Date(started), new Date(started));
console.log(`liangku: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
