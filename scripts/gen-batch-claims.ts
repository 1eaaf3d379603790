// Generates a batch of pharmacy and inpatient requests (claim-format.md) for 事后 tests and demos,
// with three planted patterns and nothing else suspicious:
//   1. pharmacy PH-SPIKE settles 40 times on 2024-12-28 (a year-end spike against its own baseline);
//   2. the drug traceability code TRACE-DUP is sold twice, at two pharmacies to two people;
//   3. inpatient stay ZY-BED has four days with nothing but bed fees (挂床住院).
// Deterministic (mulberry32). Usage: node --import tsx scripts/gen-batch-claims.ts [N] > claims.jsonl
import { mulberry32 } from '../governance/prng.js';

export const PLANTED = {
  spike: { pharmacy: 'PH-SPIKE', day: '2024-12-28', swipes: 40 },
  trace: 'TRACE-DUP',
  bedOnly: 'ZY-BED',
} as const;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dayText = (offset: number) => new Date(Date.UTC(2024, 9, 1) + offset * 86400000).toISOString().slice(0, 10);

export function generateBatch(n = 10_000, seed = 20241231): Record<string, unknown>[] {
  const rnd = mulberry32(seed);
  const out: Record<string, unknown>[] = [];
  let seq = 0;
  const pharmacyRequest = (pharmacy: string, day: string, trace?: string) => {
    seq++;
    const hour = 9 + Math.floor(rnd() * 9); // 09–17: no night-time purchases
    const lines = 1 + Math.floor(rnd() * 2);
    const feedetail = Array.from({ length: lines }, (_, i) => {
      const cnt = 1 + Math.floor(rnd() * 3);
      const pric = (5 + Math.floor(rnd() * 4000) / 100).toFixed(2);
      return {
        feedetl_sn: String(i + 1),
        fee_ocur_time: `${day} ${pad(hour)}:10:00`,
        med_list_codg: `ZZ${pad(Math.floor(rnd() * 900), 4)}DEMO`, // not in any knowledge table
        med_list_name: '示例药品',
        cnt,
        pric: Number(pric),
        det_item_fee_sumamt: Math.round(cnt * Number(pric) * 100) / 100,
        med_chrgitm_type: '09',
        chrgitm_lv: '01',
        trace_code: i === 0 && trace ? trace : `T${pad(seq, 6)}-${i}`,
      };
    });
    out.push({
      request_id: `B${pad(seq, 6)}`,
      patient: { psn_no: `P${pad(seq, 6)}`, gend: seq % 2 ? '1' : '2', brdy: '1975-06-01', insutype: '390', insu_admdvs: '130502' },
      encounter: {
        mdtrt_id: `YD${pad(seq, 6)}`,
        fixmedins_code: pharmacy,
        medins_lv: '9',
        mdtrtarea_admvs: '130502',
        med_type: '41',
        begntime: `${day} ${pad(hour)}:10:00`,
        endtime: `${day} ${pad(hour)}:15:00`,
        setl_time: `${day} ${pad(hour)}:15:00`,
        diseinfo: [{ diag_code: 'J06.900', diag_name: '急性上呼吸道感染', maindiag_flag: '1' }],
        feedetail,
      },
    });
  };
  // Background: 60 pharmacies over October–December, about one to three settlements a day each.
  const pharmacies = Array.from({ length: 60 }, (_, i) => `PH${pad(i, 3)}`).concat(PLANTED.spike.pharmacy);
  while (out.length < n - PLANTED.spike.swipes - 3) {
    const ph = pharmacies[Math.floor(rnd() * pharmacies.length)]!;
    pharmacyRequest(ph, dayText(Math.floor(rnd() * 92)));
  }
  for (let k = 0; k < PLANTED.spike.swipes; k++) pharmacyRequest(PLANTED.spike.pharmacy, PLANTED.spike.day);
  pharmacyRequest('PH001', '2024-11-05', PLANTED.trace);
  pharmacyRequest('PH002', '2024-11-20', PLANTED.trace);
  out.push(bedOnlyStay());
  return out;
}

/** Five inpatient days; only the first has treatment and medicine, the other four only bed fees. */
function bedOnlyStay(): Record<string, unknown> {
  const day = (d: number) => `2024-11-${pad(10 + d)}`;
  const bed = (d: number) => ({ feedetl_sn: `B${d}`, fee_ocur_time: `${day(d)} 08:00:00`, med_list_codg: 'ZZBED0001DEMO', med_list_name: '床位费', cnt: 1, pric: 40, det_item_fee_sumamt: 40, med_chrgitm_type: '01', chrgitm_lv: '01' });
  return {
    request_id: 'B-BED',
    patient: { psn_no: 'P-BED', gend: '1', brdy: '1960-03-01', insutype: '390', insu_admdvs: '130502' },
    encounter: {
      mdtrt_id: PLANTED.bedOnly,
      fixmedins_code: 'H13050200001',
      medins_lv: '2',
      mdtrtarea_admvs: '130502',
      med_type: '21',
      begntime: `${day(0)} 08:00:00`,
      endtime: `${day(4)} 16:00:00`,
      setl_time: `${day(4)} 17:00:00`,
      diseinfo: [{ diag_code: 'I10.x00', diag_name: '高血压', maindiag_flag: '1' }],
      feedetail: [
        bed(0),
        { feedetl_sn: 'T0', fee_ocur_time: `${day(0)} 10:00:00`, med_list_codg: 'ZZTRT0001DEMO', med_list_name: '治疗', cnt: 1, pric: 30, det_item_fee_sumamt: 30, med_chrgitm_type: '05', chrgitm_lv: '01' },
        { feedetl_sn: 'M0', fee_ocur_time: `${day(0)} 11:00:00`, med_list_codg: 'ZZMED0001DEMO', med_list_name: '示例药品', cnt: 1, pric: 12, det_item_fee_sumamt: 12, med_chrgitm_type: '09', chrgitm_lv: '01', trace_code: 'T-BED-1' },
        ...[1, 2, 3, 4].map(bed),
      ],
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 10_000);
  for (const r of generateBatch(n)) process.stdout.write(JSON.stringify(r) + '\n');
}
