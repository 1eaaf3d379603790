// How two evaluations' findings are matched (replay, `liangku diff --claims`, the studio's claims
// diff): by rule, violation lines (sorted) and batch subject; a repeated key gets an occurrence
// suffix so two identical findings are not collapsed into one. Browser-safe.
import type { Finding } from '../runtime/api.js';

export function keyedFindings(fs: readonly Finding[] | undefined): Map<string, Finding> {
  const m = new Map<string, Finding>();
  if (!fs) return m;
  for (const f of fs) {
    const lines = f.lines.filter((l) => l.role === 'violation').map((l) => l.feedetl_sn).sort().join(',');
    const base = `${f.rule_id}|${lines}|${f.subject ? JSON.stringify(f.subject) : ''}`;
    let k = base;
    for (let i = 1; m.has(k); i++) k = `${base}#${i}`;
    m.set(k, f);
  }
  return m;
}
