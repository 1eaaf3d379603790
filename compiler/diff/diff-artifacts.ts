// What changed between two artifacts, in the terms a rule maintainer uses: rules added, removed or
// changed (which attributes), parameters changed (old → new, with the layer and reason that set the
// new value), knowledge rows added/removed/changed per table, inputs, computations, scenarios.
// Spans, file indexes and provenance are bookkeeping, not behaviour: they are ignored.
import type { Artifact, IrParam, IrRule, IrTable } from '../../runtime/artifact/ir.js';
import { canonicalJson } from '../../runtime/artifact/canonical.js';

export interface RuleChange {
  readonly code: string;
  readonly name: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly fields: readonly { readonly field: string; readonly old: unknown; readonly new: unknown }[];
  readonly layer: string | null; // the layer that made the latest change
  readonly reason: string | null;
}
export interface ParamChange {
  readonly name: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly old: IrParam['value'] | undefined;
  readonly new: IrParam['value'] | undefined;
  readonly layer: string | null;
  readonly reason: string | null;
}
export interface TableChange {
  readonly table: string;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly samples: readonly string[]; // a few keys, for the reader
}
export interface ArtifactDiff {
  readonly from: string;
  readonly to: string;
  readonly rules: readonly RuleChange[];
  readonly params: readonly ParamChange[];
  readonly tables: readonly TableChange[];
  readonly other: readonly string[]; // inputs, computes, indicators, scenarios
}

const RULE_FIELDS: readonly (keyof IrRule)[] = ['name', 'class', 'result', 'stageResults', 'stages', 'scenes', 'window', 'basis', 'state', 'stateReason', 'needs', 'effective', 'excludes', 'steps', 'flag', 'involve', 'amount', 'message'];

/** Expressions and steps compared without their spans. */
function behaviour(x: unknown): string {
  return canonicalJson(JSON.parse(JSON.stringify(x ?? null, (k, v) => (k === 'span' ? undefined : v))));
}

export function diffArtifacts(a: Artifact, b: Artifact): ArtifactDiff {
  return {
    from: `${a.manifest.id}@${a.manifest.version}`,
    to: `${b.manifest.id}@${b.manifest.version}`,
    rules: diffRules(a.rules, b.rules),
    params: diffParams(a.params, b.params),
    tables: diffTables(a.tables, b.tables),
    other: diffOther(a, b),
  };
}

function last<T>(xs: readonly T[]): T | undefined {
  return xs[xs.length - 1];
}

function diffRules(as: readonly IrRule[], bs: readonly IrRule[]): RuleChange[] {
  const A = new Map(as.map((r) => [r.code, r]));
  const B = new Map(bs.map((r) => [r.code, r]));
  const out: RuleChange[] = [];
  for (const [code, b] of B) {
    const a = A.get(code);
    const p = last(b.provenance);
    if (!a) {
      out.push({ code, name: b.name, kind: 'added', fields: [], layer: p?.layer ?? null, reason: p?.reason ?? null });
      continue;
    }
    const fields = RULE_FIELDS.filter((f) => behaviour(a[f]) !== behaviour(b[f])).map((f) => ({ field: f, old: a[f], new: b[f] }));
    if (fields.length) out.push({ code, name: b.name, kind: 'changed', fields, layer: p?.layer ?? null, reason: p?.reason ?? null });
  }
  for (const [code, a] of A) if (!B.has(code)) out.push({ code, name: a.name, kind: 'removed', fields: [], layer: null, reason: null });
  return out;
}

function diffParams(as: readonly IrParam[], bs: readonly IrParam[]): ParamChange[] {
  const A = new Map(as.map((p) => [p.name, p]));
  const B = new Map(bs.map((p) => [p.name, p]));
  const out: ParamChange[] = [];
  for (const [name, b] of B) {
    const a = A.get(name);
    const p = last(b.provenance);
    if (!a) out.push({ name, kind: 'added', old: undefined, new: b.value, layer: p?.layer ?? null, reason: p?.reason ?? null });
    else if (canonicalJson(a.value) !== canonicalJson(b.value) || canonicalJson(a.range) !== canonicalJson(b.range) || a.locked !== b.locked)
      out.push({ name, kind: 'changed', old: a.value, new: b.value, layer: p?.layer ?? null, reason: p?.reason ?? null });
  }
  for (const [name, a] of A) if (!B.has(name)) out.push({ name, kind: 'removed', old: a.value, new: undefined, layer: null, reason: null });
  return out;
}

function rowsByKey(t: IrTable): Map<string, string> {
  const keyIdx = t.key.map((k) => t.columns.findIndex((c) => c.name === k));
  const m = new Map<string, string>();
  t.rows.forEach((r, i) => {
    const v = t.validity[i];
    m.set(`${keyIdx.map((k) => String(r[k] ?? '')).join(',')}${v && (v[0] || v[1]) ? ` [${v[0] ?? ''}..${v[1] ?? ''}]` : ''}`, canonicalJson(r));
  });
  return m;
}

function diffTables(as: readonly IrTable[], bs: readonly IrTable[]): TableChange[] {
  const A = new Map(as.map((t) => [t.name, t]));
  const out: TableChange[] = [];
  for (const b of bs) {
    const a = A.get(b.name);
    const ra = a ? rowsByKey(a) : new Map<string, string>();
    const rb = rowsByKey(b);
    let added = 0;
    let removed = 0;
    let changed = 0;
    const samples: string[] = [];
    for (const [k, v] of rb) {
      const old = ra.get(k);
      if (old === undefined) {
        added++;
        if (samples.length < 5) samples.push(`+${k}`);
      } else if (old !== v) {
        changed++;
        if (samples.length < 5) samples.push(`~${k}`);
      }
    }
    for (const k of ra.keys())
      if (!rb.has(k)) {
        removed++;
        if (samples.length < 5) samples.push(`-${k}`);
      }
    if (added || removed || changed || !a) out.push({ table: b.name, added, removed, changed, samples });
  }
  for (const a of as) if (!bs.some((b) => b.name === a.name)) out.push({ table: a.name, added: 0, removed: a.rows.length, changed: 0, samples: ['(table removed)'] });
  return out;
}

function diffOther(a: Artifact, b: Artifact): string[] {
  const out: string[] = [];
  const named = <T extends { name?: string; path?: readonly string[] }>(what: string, xs: readonly T[], ys: readonly T[]) => {
    const key = (x: T) => x.name ?? x.path?.join('.') ?? '';
    const A = new Map(xs.map((x) => [key(x), behaviour({ ...x, provenance: undefined })]));
    const B = new Map(ys.map((y) => [key(y), behaviour({ ...y, provenance: undefined })]));
    for (const [k, v] of B) {
      if (!A.has(k)) out.push(`${what} ${k}: added`);
      else if (A.get(k) !== v) out.push(`${what} ${k}: changed`);
    }
    for (const k of A.keys()) if (!B.has(k)) out.push(`${what} ${k}: removed`);
  };
  named('input', a.inputs, b.inputs);
  named('compute', a.computes, b.computes);
  named('indicator', a.indicators, b.indicators);
  named('scenario', a.scenarios, b.scenarios);
  return out;
}
