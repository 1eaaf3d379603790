// `liangku publish PACK_DIR_OR_ARTIFACT --registry URL --token T`
// A .json file is uploaded as it is; a directory is compiled first (compiler/index.ts compilePackDir).
// Exit 0 published, 1 refused by the registry (its message is printed) or not compiled, 2 usage.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';

const USAGE = `usage: liangku publish PACK_DIR_OR_ARTIFACT.json --registry URL --token TOKEN
  --registry  registry base URL, e.g. http://localhost:7300 (or env LIANGKU_REGISTRY)
  --token     a publisher token from \`liangku token create\` (or env LIANGKU_TOKEN)
  --replay    a replay report (\`liangku replay … -o FILE\`) for registries that gate publishing on one
`;

const usage = (msg: string): number => {
  process.stderr.write(`liangku publish: ${msg}\n${USAGE}`);
  return 2;
};

interface Diagnostic {
  severity?: string;
  code?: string;
  message?: string | { en?: string; zh?: string };
}

/** The artifact of a pack directory, compiled now; a string is an error to print. */
async function compileDir(dir: string): Promise<unknown | string> {
  const spec = '../../compiler/index.js'; // a variable: the compiler may not exist yet in this checkout
  let mod: { compilePackDir?: (dir: string) => Promise<{ value: { artifact: unknown } | null; diagnostics: Diagnostic[] }> };
  try {
    mod = await import(spec);
  } catch {
    mod = {};
  }
  if (typeof mod.compilePackDir !== 'function') {
    return `this version cannot compile ${dir} here; run \`liangku build ${dir} -o pack.json\` first and publish pack.json`;
  }
  const result = await mod.compilePackDir(dir);
  const errors = (result.diagnostics ?? []).filter((d) => d.severity === undefined || d.severity === 'error');
  if (!result.value || errors.length > 0) {
    const lines = errors.slice(0, 10).map((d) => {
      const m = typeof d.message === 'string' ? d.message : (d.message?.en ?? d.message?.zh ?? '');
      return `  ${d.code ?? 'error'} ${m}`;
    });
    return `${dir} does not compile (${errors.length} error(s)); run \`liangku check ${dir}\` for details:\n${lines.join('\n')}`;
  }
  return result.value.artifact;
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        registry: { type: 'string' },
        token: { type: 'string' },
        replay: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    return usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const registry = values.registry ?? process.env.LIANGKU_REGISTRY;
  const token = values.token ?? process.env.LIANGKU_TOKEN;
  if (positionals.length !== 1) return usage('give exactly one pack directory or artifact .json file');
  if (!registry) return usage('--registry URL is required');
  if (!token) return usage('--token is required');
  let base: URL;
  try {
    base = new URL(registry);
  } catch {
    return usage(`"${registry}" is not a URL (like http://localhost:7300)`);
  }
  const target = positionals[0];
  if (!existsSync(target)) return usage(`${target} does not exist`);

  let body: string;
  if (statSync(target).isDirectory()) {
    const artifact = await compileDir(target);
    if (typeof artifact === 'string') {
      process.stderr.write(`liangku publish: ${artifact}\n`);
      return 1;
    }
    body = JSON.stringify(artifact);
  } else {
    body = readFileSync(target, 'utf8');
    try {
      JSON.parse(body);
    } catch {
      return usage(`${target} is not JSON; pass the artifact written by \`liangku build -o FILE\` or a pack directory`);
    }
  }

  const replayPath = (parsed.values as { replay?: string }).replay;
  if (replayPath) {
    let replay: unknown;
    try {
      replay = JSON.parse(readFileSync(replayPath, 'utf8'));
    } catch (e) {
      return usage(`cannot read the replay report ${replayPath}: ${(e as Error).message}`);
    }
    // The registry's gate reads { artifact, replay }; a plain artifact body stays accepted without it.
    body = `{"artifact":${body},"replay":${JSON.stringify(replay)}}`;
  }

  let res: Response;
  try {
    res = await fetch(new URL('/api/packs', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
  } catch (e) {
    process.stderr.write(`liangku publish: cannot reach the registry at ${base.origin}: ${(e as Error).cause ? String((e as { cause: unknown }).cause) : (e as Error).message}\n`);
    return 1;
  }
  const text = await res.text();
  let answer: { id?: string; version?: string; hash?: string; url?: string; error?: { code: string; message: string } } = {};
  try {
    answer = JSON.parse(text);
  } catch {
    // not JSON: reported below with the status
  }
  if (res.ok) {
    process.stdout.write(`published ${answer.id}@${answer.version} (${answer.hash}) → ${new URL(answer.url ?? '/', base).href}\n`);
    return 0;
  }
  const message = answer.error ? `${answer.error.message} [${answer.error.code}]` : `HTTP ${res.status} ${text.slice(0, 200)}`;
  process.stderr.write(`liangku publish: refused by the registry (${res.status}): ${message}\n`);
  return 1;
}
