// Copied verbatim from /work/shared/bench-anchors/gen.mjs (the anchors' deterministic generator).
// Deterministic synthetic medical-insurance claims + knowledge tables.
// Same seed => byte-identical data on every machine (no Math.random, no Date.now).

export function mulberry32(seed) {
  let a = seed >>> 0;
  return function rand() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round2 = (x) => Math.round(x * 100) / 100;
const pad = (n, w) => String(n).padStart(w, '0');

// Day number (days since 1970-01-01, UTC) <-> 'YYYY-MM-DD'
export function dayToIso(day) {
  return new Date(day * 86400000).toISOString().slice(0, 10);
}
const DAY0 = Date.UTC(2024, 0, 1) / 86400000;

// ICD-10 pool: category -> subcodes. Chronic categories are the rule (f) parameter.
const ICD = {
  J06: ['J06.900', 'J06.901'], J18: ['J18.900', 'J18.000'], J20: ['J20.900'], J44: ['J44.100', 'J44.900'],
  J45: ['J45.900'], E11: ['E11.900', 'E11.200', 'E11.400'], E10: ['E10.900'], E78: ['E78.500'],
  I10: ['I10.x00', 'I10.x02'], I25: ['I25.100', 'I25.900'], I63: ['I63.900'], I48: ['I48.x00'],
  N18: ['N18.500', 'N18.900'], N39: ['N39.000'], N40: ['N40.x00'], K29: ['K29.700', 'K29.500'],
  K80: ['K80.200'], K35: ['K35.800'], M54: ['M54.500'], M17: ['M17.900'], S72: ['S72.000'],
  S06: ['S06.000'], C34: ['C34.900'], C50: ['C50.900'], C16: ['C16.900'], O80: ['O80.000'],
  O34: ['O34.200'], D25: ['D25.900'], Z34: ['Z34.900'], F32: ['F32.900'], F20: ['F20.900'],
  A09: ['A09.900'], B34: ['B34.900'], R50: ['R50.900'], H25: ['H25.900'], L20: ['L20.900'],
};
const ICD_CATS = Object.keys(ICD);
const CHRONIC = ['E10', 'E11', 'E78', 'I10', 'I25', 'I48', 'J44', 'J45', 'N18', 'F20'];

export const PARAMS = Object.freeze({
  acuteRxDays: 7,
  chronicRxDays: 30,
  chronicDiagnoses: CHRONIC, // ICD-10 categories (first 3 characters)
  amountTolerance: 0.01,
  lowAdmissionMaxLos: 2, // hit when length of stay < 2 days
  lowAdmissionMinTotal: 5000,
  outpatientTotalMax: 20000,
});

function pick(rand, arr) { return arr[Math.floor(rand() * arr.length)]; }
function int(rand, lo, hi) { return lo + Math.floor(rand() * (hi - lo + 1)); }
function sample(rand, arr, k) {
  const a = arr.slice();
  for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; }
  return a.slice(0, k);
}

