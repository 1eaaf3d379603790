// Retirement and review triggers: a rule whose false-positive rate is at least `minFp` over at least
// `minReviewed` reviewed findings gets a proposal. The first matching trigger wins, so list the
// stronger action first. Proposals are advice for a person; nothing is retired automatically
// (retiring needs a reason in the pack: `state CODE retired because "…"`).

export interface Trigger {
  readonly action: 'retire' | 'review';
  readonly minFp: number; // 0..1
  readonly minReviewed: number;
  /** 'rate' (default) compares the point estimate; 'lower' the Wilson lower bound (stricter). */
  readonly basis?: 'rate' | 'lower';
}

export const DEFAULT_TRIGGERS: readonly Trigger[] = [
  { action: 'retire', minFp: 0.5, minReviewed: 30 },
  { action: 'review', minFp: 0.3, minReviewed: 30 },
];

export interface Proposal {
  readonly action: 'retire' | 'review';
  readonly because: { readonly zh: string; readonly en: string };
}

export function propose(fp: { p: number; lo: number }, reviewed: number, triggers: readonly Trigger[]): Proposal | null {
  for (const t of triggers) {
    const value = t.basis === 'lower' ? fp.lo : fp.p;
    if (reviewed >= t.minReviewed && value >= t.minFp) {
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      const what = t.basis === 'lower' ? 'Wilson lower bound' : 'FP rate';
      return {
        action: t.action,
        because: {
          zh: `${t.basis === 'lower' ? '误判率置信下限' : '误判率'} ${pct(value)} ≥ ${pct(t.minFp)}，复审 ${reviewed} 条 ≥ ${t.minReviewed}`,
          en: `${what} ${pct(value)} ≥ ${pct(t.minFp)} over ${reviewed} reviewed ≥ ${t.minReviewed}`,
        },
      };
    }
  }
  return null;
}

/** Validate triggers from a config file; returns the problems in plain words. */
export function checkTriggers(x: unknown): { value: Trigger[]; problems: string[] } {
  const problems: string[] = [];
  if (!Array.isArray(x)) return { value: [...DEFAULT_TRIGGERS], problems: ['"triggers" must be a list'] };
  const value: Trigger[] = [];
  x.forEach((t, i) => {
    const o = t as Record<string, unknown>;
    const ok = o && (o['action'] === 'retire' || o['action'] === 'review') && typeof o['minFp'] === 'number' && o['minFp'] >= 0 && o['minFp'] <= 1 &&
      typeof o['minReviewed'] === 'number' && o['minReviewed'] >= 0 && (o['basis'] === undefined || o['basis'] === 'rate' || o['basis'] === 'lower');
    if (ok) value.push(o as unknown as Trigger);
    else problems.push(`triggers[${i}] needs action "retire"|"review", minFp 0..1, minReviewed ≥ 0 (basis "rate"|"lower" optional)`);
  });
  return { value, problems };
}
