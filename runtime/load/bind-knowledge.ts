// Turn a table's rows (artifact arrays or newer snapshot objects) into runtime records with an index.
import type { IrTable } from '../artifact/ir.js';
import { toDomain, keyPart } from '../values/convert.js';
import { dayFromText } from '../values/dates.js';
import type { LoadedTable, RowMeta } from './loaded-pack.js';

export interface Diag {
  code: string;
  message: string;
}

/** Convert one cell; returns [value, problem]. */
function cell(col: IrTable['columns'][number], raw: unknown, where: string): [unknown, string | null] {
  const missing = raw === null || raw === undefined || raw === '';
  if (missing) {
    if (col.key || !col.optional) return [undefined, `${where}: column ${col.name} is required but empty / 列 ${col.name} 不能为空`];
    return [undefined, null];
  }
  const v = toDomain(raw, col.d);
  if (v === undefined) return [undefined, `${where}: column ${col.name} should be ${col.type}, got ${JSON.stringify(raw)} / 列 ${col.name} 应为 ${col.type}`];
  return [v, null];
}

function build(table: IrTable, records: Record<string, unknown>[], validity: [string | null, string | null][], meta: RowMeta[]): LoadedTable {
  const index = new Map<string, number[]>();
  records.forEach((r, i) => {
    const k = table.key.map((c) => keyPart(r[c])).join('\u0001');
    const list = index.get(k);
    if (list) list.push(i);
    else index.set(k, [i]);
  });
  const dates = validity.map(([f, t]) => [f ? dayFromText(f) : undefined, t ? dayFromText(t) : undefined] as const);
  const loaded: LoadedTable = { ir: table, rows: records, validity: dates, index, meta };
  undatedRows(loaded);
  return loaded;
}

const UNDATED = new WeakMap<LoadedTable, ReadonlyMap<string, number>>();

/**
 * Key → row for the keys whose versions are all undated: such a key's row is in force on every day
 * (the later row wins, as in rowInForce), so look-ups need no period check and no per-request cache.
 * Built once per table (at bind time, or on first use for a table built elsewhere).
 */
export function undatedRows(t: LoadedTable): ReadonlyMap<string, number> {
  let m = UNDATED.get(t);
  if (!m) {
    const out = new Map<string, number>();
    for (const [k, list] of t.index) {
      if (list.length && list.every((i) => t.validity[i]?.[0] === undefined && t.validity[i]?.[1] === undefined)) out.set(k, list[list.length - 1]);
    }
    UNDATED.set(t, (m = out));
  }
  return m;
}

/** The artifact's own rows. Cells that fail conversion become none (the compiler validated them). */
export function bindArtifactRows(table: IrTable): LoadedTable {
  const records = table.rows.map((row) => {
    const r: Record<string, unknown> = {};
    table.columns.forEach((c, i) => {
      r[c.name] = toDomain(row[i], c.d);
    });
    return r;
  });
  const meta = table.rows.map((_, i) => {
    const p = table.provenance[table.rowProvenance[i] ?? 0];
    return { layer: p?.layer ?? '', file: p?.file ?? '', line: table.rowSource[i] ?? 0 };
  });
  const validity = table.rows.map((_, i) => [table.validity[i]?.[0] ?? null, table.validity[i]?.[1] ?? null] as [string | null, string | null]);
  return build(table, records, validity, meta);
}

/** Newer snapshot rows (objects by column name, optional valid_from/valid_to), validated. */
export function bindSnapshotRows(table: IrTable, rows: readonly unknown[], diags: Diag[]): LoadedTable | null {
  const names = new Set(table.columns.map((c) => c.name));
  const extra = new Set(['valid_from', 'valid_to', 'supersedes']);
  const records: Record<string, unknown>[] = [];
  const validity: [string | null, string | null][] = [];
  let ok = true;
  rows.forEach((row, i) => {
    const where = `knowledge ${table.name} row ${i + 1}`;
    if (!row || typeof row !== 'object' || Array.isArray(row)) {
      diags.push({ code: 'knowledge-row', message: `${where}: expected an object with the table's columns / 应为对象` });
      ok = false;
      return;
    }
    const obj = row as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      if (!names.has(k) && !extra.has(k)) {
        diags.push({ code: 'knowledge-column', message: `${where}: unknown column ${k} (table ${table.name} has ${[...names].join(', ')}) / 未知列 ${k}` });
        ok = false;
      }
    }
    const r: Record<string, unknown> = {};
    for (const c of table.columns) {
      const [v, problem] = cell(c, obj[c.name], where);
      if (problem) {
        diags.push({ code: 'knowledge-cell', message: problem });
        ok = false;
      }
      r[c.name] = v;
    }
    const from = typeof obj['valid_from'] === 'string' ? obj['valid_from'] : null;
    const to = typeof obj['valid_to'] === 'string' ? obj['valid_to'] : null;
    for (const [n, t] of [['valid_from', from], ['valid_to', to]] as const) {
      if (t !== null && dayFromText(t) === undefined) {
        diags.push({ code: 'knowledge-cell', message: `${where}: ${n} should be YYYY-MM-DD, got ${JSON.stringify(t)} / 日期格式应为 YYYY-MM-DD` });
        ok = false;
      }
    }
    records.push(r);
    validity.push([from, to]);
  });
  if (!ok) return null;
  const meta = records.map((_, i) => ({ layer: 'knowledge', file: `knowledge:${table.name}`, line: i + 1 }));
  return build(table, records, validity, meta);
}

/** The row in force at `day` among the versions of a key: latest start wins, then the later row. */
export function rowInForce(t: LoadedTable, keys: readonly unknown[] | string, day: number): number | undefined {
  const kt = typeof keys === 'string' ? keys : keyText(keys);
  const always = undatedRows(t).get(kt);
  if (always !== undefined) return always;
  const list = t.index.get(kt);
  if (!list) return undefined;
  let best: number | undefined;
  let bestFrom = -Infinity;
  for (const i of list) {
    const [from, to] = t.validity[i];
    if ((from !== undefined && day < from) || (to !== undefined && day > to)) continue;
    const f = from ?? -Infinity;
    if (best === undefined || f >= bestFrom) {
      best = i;
      bestFrom = f;
    }
  }
  return best;
}

/** The index key of a list of key values. */
export function keyText(keys: readonly unknown[]): string {
  return keys.length === 1 ? keyPart(keys[0]) : keys.map(keyPart).join('\u0001');
}
