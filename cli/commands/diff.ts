// `liangku diff OLD NEW [--claims FILE] [--json]`: what changed between two pack versions (rules,
// params, knowledge rows); with claims, which findings appear or disappear per rule. Exit 0.
import { diffArtifacts, type ArtifactDiff } from '../../compiler/diff/diff-artifacts.js';
import { loadPack } from '../../runtime/index.js';
import { replay } from '../../governance/replay.js';
import { loadArtifact } from '../shared/load-artifact.js';
import { pickLang } from '../shared/print-diagnostics.js';
import { readRequests } from '../shared/read-requests.js';

const HELP = `usage: liangku diff OLD NEW [--claims FILE] [--stage pre|mid|post] [--json]
OLD and NEW are built artifacts (JSON) or pack directories.`;

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const lang = pickLang(args);
  const valued = new Set(['--claims', '--stage', '--lang']);
  const pos = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1] ?? ''));
  if (pos.length !== 2) {
    process.stderr.write(`liangku diff: give exactly two packs (OLD NEW).\n${HELP}\n`);
    return 2;
  }
  const [a, b] = await Promise.all(pos.map((p) => loadArtifact(p, lang)));
  for (const x of [a, b]) if (typeof x === 'string') {
    process.stderr.write(`liangku diff: ${x}\n`);
    return 1;
  }
  const oldA = a as Exclude<typeof a, string>;
  const newA = b as Exclude<typeof b, string>;
  const d = diffArtifacts(oldA, newA);
  const claimsAt = args.indexOf('--claims');
  let findings: FindingDelta | undefined;
  if (claimsAt >= 0) {
    const file = args[claimsAt + 1];
    const stage = (args[args.indexOf('--stage') + 1] ?? 'mid') as 'mid';
    findings = await findingDelta(oldA, newA, file, args.includes('--stage') ? stage : 'mid');
    if (typeof findings === 'string') {
      process.stderr.write(`liangku diff: ${findings}\n`);
      return 1;
    }
  }
  if (args.includes('--json')) process.stdout.write(JSON.stringify({ ...d, findings }, null, 2) + '\n');
  else process.stdout.write(render(d, findings));
  return 0;
}

type FindingDelta = { requests: number; perRule: Record<string, { gained: number; lost: number; moneyGained: number; moneyLost: number }> } | string;

/** Findings gained and lost per rule over the claims: the governance replay (same matching, same money). */
async function findingDelta(a: Parameters<typeof loadPack>[0], b: Parameters<typeof loadPack>[0], file: string | undefined, stage: 'pre' | 'mid' | 'post'): Promise<FindingDelta> {
  const pa = loadPack(a);
  const pb = loadPack(b);
  if (!pa.value || !pb.value) return 'a pack does not load';
  const report = await replay(pa.value, pb.value, readRequests(file), { stage });
  const perRule: Exclude<FindingDelta, string>['perRule'] = {};
  for (const r of report.rules) if (r.gained || r.lost) perRule[r.rule] = { gained: r.gained, lost: r.lost, moneyGained: r.moneyGained, moneyLost: r.moneyLost };
  return { requests: report.requests, perRule };
}

function render(d: ArtifactDiff, f: FindingDelta | undefined): string {
  const lines = [`${d.from} → ${d.to}`];
  const v = (x: unknown) => (x === undefined ? '—' : JSON.stringify(x));
  if (!d.rules.length && !d.params.length && !d.tables.length && !d.other.length) lines.push('  no changes in rules, parameters, knowledge or inputs');
  for (const p of d.params) lines.push(`  param ${p.name}: ${p.kind === 'changed' ? `${v(p.old)} → ${v(p.new)}` : p.kind}${p.layer ? `  [${p.layer}${p.reason ? `: ${p.reason}` : ''}]` : ''}`);
  for (const r of d.rules) {
    const what = r.kind === 'changed' ? r.fields.map((x) => (['steps', 'flag', 'involve', 'amount', 'message', 'excludes'].includes(x.field) ? x.field : `${x.field} ${v(x.old)} → ${v(x.new)}`)).join('; ') : r.kind;
    lines.push(`  rule ${r.code} ${r.name}: ${what}${r.layer ? `  [${r.layer}${r.reason ? `: ${r.reason}` : ''}]` : ''}`);
  }
  for (const t of d.tables) lines.push(`  knowledge ${t.table}: +${t.added} -${t.removed} ~${t.changed}${t.samples.length ? `  (${t.samples.join(', ')})` : ''}`);
  for (const o of d.other) lines.push(`  ${o}`);
  if (f && typeof f !== 'string') {
    lines.push(`  findings over ${f.requests} request(s):`);
    const rows = Object.entries(f.perRule);
    if (!rows.length) lines.push('    no finding appears or disappears');
    for (const [code, r] of rows) lines.push(`    ${code}: +${r.gained} (+${r.moneyGained.toFixed(2)} 元)  -${r.lost} (-${r.moneyLost.toFixed(2)} 元)`);
  }
  return lines.join('\n') + '\n';
}
