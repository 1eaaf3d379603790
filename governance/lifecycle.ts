// Lifecycle changes between two artifacts: which rules changed state (draft → shadow → active →
// retired), were added or removed, with the reason the pack gives (`state CODE shadow because "…"`,
// `disable CODE because "…"`). The registry records them as one `lifecycle` event per publish,
// with the publisher as author, so the audit trail answers "who switched this rule off, and why".
import type { Artifact, IrRule } from '../runtime/artifact/ir.js';

export interface StateChange {
  readonly rule: string;
  readonly name: string;
  readonly from: IrRule['state'] | null; // null: the rule is new
  readonly to: IrRule['state'] | null; // null: the rule was removed
  readonly reason: string | null;
  readonly layer: string | null;
}

type RuleLike = Pick<IrRule, 'code' | 'name' | 'state' | 'stateReason' | 'provenance'>;

function reasonOf(r: RuleLike): string | null {
  const last = r.provenance[r.provenance.length - 1];
  return r.stateReason ?? last?.reason ?? null;
}

/** Changes from `prev` to `next`; with no previous artifact, the rules that start out not active. */
export function stateChanges(prev: Pick<Artifact, 'rules'> | null, next: Pick<Artifact, 'rules'>): StateChange[] {
  const out: StateChange[] = [];
  const A = new Map((prev?.rules ?? []).map((r) => [r.code, r as RuleLike]));
  for (const r of next.rules as readonly RuleLike[]) {
    const a = A.get(r.code);
    const from = a ? a.state : null;
    if (from === r.state) continue;
    if (!prev && r.state === 'active') continue;
    if (prev && !a && r.state === 'active') {
      out.push({ rule: r.code, name: r.name, from: null, to: 'active', reason: reasonOf(r), layer: r.provenance[r.provenance.length - 1]?.layer ?? null });
      continue;
    }
    out.push({ rule: r.code, name: r.name, from, to: r.state, reason: reasonOf(r), layer: r.provenance[r.provenance.length - 1]?.layer ?? null });
  }
  if (prev) {
    const B = new Set(next.rules.map((r) => r.code));
    for (const a of prev.rules) if (!B.has(a.code)) out.push({ rule: a.code, name: a.name, from: a.state, to: null, reason: null, layer: null });
  }
  return out;
}
