// `liangku token create --name N --region 370100 --role publisher [--data DIR]`
// `liangku token list [--data DIR] [--json]`, `liangku token revoke ID [--data DIR]`
// Works on the registry database directly (an administrator on the registry host); the secret is
// printed once and only its sha256 is stored.
import { parseArgs } from 'node:util';
import { openStore } from '../../server/store/open-store.js';
import { createToken, isRegionCode, listTokens, revokeToken, TOKEN_ROLES, type TokenRole } from '../../server/tokens.js';

const USAGE = `usage:
  liangku token create --name NAME --region CODE --role publisher|reviewer|admin [--data DIR]
  liangku token list [--data DIR] [--json]
  liangku token revoke ID [--data DIR]

CODE is a 6-digit region code: 000000 = national (may act on every region), 370000 = a province,
370100 = a city (may act on 3701xx). --data defaults to ./.liangku-data (the same as \`liangku serve\`).
`;

const usage = (msg?: string): number => {
  if (msg) process.stderr.write(`liangku token: ${msg}\n`);
  process.stderr.write(USAGE);
  return 2;
};

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        region: { type: 'string' },
        role: { type: 'string' },
        data: { type: 'string', default: './.liangku-data' },
        json: { type: 'boolean', default: false },
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
  const [sub, ...rest] = positionals;
  switch (sub) {
    case 'create': {
      if (!values.name) return usage('create needs --name');
      if (!values.region || !isRegionCode(values.region)) return usage('create needs --region with a 6-digit region code, e.g. 370100');
      if (!values.role || !TOKEN_ROLES.includes(values.role as TokenRole)) return usage(`create needs --role ${TOKEN_ROLES.join('|')}`);
      const store = openStore(values.data!);
      try {
        const { token, secret } = createToken(store.db, { name: values.name, region: values.region, role: values.role as TokenRole, actor: 'cli' });
        if (values.json) {
          process.stdout.write(`${JSON.stringify({ ...token, secret })}\n`);
        } else {
          process.stdout.write(
            `created token ${token.id} "${token.name}" (${token.role}, region ${token.region})\n` +
              `secret (shown once, store it now / 仅显示一次):\n${secret}\n`,
          );
        }
      } finally {
        store.close();
      }
      return 0;
    }
    case 'list': {
      const store = openStore(values.data!);
      try {
        const tokens = listTokens(store.db);
        if (values.json) {
          process.stdout.write(`${JSON.stringify(tokens)}\n`);
        } else if (tokens.length === 0) {
          process.stdout.write('no tokens; create one with `liangku token create`\n');
        } else {
          for (const t of tokens) {
            const state = t.revokedAt ? `revoked ${t.revokedAt}` : 'active';
            process.stdout.write(`${t.id}  ${t.role.padEnd(9)} ${(t.region || '000000').padEnd(6)}  ${t.name}  (${state}, created ${t.createdAt})\n`);
          }
        }
      } finally {
        store.close();
      }
      return 0;
    }
    case 'revoke': {
      const [id] = rest;
      if (!id) return usage('revoke needs the token ID (see `liangku token list`)');
      const store = openStore(values.data!);
      try {
        if (!revokeToken(store.db, id, 'cli')) {
          process.stderr.write(`liangku token: no token with id "${id}"; see \`liangku token list\`.\n`);
          return 1;
        }
        process.stdout.write(`revoked ${id}\n`);
      } finally {
        store.close();
      }
      return 0;
    }
    default:
      return usage(sub ? `unknown subcommand "${sub}"` : undefined);
  }
}
