// Anchor claims (bench/peers/gen.mjs) → liangku audit requests (shared/design/claim-format.md).
// Done before any timing. Line index i becomes feedetl_sn "i", so findings map back to the anchors' hit keys.

export interface AnchorLine {
  sn: number; itemCode: string; category: 'drug' | 'service' | 'material';
  quantity: number; unitPrice: number; amount: number; date: string; days: number;
}
export interface AnchorClaim {
  id: string;
  patient: { id: string; gender: 'M' | 'F'; age: number };
  institution: { id: string; level: number; feeClass: number };
  visitType: 'inpatient' | 'outpatient';
  admissionDate: string;
  dischargeDate: string;
  diagnoses: string[];
  lines: AnchorLine[];
}

const CHRGITM = { drug: '09', service: '05', material: '08' } as const; // 西药费 / 治疗费 / 卫生材料费

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * A birth date at which the patient is exactly `age` on every day of the stay: the birthday falls on the
 * day after discharge (stays are at most 20 days, so admission is within the year before it).
 */
export function birthDate(age: number, dischargeIso: string): string {
  const next = new Date(Date.parse(dischargeIso + 'T00:00:00Z') + 86400000);
  const y = next.getUTCFullYear() - age - 1;
  let m = next.getUTCMonth() + 1;
  let d = next.getUTCDate();
  if (m === 2 && d === 29 && !isLeap(y)) [m, d] = [3, 1]; // still after discharge, still within the year
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function toRequest(c: AnchorClaim): Record<string, unknown> {
  const inpatient = c.visitType === 'inpatient';
  return {
    request_id: c.id,
    patient: {
      psn_no: c.patient.id,
      gend: c.patient.gender === 'M' ? '1' : '2',
      brdy: birthDate(c.patient.age, c.dischargeDate),
      insutype: '310',
      insu_admdvs: '140902',
    },
    encounter: {
      mdtrt_id: c.id,
      fixmedins_code: c.institution.id,
      medins_lv: String(c.institution.level),
      mdtrtarea_admvs: '140902',
      med_type: inpatient ? '21' : '11',
      begntime: `${c.admissionDate} 08:00:00`,
      endtime: `${c.dischargeDate} 17:00:00`,
      setl_time: `${c.dischargeDate} 17:30:00`,
      diseinfo: c.diagnoses.map((code, k) => ({ diag_code: code, maindiag_flag: k === 0 ? '1' : '0' })),
      feedetail: c.lines.map((l, i) => ({
        feedetl_sn: String(i),
        fee_ocur_time: `${l.date} 10:00:00`,
        med_list_codg: l.itemCode,
        cnt: l.quantity,
        pric: l.unitPrice,
        det_item_fee_sumamt: l.amount,
        med_chrgitm_type: CHRGITM[l.category],
        chrgitm_lv: '01',
        prd_days: l.days,
      })),
    },
    history: [],
  };
}
