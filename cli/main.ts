// The `liangku` command line (contract: docs/cli.md, fixed by shared/design/cli.md).
// Each command lives in cli/commands/<name>.ts and exports `run(args: string[]): Promise<number>`;
// this file only dispatches, so adding a command never touches the others.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Running from source (tsx) the commands are .ts files; from the built dist/ they are .js.
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

const COMMANDS: Record<string, string> = {
  check: 'parse and type-check packs (and their bases) / 检查规则包',
  fmt: 'format .lk files in place; --check lists unformatted files / 格式化',
  build: 'compile a pack with its bases into a signed artifact / 构建',
  eval: 'evaluate audit requests against a pack / 审核',
  test: "run the packs' own test cases / 运行测试",
  diff: 'what changed between two pack versions / 版本差异',
  serve: 'the studio and the pack registry / 启动工作台与规则库服务',
  publish: 'publish a pack version to a registry / 发布',
  replay: 'replay historical requests against two pack versions / 回放',
  stats: 'false-positive rate and review outcomes per rule / 规则效果统计',
  token: 'registry tokens (admin) / 令牌管理',
  outcomes: 'import review outcomes into a registry database / 导入复审结果',
};

export function usage(): string {
  const lines = ['liangku — 医保基金智能审核 两库 toolkit', '', 'usage: liangku <command> [options]', ''];
  for (const [name, what] of Object.entries(COMMANDS)) {
    const ready = existsSync(fileURLToPath(new URL(`./commands/${name}${EXT}`, import.meta.url)));
    lines.push(`  ${name.padEnd(9)} ${what}${ready ? '' : '  (coming soon)'}`);
  }
  lines.push('', 'Run `liangku <command> --help` for the options of one command.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage() + '\n');
    return 0;
  }
  if (name === '--version' || name === '-v') {
    const { readFileSync } = await import('node:fs');
    const { packageRoot } = await import('../compiler/node/package-root.js');
    const pkg = JSON.parse(readFileSync(`${packageRoot()}/package.json`, 'utf8'));
    process.stdout.write(`liangku ${pkg.version}\n`);
    return 0;
  }
  if (!(name in COMMANDS)) {
    process.stderr.write(`liangku: unknown command "${name}". Run \`liangku help\` to see the commands.\n`);
    return 2;
  }
  const file = new URL(`./commands/${name}${EXT}`, import.meta.url);
  if (!existsSync(fileURLToPath(file))) {
    process.stderr.write(`liangku: "${name}" is not available in this version yet.\n`);
    return 2;
  }
  const mod = (await import(file.href)) as { run: (args: string[]) => Promise<number> };
  try {
    return await mod.run(rest);
  } catch (err) {
    // A bug of ours, not a user error: say so plainly, keep the stack for a bug report only on request.
    const e = err as Error;
    process.stderr.write(`liangku ${name}: internal error: ${e.message}\n`);
    if (process.env.LIANGKU_DEBUG) process.stderr.write(`${e.stack}\n`);
    return 70;
  }
}
