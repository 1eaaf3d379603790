// One knowledge cell, as read from CSV/JSON/XLSX, → the artifact's JSON cell for its column.
// Cells are validated against the declared column type; problems name the column and the value.
import type { IrColumn } from '../../runtime/artifact/ir.js';

export type Cell = string | number | boolean | null | string[];

export type CellResult = { ok: true; value: Cell } | { ok: false; zh: string; en: string };

const DEC = /^-?\d+(\.\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function convertCell(raw: unknown, col: IrColumn): CellResult {
  const empty = raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
  if (empty) return col.optional ? { ok: true, value: null } : { ok: false, zh: `列 ${col.name} 不能为空`, en: `column ${col.name} must not be empty` };
  const text = typeof raw === 'string' ? raw.trim() : raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw);
  const base = col.type.replace(/\?$/, '');
  if (base.startsWith('set<') || base.startsWith('list<')) {
    const items = Array.isArray(raw) ? raw.map(String) : text.split('|').map((s) => s.trim()).filter((s) => s !== '');
    return { ok: true, value: items };
  }
  switch (col.d) {
    case 'dec':
      return DEC.test(text) ? { ok: true, value: text } : bad(col, text, '小数', 'a decimal number');
    case 'int':
      return /^-?\d+$/.test(text) ? { ok: true, value: Number(text) } : bad(col, text, '整数', 'an integer');
    case 'date': {
      const m = DATE.exec(text.slice(0, 10));
      if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3]))) return bad(col, text, '日期（YYYY-MM-DD）', 'a date (YYYY-MM-DD)');
      return { ok: true, value: text.slice(0, 10) };
    }
    case 'bool': {
      const t = text.toLowerCase();
      if (['true', '1', '是', 'y', 'yes'].includes(t)) return { ok: true, value: true };
      if (['false', '0', '否', 'n', 'no'].includes(t)) return { ok: true, value: false };
      return bad(col, text, '是/否', 'true/false');
    }
    default:
      if (base === 'gender' && !['1', '2', '0', '9'].includes(text)) return bad(col, text, '性别代码（1 男、2 女）', 'a gender code (1 male, 2 female)');
      return { ok: true, value: text };
  }
}

function bad(col: IrColumn, text: string, zh: string, en: string): CellResult {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return { ok: false, zh: `列 ${col.name} 应为${zh}，这里是 "${shown}"`, en: `column ${col.name} must be ${en}, got "${shown}"` };
}

function validDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}
