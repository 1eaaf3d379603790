// `liangku build PACK_DIR [-o FILE] [--sign KEY.pem --key-id ID]`: compile a pack with its bases
// into the artifact JSON (stdout when no -o). Exit 0 ok, 1 errors, 2 usage.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { compilePackDir } from '../../compiler/index.js';
import { hasErrors } from '../../dsl/diagnostics/diagnostic.js';
import { pickLang, printDiagnostics } from '../shared/print-diagnostics.js';

const HELP = `usage: liangku build PACK_DIR [-o FILE] [--sign PRIVATE_KEY.pem [--key-id ID]] [--lang zh|en]
Compile a pack with its bases into the artifact JSON (stdout when no -o).`;

function opt(args: string[], ...names: string[]): string | undefined {
  for (const n of names) {
    const i = args.indexOf(n);
    if (i >= 0) return args[i + 1];
  }
  return undefined;
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const valued = new Set(['-o', '--out', '--sign', '--key-id', '--lang']);
  const positional = args.filter((a, i) => !a.startsWith('-') && !valued.has(args[i - 1] ?? ''));
  const dir = positional[0];
  if (!dir || positional.length > 1) {
    process.stderr.write(`liangku build: name exactly one pack directory.\n${HELP}\n`);
    return 2;
  }
  if (!(await stat(dir).then((s) => s.isDirectory()).catch(() => false))) {
    process.stderr.write(`liangku build: ${dir}: not a pack directory.\n`);
    return 2;
  }
  const signPath = opt(args, '--sign');
  let sign: { keyId: string; privateKeyPem: string } | undefined;
  if (signPath) {
    const pem = await readFile(signPath, 'utf8').catch(() => null);
    if (!pem) {
      process.stderr.write(`liangku build: cannot read the signing key ${signPath}.\n`);
      return 2;
    }
    sign = { keyId: opt(args, '--key-id') ?? 'default', privateKeyPem: pem };
  }
  const started = Date.now();
  const r = await compilePackDir(dir, { ...(sign ? { sign } : {}) });
  const texts = new Map([...r.value.files.values()].map((f) => [f.display, f.text]));
  printDiagnostics(r.diagnostics, texts, pickLang(args));
  const artifact = r.value.artifact;
  if (hasErrors(r.diagnostics) || !artifact) return 1;
  const json = JSON.stringify(artifact);
  const out = opt(args, '-o', '--out');
  if (out) {
    await writeFile(out, json);
    const rows = artifact.tables.reduce((n, t) => n + t.rows.length, 0);
    process.stderr.write(
      `built ${artifact.manifest.id}@${artifact.manifest.version} (${artifact.manifest.layers.map((l) => `${l.id}@${l.version}`).join(' → ')}): ` +
        `${artifact.rules.length} rules, ${artifact.params.length} params, ${artifact.tables.length} tables / ${rows} rows, ${(json.length / 1e6).toFixed(1)} MB, hash ${artifact.hash.slice(0, 12)}… in ${Date.now() - started} ms → ${out}\n`,
    );
  } else process.stdout.write(json + '\n');
  return 0;
}
