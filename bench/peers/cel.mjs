// Copied from /work/shared/bench-anchors/engines/cel.mjs; the one change: exclusiveByB (from the anchors'
// zen-common.mjs) is inlined below instead of imported.
// (4) CEL (Common Expression Language) via @marcbachmann/cel-js: an expression-language
// baseline. One CEL expression per rule, parsed once, evaluated per claim; each returns
// the rule's list of hits. Knowledge tables are registered constants (JS Maps), so a
// look-up is `code in kbX` / `kbX[code]`. Added to the standard library (CEL has no
// sum/flatten/abs in its core): three small custom functions, list.sum(),
// list.flatten() and abs(double). Everything else is standard CEL (macros filter, map,
// exists; cel.bind; timestamp/duration arithmetic; startsWith/substring).
import { Environment } from '@marcbachmann/cel-js';
function exclusiveByB(kb) {
  const m = new Map();
  for (const { a, b } of kb.exclusivePairs) (m.get(b) ?? m.set(b, []).get(b)).push(a);
  return m;
}

export const name = 'CEL (@marcbachmann/cel-js)';

export function expressions(P) {
  const hit1 = "{'lines': [l.sn], 'amount': l.amount}";
  const sameDay = 'o.itemCode == l.itemCode && o.date == l.date';
  const total = 'claim.lines.map(l, l.amount).sum()';
  return {
    gender: `claim.lines.filter(l, l.itemCode in kbGender && kbGender[l.itemCode] != claim.patient.gender).map(l, ${hit1})`,
    age: `claim.lines.filter(l, l.itemCode in kbAge && claim.patient.age >= kbAge[l.itemCode]).map(l, ${hit1})`,
    drugDiag: `claim.lines.filter(l, l.category == 'drug' && l.itemCode in kbRestricted && !kbRestricted[l.itemCode].exists(r, claim.diagnoses.exists(d, d.startsWith(r)))).map(l, ${hit1})`,
    exclusive: 'claim.lines.filter(l, l.itemCode in kbExclusive).map(l, kbExclusive[l.itemCode]' +
      '.filter(a, claim.lines.exists(o, o.itemCode == a && o.date == l.date))' +
      ".map(a, {'lines': [claim.lines.filter(o, o.itemCode == a && o.date == l.date)[0].sn, l.sn], 'amount': l.amount})).flatten()",
    dailyFreq: `claim.lines.filter(l, l.itemCode in kbDailyMax && !claim.lines.exists(o, ${sameDay} && o.sn < l.sn))` +
      `.map(l, cel.bind(g, claim.lines.filter(o, ${sameDay}), cel.bind(q, g.map(o, o.quantity).sum(), ` +
      "q > kbDailyMax[l.itemCode] ? [{'lines': g.map(o, o.sn), 'amount': (q - kbDailyMax[l.itemCode]) * l.unitPrice}] : []))).flatten()",
    rxDays: "claim.visitType == 'outpatient' ? cel.bind(lim, claim.diagnoses.exists(d, d.substring(0, 3) in chronic) ? " +
      `${P.chronicRxDays}.0 : ${P.acuteRxDays}.0, claim.lines.filter(l, l.category == 'drug' && l.days > lim).map(l, ${hit1})) : []`,
    amountCalc: `claim.lines.filter(l, abs(l.amount - l.quantity * l.unitPrice) > ${P.amountTolerance}).map(l, {'lines': [l.sn], 'amount': abs(l.amount - l.quantity * l.unitPrice)})`,
    lowAdmission: `claim.visitType == 'inpatient' ? cel.bind(total, ${total}, ` +
      `timestamp(claim.dischargeDate + 'T00:00:00Z') - timestamp(claim.admissionDate + 'T00:00:00Z') < duration('${P.lowAdmissionMaxLos * 24}h') ` +
      `&& total > ${P.lowAdmissionMinTotal}.0 ? [{'lines': [], 'amount': total}] : []) : []`,
    // first line of each (day, item, amount) group that has a later twin
    duplicate: `claim.lines.filter(l, claim.lines.exists(o, ${sameDay} && o.amount == l.amount && o.sn > l.sn) && ` +
      `!claim.lines.exists(o, ${sameDay} && o.amount == l.amount && o.sn < l.sn))` +
      `.map(l, cel.bind(g, claim.lines.filter(o, ${sameDay} && o.amount == l.amount).map(o, o.sn), ` +
      "{'lines': g, 'amount': l.amount * double(g.size() - 1)}))",
    opTotal: `claim.visitType == 'outpatient' ? cel.bind(total, ${total}, total > ${P.outpatientTotalMax}.0 ? [{'lines': [], 'amount': total}] : []) : []`,
  };
}

export function makeEnv(kb) {
  const P = kb.params;
  return new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false })
    .registerConstant('kbGender', 'map<string, string>', new Map(kb.genderItems.map((r) => [r.code, r.gender])))
    .registerConstant('kbAge', 'map<string, double>', new Map(kb.ageItems.map((r) => [r.code, r.maxAge])))
    .registerConstant('kbRestricted', 'map<string, list<string>>', new Map(kb.drugs.filter((d) => d.restrictedDiagnoses.length).map((d) => [d.code, d.restrictedDiagnoses])))
    .registerConstant('kbDailyMax', 'map<string, double>', new Map(kb.dailyMax.map((r) => [r.code, r.max])))
    .registerConstant('kbExclusive', 'map<string, list<string>>', exclusiveByB(kb))
    .registerConstant('chronic', 'list<string>', P.chronicDiagnoses)
    .registerFunction('list.sum(): double', (v) => { let s = 0; for (const x of v) s += Number(x); return s; })
    .registerFunction('list.flatten(): list', (v) => v.flat())
    .registerFunction('abs(double): double', (x) => Math.abs(x))
    .registerVariable('claim', 'dyn');
}

export function compile(kb) {
  const env = makeEnv(kb);
  const programs = Object.entries(expressions(kb.params)).map(([rule, src]) => [rule, env.parse(src)]);
  return function audit(claim) {
    const hits = [];
    const ctx = { claim };
    for (const [rule, program] of programs) {
      for (const h of program(ctx)) {
        const lines = h.lines.length === 2 && h.lines[0] > h.lines[1] ? [h.lines[1], h.lines[0]] : h.lines;
        hits.push({ rule, claimId: claim.id, lines, amount: h.amount });
      }
    }
    return hits;
  };
}
