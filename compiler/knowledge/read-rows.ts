// Knowledge rows from a file: CSV with a header row (papaparse), a JSON array of objects, or an
// .xlsx workbook (first sheet, header row; exceljs, loaded only when needed). Returns plain records
// with the 1-based source line of each row, so every error can say file/row/column.
import Papa from 'papaparse';

export interface RawRows {
  readonly rows: readonly Record<string, unknown>[];
  readonly lines: readonly number[]; // source line (1-based) of each row
  readonly header: readonly string[];
  readonly problems: readonly { readonly line: number; readonly zh: string; readonly en: string }[];
}

export async function readRows(path: string, bytes: Uint8Array): Promise<RawRows> {
  const lower = path.toLowerCase();
  if (lower.endsWith('.xlsx')) return readXlsx(bytes);
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  if (lower.endsWith('.json')) return readJson(text);
  return readCsv(text);
}

function readCsv(text: string): RawRows {
  // Knowledge CSVs are comma-separated; naming the delimiter keeps one-column files working.
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true, delimiter: ',' });
  // papaparse does not report source lines; rows are one per line unless a cell holds a newline,
  // so count newlines inside quoted cells as we go.
  const lines: number[] = [];
  let line = 2;
  for (const row of parsed.data) {
    lines.push(line);
    line += 1 + Object.values(row).reduce((n, v) => n + (typeof v === 'string' ? (v.match(/\n/g)?.length ?? 0) : 0), 0);
  }
  const problems = parsed.errors.map((e) => ({ line: (e.row ?? 0) + 2, zh: `CSV 格式错误：${e.message}`, en: `CSV format error: ${e.message}` }));
  return { rows: parsed.data, lines, header: parsed.meta.fields ?? [], problems };
}

function readJson(text: string): RawRows {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { rows: [], lines: [], header: [], problems: [{ line: 1, zh: `JSON 格式错误：${(e as Error).message}`, en: `invalid JSON: ${(e as Error).message}` }] };
  }
  if (!Array.isArray(data) || data.some((r) => r === null || typeof r !== 'object' || Array.isArray(r)))
    return { rows: [], lines: [], header: [], problems: [{ line: 1, zh: 'JSON 知识文件应为对象数组', en: 'a JSON knowledge file must be an array of objects' }] };
  const rows = data as Record<string, unknown>[];
  const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return { rows, lines: rows.map((_, i) => i + 1), header, problems: [] };
}

async function readXlsx(bytes: Uint8Array): Promise<RawRows> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (e) {
    return { rows: [], lines: [], header: [], problems: [{ line: 1, zh: `无法读取 xlsx：${(e as Error).message}`, en: `cannot read xlsx: ${(e as Error).message}` }] };
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return { rows: [], lines: [], header: [], problems: [{ line: 1, zh: '工作簿没有工作表', en: 'the workbook has no sheet' }] };
  const header: string[] = [];
  sheet.getRow(1).eachCell((cell, col) => (header[col - 1] = String(cell.value ?? '').trim()));
  const rows: Record<string, unknown>[] = [];
  const lines: number[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const rec: Record<string, unknown> = {};
    header.forEach((h, i) => {
      const v = row.getCell(i + 1).value;
      rec[h] = v && typeof v === 'object' && !(v instanceof Date) && 'result' in v ? (v as { result: unknown }).result : v && typeof v === 'object' && 'text' in (v as object) ? (v as { text: unknown }).text : v;
    });
    rows.push(rec);
    lines.push(n);
  });
  return { rows, lines, header, problems: [] };
}
