// Turn a table's rows (artifact arrays or newer snapshot objects) into runtime records with an index.
import type { IrTable } from '../artifact/ir.js';
import { toDomain, keyPart } from '../values/convert.js';
import { dayFromText } from '../values/dates.js';
import type { LoadedTable, RowMeta } from './loaded-pack.js';
import { rowMaker } from './row-maker.js';

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

/** Undated rows share one frozen [undefined, undefined] (most knowledge has no period). */
const OPEN: readonly [number | undefined, number | undefined] = Object.freeze([undefined, undefined] as [undefined, undefined]);

/** Validity texts → day numbers, each distinct text parsed once per table. */
function dayReader(): (text: string | null | undefined) => number | undefined {
  const seen = new Map<string, number | undefined>();
  let lastText: string | undefined;
  let lastDay: number | undefined;
  return (text) => {
    if (text === null || text === undefined) return undefined;
    if (text === lastText) return lastDay;
    let d = seen.get(text);
    if (d === undefined && !seen.has(text)) seen.set(text, (d = dayFromText(text)));
    lastText = text;
    lastDay = d;
    return d;
  };
}

function build(table: IrTable, records: Record<string, unknown>[], validity: (readonly [number | undefined, number | undefined])[], meta: () => RowMeta[]): LoadedTable {
  const index = new Map<string, number[]>();
  // Keys whose versions are all undated → their last row; built in the same pass (see undatedRows).
  // A key is in it while every version seen so far is undated; a dated version removes it for good
  // (a key already indexed but absent here has had one).
  const undated = new Map<string, number>();
  const key = table.key;
  const single = key.length === 1 ? key[0]! : undefined;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    let k: string;
    if (single !== undefined) {
      const v = r[single];
      k = typeof v === 'string' ? v : keyPart(v);
    } else k = key.map((c) => keyPart(r[c])).join('\u0001');
    const p = validity[i]!;
    const isDated = p[0] !== undefined || p[1] !== undefined;
    const list = index.get(k);
    if (!list) {
      index.set(k, [i]);
      if (!isDated) undated.set(k, i);
    } else {
      list.push(i);
      if (isDated) undated.delete(k);
      else if (undated.has(k)) undated.set(k, i); // the later undated row wins, as in rowInForce
    }
  }
  const loaded: LoadedTable = {
    ir: table,
    rows: records,
    validity,
    index,
    // Where each row came from is read only by explanations: built on first read (30,000 small
    // objects less to allocate while loading), then kept.
    get meta(): readonly RowMeta[] {
      return (built ??= meta());
    },
  };
  let built: RowMeta[] | undefined;
  UNDATED.set(loaded, undated);
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

/**
 * The artifact's own rows. Cells that fail conversion become none (the compiler validated them).
 * `generate: false` (interpreter mode) builds records without generated code.
 */
export function bindArtifactRows(table: IrTable, opts: { readonly generate?: boolean } = {}): LoadedTable {
  const n = table.rows.length;
  const day = dayReader();
  const make = rowMaker(table.columns, opts.generate ?? true);
  const records = new Array<Record<string, unknown>>(n);
  for (let i = 0; i < n; i++) records[i] = make(table.rows[i]!);
  const validity = new Array<readonly [number | undefined, number | undefined]>(n);
  let last: readonly [number | undefined, number | undefined] = OPEN;
  for (let i = 0; i < n; i++) {
    const v = table.validity[i];
    const from = day(v?.[0]);
    const to = day(v?.[1]);
    // Rows of one period share its pair (read-only, frozen): dated knowledge comes in batches.
    if (from !== last[0] || to !== last[1]) last = from === undefined && to === undefined ? OPEN : Object.freeze([from, to] as const);
    validity[i] = last;
  }
  const meta = (): RowMeta[] => {
    const provenance = table.provenance.map((p) => ({ layer: p?.layer ?? '', file: p?.file ?? '' }));
    const none = { layer: '', file: '' };
    return records.map((_, i) => {
      const p = provenance[table.rowProvenance[i] ?? 0] ?? none;
      return { layer: p.layer, file: p.file, line: table.rowSource[i] ?? 0 };
    });
  };
  return build(table, records, validity, meta);
}

/** Newer snapshot rows (objects by column name, optional valid_from/valid_to), validated. */
export function bindSnapshotRows(table: IrTable, rows: readonly unknown[], diags: Diag[], opts: { readonly generate?: boolean } = {}): LoadedTable | null {
  const names = new Set(table.columns.map((c) => c.name));
  const extra = new Set(['valid_from', 'valid_to', 'supersedes']);
  const converted: unknown[][] = [];
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
    const values = table.columns.map((c) => {
      const [v, problem] = cell(c, obj[c.name], where);
      if (problem) {
        diags.push({ code: 'knowledge-cell', message: problem });
        ok = false;
      }
      return v;
    });
    const from = typeof obj['valid_from'] === 'string' ? obj['valid_from'] : null;
    const to = typeof obj['valid_to'] === 'string' ? obj['valid_to'] : null;
    for (const [n, t] of [['valid_from', from], ['valid_to', to]] as const) {
      if (t !== null && dayFromText(t) === undefined) {
        diags.push({ code: 'knowledge-cell', message: `${where}: ${n} should be YYYY-MM-DD, got ${JSON.stringify(t)} / 日期格式应为 YYYY-MM-DD` });
        ok = false;
      }
    }
    converted.push(values);
    validity.push([from, to]);
  });
  if (!ok) return null;
  // Records of one shape per table, as for the artifact's rows: the values are converted already,
  // so every column passes through as it is ('any' keeps a value; none stays none).
  const make = rowMaker(table.columns.map((c) => ({ ...c, d: c.d === 'str' ? 'str' : 'any' })), opts.generate ?? true);
  const records = converted.map(make);
  const meta = () => records.map((_, i) => ({ layer: 'knowledge', file: `knowledge:${table.name}`, line: i + 1 }));
  const day = dayReader();
  const days = validity.map(([f, t]) => {
    const from = day(f), to = day(t);
    return from === undefined && to === undefined ? OPEN : ([from, to] as const);
  });
  return build(table, records, days, meta);
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
