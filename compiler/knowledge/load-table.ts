// A declared table's rows from its source file, validated against the declared columns. Every
// problem names the file, the row's line and the column. Validity columns (valid_from, valid_to,
// supersedes) become the row's validity; a key may have several rows only when their periods do
// not overlap (the 2026-01 revision keeps the old row until the day before the new one).
import type { Diagnostic } from '../../dsl/diagnostics/diagnostic.js';
import type { IrColumn } from '../../runtime/artifact/ir.js';
import { convertCell, type Cell } from './convert-cell.js';
import { readRows } from './read-rows.js';

export interface LoadedRows {
  readonly rows: Cell[][];
  readonly validity: [string | null, string | null, string | null][];
  readonly lines: number[];
}

const MAX_ERRORS_PER_FILE = 50;

export async function loadRows(
  file: string, // display path for diagnostics
  path: string,
  bytes: Uint8Array,
  columns: readonly IrColumn[],
  out: Diagnostic[],
): Promise<LoadedRows> {
  const raw = await readRows(path, bytes);
  const spanOf = csvLineSpans(path, bytes);
  let errors = 0;
  const err = (line: number, zh: string, en: string, code = 'knowledge/bad-cell') => {
    if (++errors > MAX_ERRORS_PER_FILE) return;
    out.push({ code, severity: 'error', file, span: spanOf(line), message: { zh: `第 ${line} 行：${zh}`, en: `row ${line}: ${en}` }, related: [] });
  };
  for (const p of raw.problems) err(p.line, p.zh, p.en, 'knowledge/bad-file');
  const missing = columns.filter((c) => !c.optional && !raw.header.includes(c.name));
  if (missing.length && raw.rows.length)
    err(1, `缺少列：${missing.map((c) => c.name).join('、')}`, `missing column(s): ${missing.map((c) => c.name).join(', ')}`, 'knowledge/missing-column');
  const has = (n: string) => columns.some((c) => c.name === n);
  const result: LoadedRows = { rows: [], validity: [], lines: [] };
  raw.rows.forEach((r, i) => {
    const line = raw.lines[i] ?? i + 2;
    const cells: Cell[] = [];
    let ok = true;
    for (const col of columns) {
      const c = convertCell(r[col.name], col);
      if (!c.ok) {
        ok = false;
        err(line, c.zh, c.en);
        cells.push(null);
      } else cells.push(c.value);
    }
    if (!ok) return;
    const at = (n: string) => (has(n) ? (cells[columns.findIndex((c) => c.name === n)] as string | null) : null);
    result.rows.push(cells);
    result.validity.push([at('valid_from'), at('valid_to'), at('supersedes')]);
    result.lines.push(line);
  });
  if (errors > MAX_ERRORS_PER_FILE)
    out.push({ code: 'knowledge/bad-cell', severity: 'error', file, span: { start: 0, end: 0 }, message: { zh: `另有 ${errors - MAX_ERRORS_PER_FILE} 处错误未列出`, en: `${errors - MAX_ERRORS_PER_FILE} more error(s) not shown` } });
  return result;
}

/** For CSV files, the span of a 1-based line (so editors and the CLI point at the row); else 0..0. */
function csvLineSpans(path: string, bytes: Uint8Array): (line: number) => { start: number; end: number } {
  if (!path.toLowerCase().endsWith('.csv')) return () => ({ start: 0, end: 0 });
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (line) => {
    const start = starts[line - 1] ?? 0;
    const next = starts[line];
    const end = next === undefined ? text.length : Math.max(start, next - 1 - (text[next - 2] === '\r' ? 1 : 0));
    return { start, end };
  };
}

/** Key text of a row (key columns joined), for duplicate detection and replacement. */
export function rowKey(row: readonly Cell[], keyIdx: readonly number[]): string {
  return keyIdx.map((i) => String(row[i] ?? '')).join('\u0001');
}

/** Two validity periods overlap (null = open end). */
export function overlaps(a: readonly [string | null, string | null, unknown], b: readonly [string | null, string | null, unknown]): boolean {
  const aFrom = a[0] ?? '0000-00-00';
  const aTo = a[1] ?? '9999-99-99';
  const bFrom = b[0] ?? '0000-00-00';
  const bTo = b[1] ?? '9999-99-99';
  return aFrom <= bTo && bFrom <= aTo;
}
