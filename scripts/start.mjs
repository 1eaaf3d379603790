// `npm start`: the studio with the bundled packs. Builds the studio once if it is not built yet
// (Vite), then runs `liangku serve --bundled` (publishes rulepacks/* into ./.liangku-data).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = existsSync(`${root}/dist/studio/index.html`);
if (!built && existsSync(`${root}/vite.config.ts`)) {
  console.log('building the studio (first start only; `npm run build:studio` rebuilds it)…');
  const r = spawnSync(process.execPath, [`${root}/node_modules/vite/bin/vite.js`, 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) console.error('the studio did not build; the registry still starts. See the messages above.');
}
const args = ['bin/liangku.mjs', 'serve', '--bundled', ...process.argv.slice(2)];
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 0);
