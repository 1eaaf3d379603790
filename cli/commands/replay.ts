// `liangku replay --pack NEW --against OLD CLAIMS [--data DIR] [--stage S] [--json] [-o FILE]`:
// evaluate both versions over historical requests and report per rule findings gained, lost,
// changed, moved to shadow, money gained and lost and, when the data directory holds review
// outcomes, the false positives the new version can be expected to raise. The JSON report is what
// a registry with a replay gate wants next to the artifact (`{ artifact, replay }`). Exit 0, 1 when
// a pack cannot load, 2 usage.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadGovernanceConfig } from '../../governance/config.js';
import { computeStats, fpRates } from '../../governance/metrics.js';
import { replay, type ReplayReport } from '../../governance/replay.js';
import { loadPack } from '../../runtime/index.js';
import { openStore } from '../../server/store/open-store.js';
import { iterateOutcomes } from '../../server/store/outcomes-repo.js';
import { loadArtifact } from '../shared/load-artifact.js';
import { pickLang, type Lang } from '../shared/print-diagnostics.js';
import { readRequests } from '../shared/read-requests.js';

const USAGE = `usage: liangku replay --pack NEW --against OLD CLAIMS [--data DIR] [--stage pre|mid|post] [--json] [-o FILE]
  --pack     the new version: artifact JSON or pack directory
  --against  the version in use: artifact JSON or pack directory
  CLAIMS     historical requests (JSONL / JSON array; - or nothing = stdin)
  --data     registry data directory with review outcomes (for expected false positives)
  -o FILE    also write the JSON report to FILE (for \`publish\` to a gated registry)
`;

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true,
      options: {
        pack: { type: 'string' }, against: { type: 'string' }, data: { type: 'string' }, stage: { type: 'string', default: 'mid' },
        json: { type: 'boolean', default: false }, out: { type: 'string', short: 'o' }, lang: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    process.stderr.write(`liangku replay: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!values.pack || !values.against || positionals.length > 1) {
    process.stderr.write(`liangku replay: give --pack NEW, --against OLD and one CLAIMS file.\n${USAGE}`);
    return 2;
  }
  if (!['pre', 'mid', 'post'].includes(values.stage!)) {
    process.stderr.write(`liangku replay: --stage must be pre, mid or post\n`);
    return 2;
  }
  const lang = pickLang(args);
  const [na, oa] = await Promise.all([loadArtifact(values.pack, lang), loadArtifact(values.against, lang)]);
  for (const x of [na, oa]) if (typeof x === 'string') {
    process.stderr.write(`liangku replay: ${x}\n`);
    return 1;
  }
  const np = loadPack(na as Exclude<typeof na, string>);
  const op = loadPack(oa as Exclude<typeof oa, string>);
  for (const [p, name] of [[np, values.pack], [op, values.against]] as const) if (!p.value) {
    process.stderr.write(`liangku replay: ${name} does not load: ${p.diagnostics.map((d) => String((d as { message: unknown }).message)).join('; ')}\n`);
    return 1;
  }
  let rates;
  if (values.data) {
    if (!existsSync(join(values.data, 'registry.sqlite'))) {
      process.stderr.write(`liangku replay: no registry database in ${values.data}; expected false positives are left out.\n`);
    } else {
      const store = openStore(values.data);
      try {
        rates = fpRates(computeStats(iterateOutcomes(store.db), { triggers: loadGovernanceConfig(values.data).triggers }));
      } finally {
        store.close();
      }
    }
  }
  const claims = positionals[0];
  if (claims && claims !== '-' && !existsSync(claims)) {
    process.stderr.write(`liangku replay: ${claims}: no such file\n`);
    return 1;
  }
  const report = await replay(op.value!, np.value!, readRequests(claims), { stage: values.stage as 'mid', ...(rates ? { fpRates: rates } : {}) });
  if (values.out) writeFileSync(values.out, JSON.stringify(report, null, 2) + '\n');
  if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else process.stdout.write(renderReplay(report, lang));
  return 0;
}

const y = (x: number) => x.toFixed(2);

export function renderReplay(r: ReplayReport, lang: Lang): string {
  const zh = lang === 'zh';
  const t = r.totals;
  const out = [
    `${r.old.id}@${r.old.version} → ${r.new.id}@${r.new.version}  (${r.requests} ${zh ? '个请求' : 'request(s)'}, stage ${r.stage}${r.errors.old || r.errors.new ? `; ${zh ? '无效请求' : 'invalid'} ${r.errors.old}/${r.errors.new}` : ''})`,
  ];
  const head = zh ? ['规则', '旧', '新', '新增', '消失', '变化', '转影子', '金额增加', '金额减少', '误判率', '预计误判'] : ['rule', 'old', 'new', 'gained', 'lost', 'changed', '→shadow', 'money +', 'money −', 'FP rate', 'exp. FP'];
  const rows = r.rules.map((x) => [x.rule, String(x.oldFindings), String(x.newFindings), `+${x.gained}`, `-${x.lost}`, `~${x.changed}`, String(x.movedToShadow),
    `+${y(x.moneyGained)}`, `-${y(x.moneyLost)}`, x.fpRate === null ? '—' : `${(x.fpRate * 100).toFixed(1)}%`, x.expectedFp === null ? '—' : x.expectedFp.toFixed(1)]);
  rows.push([zh ? '合计' : 'total', String(t.oldFindings), String(t.newFindings), `+${t.gained}`, `-${t.lost}`, `~${t.changed}`, String(t.movedToShadow),
    `+${y(t.moneyGained)}`, `-${y(t.moneyLost)}`, '', t.expectedFp.toFixed(1)]);
  const widths = head.map((h, i) => Math.max([...h].length * (zh ? 2 : 1), ...rows.map((row) => row[i]!.length)));
  const fmt = (row: string[]) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  out.push(fmt(head), ...rows.map(fmt));
  out.push(zh
    ? `违规金额 ${y(t.oldMoney)} → ${y(t.newMoney)} 元（${t.newMoney - t.oldMoney >= 0 ? '+' : ''}${y(t.newMoney - t.oldMoney)}）`
    : `money flagged ${y(t.oldMoney)} → ${y(t.newMoney)} yuan (${t.newMoney - t.oldMoney >= 0 ? '+' : ''}${y(t.newMoney - t.oldMoney)})`);
  out.push(zh
    ? `吞吐：旧版 ${r.throughput.oldPerSecond} 个/秒，新版 ${r.throughput.newPerSecond} 个/秒，回放（两版+读入）${r.throughput.replayPerSecond} 个/秒，用时 ${r.throughput.seconds} 秒`
    : `throughput: old ${r.throughput.oldPerSecond} req/s, new ${r.throughput.newPerSecond} req/s, replay (both + reading) ${r.throughput.replayPerSecond} req/s, ${r.throughput.seconds} s`);
  return out.join('\n') + '\n';
}
