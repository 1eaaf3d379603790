// Records → one row per key and validity period, with provenance and the 2026-01 revision as validity.
import type { Cell } from './csv.js';
import { type LoadedRecord, REVISION_TAG, publishedAt } from './load.js';
import { EITHER_NEEDED, type TableSpec } from './tables.js';
import { footnoteExclusions, normalizeText } from './extract.js';

export const COMMON_TAIL = [
  { name: 'detect_logic', type: 'text?', title: '违规判断逻辑' },
  { name: 'rule_class', type: 'text', title: '规则名称' },
  { name: 'gz_code', type: 'code?', title: '规则编码（1.0版）' },
  { name: 'batch', type: 'text', title: '批次' },
  { name: 'kp_id', type: 'text', title: '知识点标识（上游）' },
  { name: 'source_file', type: 'text?', title: '来源附件' },
  { name: 'source_row', type: 'text?', title: '来源行号' },
  { name: 'published_at', type: 'date?', title: '发布日期' },
  { name: 'merged_rows', type: 'int', title: '合并的知识点行数' },
  { name: 'valid_from', type: 'date?', title: '生效日期' },
  { name: 'valid_to', type: 'date?', title: '失效日期' },
  { name: 'supersedes', type: 'code?', title: '替代的旧行键' },
] as const;

export interface BuiltTable {
  readonly spec: TableSpec;
  readonly header: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  readonly stats: TableStats;
}

export interface TableStats {
  sourceRecords: number;
  rows: number;
  keys: number;
  mergedDuplicates: number;
  mergeConflicts: number;
  revisedKeys: number;
  /** Revised keys whose name, typed values or text changed (the rest were re-published unchanged). */
  revisedChanged: number;
  revisionAddedKeys: number;
  revisionDroppedKeys: number;
  codeLevelSupersedes: number;
  filled: Record<string, number>;
  empty: Record<string, number>;
  needsLocal: number;
  skipped: number;
}

export interface Exclusion {
  readonly exclusion: string;
  readonly source: { readonly kp_id: string; readonly batch: string; readonly attachment_file: string | null; readonly text: string };
}

export interface BuildResult {
  readonly tables: readonly BuiltTable[];
  readonly exclusions: Readonly<Record<string, readonly Exclusion[]>>;
  readonly unmappedClasses: readonly string[];
  readonly revisionDate: string;
}

export function build(records: readonly LoadedRecord[], specs: readonly TableSpec[]): BuildResult {
  const revisionDate = records.find((r) => r.batch_tag === REVISION_TAG)?.published_at ?? '2026-01-28';
  const superseded = new Set(records.map((r) => r.supersedes).filter((s): s is string => !!s));
  const exclusions: Record<string, Exclusion[]> = {};
  const dataRecords: LoadedRecord[] = [];
  for (const r of records) {
    if (r.med_codes.length === 0 && /^说明/.test(normalizeText(r.item_name ?? '').trim())) {
      (exclusions[r.rule_class] ??= []).push(
        ...footnoteExclusions(r.item_name).map((exclusion) => ({
          exclusion,
          source: { kp_id: r.kp_id, batch: r.batch_tag, attachment_file: r.source.attachment_file, text: r.item_name },
        })),
      );
    } else dataRecords.push(r);
  }
  const known = new Set(specs.map((s) => s.ruleClass));
  const unmappedClasses = [...new Set(dataRecords.map((r) => r.rule_class).filter((c) => !known.has(c)))].sort();
  const tables = specs.map((s) => buildTable(s, dataRecords.filter((r) => r.rule_class === s.ruleClass), superseded, revisionDate));
  return { tables, exclusions, unmappedClasses, revisionDate };
}

function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

interface Entry { readonly key: readonly string[]; readonly rec: LoadedRecord }

function entriesOf(spec: TableSpec, r: LoadedRecord): Entry[] | undefined {
  if (spec.keys.length === 2) return r.med_codes.length === 2 ? [{ key: [r.med_codes[0]!, r.med_codes[1]!], rec: r }] : undefined;
  return [...new Set(r.med_codes)].map((c) => ({ key: [c], rec: r }));
}