export function makeKnowledge(seed = 7) {
  const rand = mulberry32(seed);
  const drugs = [], services = [], materials = [];
  for (let i = 1; i <= 800; i++) drugs.push({ code: 'XD' + pad(i, 4), category: 'drug', price: round2(1 + rand() * rand() * 300) });
  for (let i = 1; i <= 1200; i++) services.push({ code: 'XS' + pad(i, 4), category: 'service', price: round2(5 + rand() * rand() * 800) });
  for (let i = 1; i <= 300; i++) {
    const expensive = rand() < 0.1;
    materials.push({ code: 'XM' + pad(i, 4), category: 'material', price: round2(expensive ? 3000 + rand() * 27000 : 20 + rand() * 2000) });
  }
  // (a) gender-restricted items: 150 services + 50 drugs; the gender allowed to use them
  const genderItems = [...sample(rand, services, 150), ...sample(rand, drugs, 50)]
    .map((it) => ({ code: it.code, gender: rand() < 0.5 ? 'M' : 'F' }));
  // (b) age-restricted (child-only) items: usable only when age < maxAge
  const ageItems = [...sample(rand, services, 70), ...sample(rand, drugs, 30)]
    .map((it) => ({ code: it.code, maxAge: rand() < 0.8 ? 18 : pick(rand, [6, 14]) }));
  // (c) drug catalog (500 drugs), ~40% with payment restricted to diagnosis categories
  const catalog = sample(rand, drugs, 500).map((it) => ({
    code: it.code,
    restrictedDiagnoses: rand() < 0.4 ? sample(rand, ICD_CATS, int(rand, 1, 4)).sort() : [],
  }));
  // (d) mutually exclusive pairs: b is not payable when a is billed the same day
  const pairSet = new Set();
  const exclusivePairs = [];
  const exclPool = [...services.slice(0, 600), ...drugs.slice(0, 100)];
  while (exclusivePairs.length < 300) {
    const a = pick(rand, exclPool).code, b = pick(rand, exclPool).code;
    if (a === b || pairSet.has(a + b) || pairSet.has(b + a)) continue;
    pairSet.add(a + b);
    exclusivePairs.push({ a, b });
  }
  // (e) max quantity per day
  const dailyMax = sample(rand, services, 200).map((it) => ({ code: it.code, max: int(rand, 1, 4) }));
  return {
    items: { drugs, services, materials },
    kb: { genderItems, ageItems, drugs: catalog, exclusivePairs, dailyMax, params: PARAMS },
  };
}

