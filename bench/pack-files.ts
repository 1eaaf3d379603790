// The benchmark pack's files, in memory: pack.lk from disk plus knowledge CSVs built from the anchors'
// generated knowledge base (the same tables the peers receive as Maps), so every engine sees one kb.
import { readFileSync } from 'node:fs';

export interface AnchorKb {
  genderItems: { code: string; gender: 'M' | 'F' }[];
  ageItems: { code: string; maxAge: number }[];
  drugs: { code: string; restrictedDiagnoses: string[] }[];
  exclusivePairs: { a: string; b: string }[];
  dailyMax: { code: string; max: number }[];
}

const GEND = { M: '1', F: '2' } as const;

function csv(header: string[], rows: (string | number)[][]): string {
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

/** Exclusive pairs keyed by b: the a codes that make b unpayable on the same day (order kept). */
export function partnersByB(kb: AnchorKb): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const { a, b } of kb.exclusivePairs) {
    const l = m.get(b);
    if (l) l.push(a);
    else m.set(b, [a]);
  }
  return m;
}

export function packFiles(kb: AnchorKb): Record<string, string> {
  const packText = readFileSync(new URL('./pack/pack.lk', import.meta.url), 'utf8');
  return {
    'pack.lk': packText,
    'knowledge/gender_item.csv': csv(['med_list_codg', 'gender'], kb.genderItems.map((r) => [r.code, GEND[r.gender]])),
    'knowledge/child_item.csv': csv(['med_list_codg', 'max_age'], kb.ageItems.map((r) => [r.code, r.maxAge])),
    'knowledge/drug_diag.csv': csv(
      ['med_list_codg', 'diagnoses'],
      kb.drugs.filter((d) => d.restrictedDiagnoses.length > 0).map((d) => [d.code, d.restrictedDiagnoses.join('|')]),
    ),
    'knowledge/exclusive_item.csv': csv(['med_list_codg', 'partners'], [...partnersByB(kb)].map(([b, as]) => [b, as.join('|')])),
    'knowledge/daily_max.csv': csv(['med_list_codg', 'max_cnt'], kb.dailyMax.map((r) => [r.code, r.max])),
  };
}