function buildTable(spec: TableSpec, recs: readonly LoadedRecord[], superseded: ReadonlySet<string>, revisionDate: string): BuiltTable {
  const stats: TableStats = {
    sourceRecords: recs.length, rows: 0, keys: 0, mergedDuplicates: 0, mergeConflicts: 0, revisedKeys: 0, revisedChanged: 0,
    revisionAddedKeys: 0, revisionDroppedKeys: 0, codeLevelSupersedes: 0, filled: {}, empty: {}, needsLocal: 0, skipped: 0,
  };
  for (const c of spec.typed) { stats.filled[c.name] = 0; stats.empty[c.name] = 0; }
  const groups = new Map<string, Entry[]>();
  for (const r of recs) {
    const es = entriesOf(spec, r);
    if (!es) { stats.skipped++; continue; }
    for (const e of es) {
      const k = e.key.join('\u0000');
      const g = groups.get(k);
      if (g) g.push(e); else groups.set(k, [e]);
    }
  }
  const rows: Cell[][] = [];
  const validTo = dayBefore(revisionDate);
  for (const k of [...groups.keys()].sort()) {
    const g = groups.get(k)!;
    const key = g[0]!.key;
    const old = g.filter((e) => e.rec.batch_tag !== REVISION_TAG).map((e) => e.rec);
    const neu = g.filter((e) => e.rec.batch_tag === REVISION_TAG).map((e) => e.rec);
    stats.keys++;
    if (neu.length && old.length) {
      stats.revisedKeys++;
      // The upstream link is by item name; a code that moved to a renamed item is still replaced.
      const linked = neu.some((n) => old.some((o) => n.supersedes === o.kp_id));
      if (!linked) stats.codeLevelSupersedes++;
      const before = makeRow(spec, key, old, stats, { from: null, to: validTo, supersedes: null });
      const after = makeRow(spec, key, neu, stats, { from: revisionDate, to: null, supersedes: key.join('|') });
      const content = spec.keys.length + 2 + spec.typed.length;
      const norm = (r: Cell[]): string => normalizeText(JSON.stringify(r.slice(0, content)));
      if (norm(before) !== norm(after)) stats.revisedChanged++;
      rows.push(before, after);
    } else if (neu.length) {
      stats.revisionAddedKeys++;
      rows.push(makeRow(spec, key, neu, stats, { from: revisionDate, to: null, supersedes: null }));
    } else {
      const dropped = old.every((o) => superseded.has(o.kp_id));
      if (dropped) stats.revisionDroppedKeys++;
      rows.push(makeRow(spec, key, old, stats, { from: null, to: dropped ? validTo : null, supersedes: null }));
    }
  }
  stats.rows = rows.length;
  const header = [...spec.keys.map((c) => c.name), 'item_name', ...spec.typed.map((c) => c.name), spec.text.name, ...COMMON_TAIL.map((c) => c.name)];
  return { spec, header, rows, stats };
}

interface Validity { readonly from: string | null; readonly to: string | null; readonly supersedes: string | null }

function distinct(values: readonly (string | null | undefined)[]): string[] {
  const seen = new Map<string, string>();
  for (const v of values) {
    if (v === null || v === undefined || v === '') continue;
    const n = normalizeText(v).trim();
    if (!seen.has(n)) seen.set(n, v);
  }
  return [...seen.values()];
}

function makeRow(spec: TableSpec, key: readonly string[], recsIn: readonly LoadedRecord[], stats: TableStats, v: Validity): Cell[] {
  const recs = [...recsIn].sort((a, b) => a.order - b.order);
  stats.mergedDuplicates += recs.length - 1;
  let conflict = false;
  const typed = spec.typed.map((c) => {
    const vals = recs.map((r) => c.get(r));
    let out: Cell;
    if (c.set) {
      out = [...new Set(vals.flatMap((x) => (Array.isArray(x) ? x : x === undefined || x === null ? [] : [String(x)])))].sort();
      if ((out as string[]).length === 0) out = null;
    } else {
      const defined = distinct(vals.map((x) => (x === undefined || x === null ? null : String(x))));
      if (defined.length > 1) conflict = true;
      out = vals.find((x) => x !== undefined && x !== null) ?? null; // first record in input order wins
    }
    if (out === null || out === undefined) stats.empty[c.name]!++; else stats.filled[c.name]!++;
    return out;
  });
  const texts = distinct(recs.map((r) => r.constraint));
  if (!spec.typed.some((c) => c.set) && texts.length > 1) conflict = true;
  if (conflict) stats.mergeConflicts++;
  const needs = spec.typed.filter((c) => c.needsLocal).some((c) => typed[spec.typed.indexOf(c)] === null);
  const either = EITHER_NEEDED[spec.name];
  const eitherMissing = either ? either.every((n) => typed[spec.typed.findIndex((c) => c.name === n)] === null) : false;
  if (needs || eitherMissing) stats.needsLocal++;
  const first = recs[0]!;
  const names = distinct(recs.map((r) => r.item_name));
  return [
    ...key,
    names.join(' ‖ '),
    ...typed,
    texts.join(' ‖ '),
    distinct(recs.map((r) => r.detect_logic)).join(' ‖ ') || null,
    first.rule_class,
    first.gz_code,
    distinct(recs.map((r) => r.batch_tag)).join('|'),
    recs.map((r) => r.kp_id).join('|'),
    distinct(recs.map((r) => r.source.attachment_file)).join('|') || null,
    recs.map((r) => (r.source.row === null ? '' : String(r.source.row))).join('|') || null,
    recs.map(publishedAt).find((d) => d) ?? null,
    recs.length,
    v.from,
    v.to,
    v.supersedes,
  ];
}
