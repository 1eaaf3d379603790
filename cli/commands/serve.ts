// `liangku serve [--port N] [--host H] [--data DIR] [--studio DIR]`: the pack registry and the
// studio. Data (SQLite + artifact files) defaults to ./.liangku-data; the studio build to dist/studio.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from '../../server/app.js';

const USAGE = `usage: liangku serve [--port N] [--host HOST] [--data DIR] [--studio DIR]
  --port    port to listen on (default 7300; 0 = any free port)
  --host    address to bind (default 127.0.0.1; 0.0.0.0 to serve the network)
  --data    registry data directory (default ./.liangku-data)
  --studio  built studio directory (default dist/studio of this checkout)
  --bundled publish the packs in rulepacks/ into this registry first (what \`npm start\` does)
  --replay-gate LIMITS  require a replay report within limits to publish, e.g. maxLost=100,maxMoneyLost=5000
`;

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: 'string', default: '7300' },
        host: { type: 'string', default: '127.0.0.1' },
        data: { type: 'string', default: './.liangku-data' },
        studio: { type: 'string' },
        bundled: { type: 'boolean', default: false },
        'replay-gate': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    process.stderr.write(`liangku serve: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`liangku serve: --port must be a number from 0 to 65535, got "${values.port}"\n`);
    return 2;
  }
  const { packageRoot } = await import('../../compiler/node/package-root.js');
  const defaultStudio = `${packageRoot()}/dist/studio`;
  const studioDir = values.studio ?? (existsSync(defaultStudio) ? defaultStudio : undefined);
  if (values.studio && !existsSync(values.studio)) {
    process.stderr.write(`liangku serve: studio directory ${values.studio} does not exist; build it with \`npx vite build\`.\n`);
    return 2;
  }

  const gate = (values as { 'replay-gate'?: string })['replay-gate'];
  if (gate !== undefined) {
    const { parseGateSpec } = await import('../../governance/gate.js');
    const problems = parseGateSpec(gate).problems;
    if (problems.length) {
      process.stderr.write(`liangku serve: --replay-gate: ${problems.join('; ')}\n`);
      return 2;
    }
    process.env['LIANGKU_REPLAY_GATE'] = gate; // read by governance/config.ts on every publish
  }
  const app = await buildApp({ dataDir: values.data!, studioDir });
  if (values.bundled) {
    process.stdout.write('publishing the bundled packs into the local registry…\n');
    const { seedBundledPacks } = await import('../../server/seed-bundled.js');
    const r = await seedBundledPacks(app.registryStore, undefined, (line) => process.stdout.write(line + '\n'));
    if (r.unchanged.length) process.stdout.write(`  already published: ${r.unchanged.join(', ')}\n`);
    for (const p of r.problems) process.stderr.write(`  warning: ${p}\n`);
  }
  let address: string;
  try {
    address = await app.listen({ port, host: values.host });
  } catch (e) {
    await app.close();
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'EADDRINUSE' ? `port ${port} is already in use; pick another with --port` : err.message;
    process.stderr.write(`liangku serve: cannot listen on ${values.host}:${port}: ${why}\n`);
    return 1;
  }
  process.stdout.write(
    `liangku registry listening on ${address}\n` +
      `  studio:   ${address}/${studioDir ? '' : ' (not built: run `npx vite build`)'}\n` +
      `  packs:    ${address}/api/packs\n` +
      `  openapi:  ${address}/api/openapi.json\n` +
      `  data:     ${app.registryStore.dataDir}\n`,
  );
  // Serve until asked to stop; close cleanly so SQLite checkpoints its WAL.
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await app.close();
  return 0;
}
