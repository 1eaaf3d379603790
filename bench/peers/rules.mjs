// Copied verbatim from /work/shared/bench-anchors/rules.mjs (rule ids and the hit-key format).
// The ten audit rules, shared vocabulary for every engine.
// A hit is { rule, claimId, lines: number[] (line indexes, ascending), amount: number }.
export const RULES = [
  ['gender', '(a) gender-restricted item billed for the other gender'],
  ['age', '(b) child-only item billed for a patient at or over its age limit'],
  ['drugDiag', '(c) drug paid only for certain diagnoses, none of them on the claim'],
  ['exclusive', '(d) mutually exclusive items billed the same day'],
  ['dailyFreq', "(e) an item's quantity on one day above its daily maximum"],
  ['rxDays', '(f) outpatient drug prescribed for > 7 days (> 30 with a chronic diagnosis)'],
  ['amountCalc', '(g) line amount differs from quantity * unitPrice by more than 0.01'],
  ['lowAdmission', '(h) inpatient stay < 2 days with total > 5000'],
  ['duplicate', '(i) same item, same day, same amount billed more than once'],
  ['opTotal', '(j) outpatient claim total above 20000'],
];
export const RULE_IDS = RULES.map((r) => r[0]);

export const round2 = (x) => Math.round(x * 100) / 100;

// Canonical, engine-independent text form of a hit, used by the cross-check.
export function hitKey(h) {
  return `${h.rule}|${h.claimId}|${h.lines.join(',')}|${(Math.round(h.amount * 100) / 100).toFixed(2)}`;
}
