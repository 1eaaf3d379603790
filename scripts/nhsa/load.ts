// Reads the NHSA batch files (structured copy, see /work/shared/data/nhsa-knowledge/README.md).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface KpRecord {
  readonly kp_id: string;
  readonly rule_class: string;
  readonly gz_code: string | null;
  readonly med_codes: readonly string[];
  readonly item_name: string;
  readonly constraint: string | null;
  readonly detect_logic: string | null;
  readonly batch: number | null;
  readonly batch_tag: string;
  readonly published_at: string | null;
  readonly supersedes: string | null;
  readonly source: { readonly attachment_file: string | null; readonly row: number | null; readonly announcement_url: string | null };
}

/** A record plus its position in the input (file order, then array index): the deterministic tie-break. */
export interface LoadedRecord extends KpRecord {
  readonly order: number;
}

export const REVISION_TAG = 'updates_2026-01';

/** Batch files in a fixed order: batch_01 … batch_17, then the 2026-01 revision. */
export function loadBatches(root: string): LoadedRecord[] {
  const dir = join(root, 'two_libraries', 'batches');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort((a, b) => fileRank(a) - fileRank(b) || a.localeCompare(b));
  const out: LoadedRecord[] = [];
  for (const f of files) {
    const rows = JSON.parse(readFileSync(join(dir, f), 'utf8')) as KpRecord[];
    for (const r of rows) out.push({ ...r, order: out.length });
  }
  return out;
}

function fileRank(f: string): number {
  const m = /^batch_(\d+)\.json$/.exec(f);
  return m ? Number(m[1]) : 1000;
}

/**
 * Announcement dates of batches 1–8 and the revision are not in the data; the README reads them from the
 * announcement URLs in the upstream sync script (nhsa.gov.cn/art/YYYY/M/D/…).
 */
export const BATCH_DATES_FROM_URL: Readonly<Record<string, string>> = {
  batch_01: '2025-05-23',
  batch_02: '2025-07-22',
  batch_03: '2025-07-30',
  batch_04: '2025-08-08',
  batch_05: '2025-08-14',
  batch_06: '2025-08-26',
  batch_07: '2025-12-12',
  batch_08: '2026-01-06',
  [REVISION_TAG]: '2026-01-28',
};

export function publishedAt(r: KpRecord): string | null {
  return r.published_at ?? BATCH_DATES_FROM_URL[r.batch_tag] ?? null;
}
