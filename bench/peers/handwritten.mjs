// Copied verbatim from /work/shared/bench-anchors/engines/handwritten.mjs (the hand-written baseline).
// (1) Hand-written idiomatic JavaScript: the practical limit.
// Knowledge tables become Maps/Sets once; each claim is one pass over its lines
// plus one pass over the per-day groups built during that pass.
export const name = 'hand-written JS';

export function compile(kb) {
  const P = kb.params;
  const gender = new Map(kb.genderItems.map((r) => [r.code, r.gender]));
  const ageMax = new Map(kb.ageItems.map((r) => [r.code, r.maxAge]));
  const restr = new Map();
  for (const d of kb.drugs) if (d.restrictedDiagnoses.length) restr.set(d.code, d.restrictedDiagnoses);
  const exclBy = new Map(); // b -> [a, ...]: b not payable when a billed the same day
  for (const { a, b } of kb.exclusivePairs) {
    const l = exclBy.get(b);
    if (l) l.push(a); else exclBy.set(b, [a]);
  }
  const dailyMax = new Map(kb.dailyMax.map((r) => [r.code, r.max]));
  const chronic = new Set(P.chronicDiagnoses);
  const DAY = 86400000;

  return function audit(claim) {
    const hits = [];
    const id = claim.id;
    const lines = claim.lines;
    const g = claim.patient.gender;
    const age = claim.patient.age;
    const diags = claim.diagnoses;
    const cats = new Array(diags.length);
    let hasChronic = false;
    for (let k = 0; k < diags.length; k++) {
      const c = diags[k].slice(0, 3);
      cats[k] = c;
      if (chronic.has(c)) hasChronic = true;
    }
    const outpatient = claim.visitType === 'outpatient';
    const rxLimit = hasChronic ? P.chronicRxDays : P.acuteRxDays;
    // date -> code -> [line indexes]
    const byDay = new Map();
    let total = 0;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      const code = l.itemCode;
      total += l.amount;
      const gg = gender.get(code);
      if (gg !== undefined && gg !== g) hits.push({ rule: 'gender', claimId: id, lines: [i], amount: l.amount });
      const ma = ageMax.get(code);
      if (ma !== undefined && age >= ma) hits.push({ rule: 'age', claimId: id, lines: [i], amount: l.amount });
      if (l.category === 'drug') {
        const r = restr.get(code);
        if (r !== undefined) {
          let ok = false;
          for (let k = 0; k < r.length && !ok; k++) ok = cats.includes(r[k]);
          if (!ok) hits.push({ rule: 'drugDiag', claimId: id, lines: [i], amount: l.amount });
        }
        if (outpatient && l.days > rxLimit) hits.push({ rule: 'rxDays', claimId: id, lines: [i], amount: l.amount });
      }
      const diff = l.amount - l.quantity * l.unitPrice;
      if (diff > P.amountTolerance || diff < -P.amountTolerance)
        hits.push({ rule: 'amountCalc', claimId: id, lines: [i], amount: Math.abs(diff) });
      let day = byDay.get(l.date);
      if (day === undefined) { day = new Map(); byDay.set(l.date, day); }
      const grp = day.get(code);
      if (grp === undefined) day.set(code, [i]); else grp.push(i);
    }
    for (const day of byDay.values()) {
      for (const [code, idx] of day) {
        // (d) b billed while an exclusive partner a is billed the same day
        const partners = exclBy.get(code);
        if (partners !== undefined) {
          for (const a of partners) {
            const ai = day.get(a);
            if (ai !== undefined) for (const j of idx) hits.push({ rule: 'exclusive', claimId: id, lines: ai[0] < j ? [ai[0], j] : [j, ai[0]], amount: lines[j].amount });
          }
        }
        // (e) daily maximum quantity
        const max = dailyMax.get(code);
        if (max !== undefined) {
          let q = 0;
          for (const j of idx) q += lines[j].quantity;
          if (q > max) hits.push({ rule: 'dailyFreq', claimId: id, lines: idx.slice(), amount: (q - max) * lines[idx[0]].unitPrice });
        }
        // (i) duplicates: same code, same day, same amount
        if (idx.length > 1) {
          for (let x = 0; x < idx.length; x++) {
            const amt = lines[idx[x]].amount;
            let seenBefore = false;
            for (let y = 0; y < x && !seenBefore; y++) seenBefore = lines[idx[y]].amount === amt;
            if (seenBefore) continue;
            let dup = null;
            for (let y = x + 1; y < idx.length; y++) if (lines[idx[y]].amount === amt) (dup ??= [idx[x]]).push(idx[y]);
            if (dup !== null) hits.push({ rule: 'duplicate', claimId: id, lines: dup, amount: amt * (dup.length - 1) });
          }
        }
      }
    }
    if (outpatient) {
      if (total > P.outpatientTotalMax) hits.push({ rule: 'opTotal', claimId: id, lines: [], amount: total });
    } else {
      const los = (Date.parse(claim.dischargeDate) - Date.parse(claim.admissionDate)) / DAY;
      if (los < P.lowAdmissionMaxLos && total > P.lowAdmissionMinTotal) hits.push({ rule: 'lowAdmission', claimId: id, lines: [], amount: total });
    }
    return hits;
  };
}
