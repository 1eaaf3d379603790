// `liangku stats [--data DIR] [--pack ID] [--by rule|region|institution|month] [--since DATE]
// [--min-reviewed N] [--json]`: per rule hits, money, appeal rate and the false-positive (overturn)
// rate with a 95% Wilson interval, worst first, with retire/review proposals from the triggers in
// `<data>/governance.json` (default: FP ≥ 50% over ≥ 30 reviewed → retire; FP ≥ 30% → review).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadGovernanceConfig } from '../../governance/config.js';
import { computeStats, type GroupBy, type StatsReport } from '../../governance/metrics.js';
import { openStore } from '../../server/store/open-store.js';
import { iterateOutcomes } from '../../server/store/outcomes-repo.js';
import { pickLang, type Lang } from '../shared/print-diagnostics.js';

const USAGE = `usage: liangku stats [--data DIR] [--pack ID] [--by rule|region|institution|month] [--since YYYY-MM-DD]
                     [--min-reviewed N] [--json]
  --data          registry data directory holding imported outcomes (default ./.liangku-data)
  --pack          only outcomes of this pack id
  --by            split each rule's numbers by region, institution or month (default rule)
  --since         only findings on or after this date
  --min-reviewed  hide rules with fewer reviewed findings
`;

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        data: { type: 'string', default: './.liangku-data' }, pack: { type: 'string' }, by: { type: 'string', default: 'rule' },
        since: { type: 'string' }, 'min-reviewed': { type: 'string' }, json: { type: 'boolean', default: false },
        lang: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    process.stderr.write(`liangku stats: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const by = values.by as GroupBy;
  if (!['rule', 'region', 'institution', 'month'].includes(by)) {
    process.stderr.write(`liangku stats: --by must be rule, region, institution or month, got "${values.by}"\n`);
    return 2;
  }
  if (values.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.since)) {
    process.stderr.write(`liangku stats: --since must be a date YYYY-MM-DD, got "${values.since}"\n`);
    return 2;
  }
  const minReviewed = values['min-reviewed'] === undefined ? 0 : Number(values['min-reviewed']);
  if (!Number.isInteger(minReviewed) || minReviewed < 0) {
    process.stderr.write(`liangku stats: --min-reviewed must be a whole number ≥ 0\n`);
    return 2;
  }
  if (!existsSync(join(values.data!, 'registry.sqlite'))) {
    process.stderr.write(`liangku stats: no registry database in ${values.data}; import outcomes first with \`liangku outcomes import FILE --data ${values.data}\`.\n`);
    return 1;
  }
  const config = loadGovernanceConfig(values.data!);
  for (const p of config.problems) process.stderr.write(`liangku stats: ${p} (using defaults there)\n`);
  const store = openStore(values.data!);
  let report: StatsReport;
  try {
    report = computeStats(iterateOutcomes(store.db, { packId: values.pack, since: values.since }), {
      by, minReviewed, triggers: config.triggers,
    });
  } finally {
    store.close();
  }
  if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else process.stdout.write(renderStats(report, pickLang(args)));
  return 0;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const yuan = (x: number) => x.toFixed(2);

export function renderStats(r: StatsReport, lang: Lang): string {
  if (!r.rules.length) return lang === 'zh' ? '没有符合条件的复审结果。\n' : 'no outcomes match.\n';
  const zh = lang === 'zh';
  const head = zh
    ? ['规则', ...(r.by !== 'rule' ? [r.by === 'region' ? '区划' : r.by === 'institution' ? '机构' : '月份'] : []), '命中', '已复审', '违规金额', '认定金额', '申诉率', '误判率', '95%区间', '建议']
    : ['rule', ...(r.by !== 'rule' ? [r.by] : []), 'hits', 'reviewed', 'flagged', 'upheld', 'appeal', 'FP rate', '95% CI', 'proposal'];
  const rows = r.rules.map((s) => [
    s.rule, ...(r.by !== 'rule' ? [s.group ?? ''] : []), String(s.hits), String(s.reviewed), yuan(s.moneyFlagged), yuan(s.moneyUpheld),
    pct(s.appealRate), s.reviewed ? pct(s.fp.p) : '—', s.reviewed ? `${pct(s.fp.lo)}–${pct(s.fp.hi)}` : '—',
    s.proposal ? `${zh ? (s.proposal.action === 'retire' ? '建议停用' : '建议复核') : `propose ${s.proposal.action}`} (${zh ? s.proposal.because.zh : s.proposal.because.en})` : '',
  ]);
  const width = (s: string) => [...s].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((row) => width(row[i]!))));
  const fmt = (row: string[]) => row.map((c, i) => (i === row.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c)))).join('  ').trimEnd();
  const out = [fmt(head), ...rows.map(fmt)];
  out.push(zh ? `共 ${r.outcomes} 条复审结果；误判率 = 撤销 / 已复审（部分维持不计为误判）` : `${r.outcomes} outcome(s); FP rate = overturned / reviewed (partly upheld is not a false positive)`);
  return out.join('\n') + '\n';
}