export function generate({ claims: nClaims = 100000, seed = 20240601, kbSeed = 7 } = {}) {
  const { items, kb } = makeKnowledge(kbSeed);
  const rand = mulberry32(seed);
  const genderOf = new Map(kb.genderItems.map((r) => [r.code, r.gender]));
  const ageOf = new Map(kb.ageItems.map((r) => [r.code, r.maxAge]));
  const restrOf = new Map(kb.drugs.filter((d) => d.restrictedDiagnoses.length).map((d) => [d.code, d.restrictedDiagnoses]));
  const maxOf = new Map(kb.dailyMax.map((r) => [r.code, r.max]));
  const dailyCodes = kb.dailyMax.map((r) => r.code);
  const priceOf = new Map();
  for (const group of Object.values(items)) for (const it of group) priceOf.set(it.code, it.price);

  const claims = new Array(nClaims);
  for (let c = 0; c < nClaims; c++) {
    const gender = rand() < 0.5 ? 'M' : 'F';
    const age = rand() < 0.15 ? int(rand, 0, 17) : int(rand, 18, 92);
    const inpatient = rand() < 0.3;
    const adm = DAY0 + int(rand, 0, 360);
    let los = 0;
    if (inpatient) los = rand() < 0.12 ? int(rand, 0, 1) : int(rand, 2, 20);
    const dis = adm + los;
    const nd = int(rand, 1, 4);
    const diagnoses = [];
    const chronicPatient = rand() < 0.3;
    for (let k = 0; k < nd; k++) {
      const cat = k === 0 && chronicPatient ? pick(rand, CHRONIC) : pick(rand, ICD_CATS);
      const code = pick(rand, ICD[cat]);
      if (!diagnoses.includes(code)) diagnoses.push(code);
    }
    const cats = diagnoses.map((d) => d.slice(0, 3));
    const hasChronic = cats.some((x) => CHRONIC.includes(x));

    const nLines = int(rand, 5, 40);
    const lines = [];
    const dayOf = () => (inpatient ? adm + int(rand, 0, los) : adm);
    const pickCode = (category) => {
      const pool = category === 'drug' ? items.drugs : category === 'service' ? items.services : items.materials;
      // Restricted items mostly used correctly: violations are kept with a small probability.
      for (let tries = 0; ; tries++) {
        const it = pick(rand, pool);
        if (tries > 20) return it;
        if (!inpatient && it.price > 3000) continue; // expensive materials only in hospital
        const g = genderOf.get(it.code);
        if (g !== undefined && g !== gender && rand() > 0.01) continue;
        const ma = ageOf.get(it.code);
        if (ma !== undefined && age >= ma && rand() > 0.015) continue;
        const r = restrOf.get(it.code);
        if (r && !r.some((x) => cats.includes(x)) && rand() > 0.01) continue;
        return it;
      }
    };
    for (let i = 0; i < nLines; i++) {
      const u = rand();
      const category = u < 0.5 ? 'drug' : u < 0.9 ? 'service' : 'material';
      let it = pickCode(category);
      if (category === 'service' && rand() < 0.08) it = { code: pick(rand, dailyCodes), category: 'service' };
      const unitPrice = priceOf.get(it.code);
      const max = maxOf.get(it.code);
      let quantity;
      if (max !== undefined) quantity = rand() < 0.02 ? max + int(rand, 1, 2) : int(rand, 1, max);
      else quantity = category === 'drug' ? int(rand, 1, 6) : category === 'material' ? 1 : int(rand, 1, 3);
      let amount = round2(quantity * unitPrice);
      if (rand() < 0.003) amount = round2(amount + (rand() < 0.5 ? -1 : 1) * (0.1 + int(rand, 0, 2000) / 100));
      let days = 0;
      if (category === 'drug') {
        if (inpatient) days = 1;
        else if (hasChronic) days = rand() < 0.005 ? int(rand, 31, 90) : int(rand, 1, 30);
        else days = rand() < 0.006 ? int(rand, 8, 30) : int(rand, 1, 7);
      }
      lines.push({ sn: i, itemCode: it.code, category, quantity, unitPrice, amount, date: dayToIso(dayOf()), days });
    }
    // Injections for the cross-line rules.
    if (rand() < 0.03) { // (d) an exclusive pair on the same day
      const p = pick(rand, kb.exclusivePairs);
      const day = dayToIso(dayOf());
      for (const code of [p.a, p.b]) {
        const unitPrice = priceOf.get(code);
        lines.push({ sn: lines.length, itemCode: code, category: code.startsWith('XD') ? 'drug' : 'service', quantity: 1, unitPrice, amount: unitPrice, date: day, days: code.startsWith('XD') ? 1 : 0 });
      }
    }
    if (rand() < 0.02) { // (i) the same line billed twice
      const src = lines[int(rand, 0, lines.length - 1)];
      lines.push({ ...src, sn: lines.length });
    }
    if (!inpatient && rand() < 0.01) { // (j) a large outpatient bill
      const m = pick(rand, items.materials.filter((x) => x.price > 3000));
      lines.push({ sn: lines.length, itemCode: m.code, category: 'material', quantity: int(rand, 2, 4), unitPrice: m.price, amount: 0, date: dayToIso(adm), days: 0 });
      const l = lines[lines.length - 1];
      l.amount = round2(l.quantity * l.unitPrice);
    }
    claims[c] = {
      id: 'C' + pad(c + 1, 7),
      patient: { id: 'P' + pad(int(rand, 1, 60000), 6), gender, age },
      institution: { id: 'H' + pad(int(rand, 1, 400), 4), level: int(rand, 1, 3), feeClass: int(rand, 1, 3) },
      visitType: inpatient ? 'inpatient' : 'outpatient',
      admissionDate: dayToIso(adm),
      dischargeDate: dayToIso(dis),
      diagnoses,
      lines,
    };
  }
  return { claims, kb };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 3);
  const { claims, kb } = generate({ claims: n });
  const lines = claims.reduce((s, c) => s + c.lines.length, 0);
  console.log(JSON.stringify(claims[0], null, 1).slice(0, 1500));
  console.log({ claims: claims.length, lines, kb: Object.fromEntries(Object.entries(kb).map(([k, v]) => [k, Array.isArray(v) ? v.length : v])) });
}
