// Knowledge rows (arrays in column order) → records keyed by column name, the objects every look-up
// returns and generated rule code reads fields of. They should all have one compact shape per table,
// with their fields in the object itself: one object literal per table gives exactly that. A shared
// copying loop (a template spread, or keyed stores) sees many tables' shapes, goes megamorphic and
// builds objects over twice as large with their fields out of line (more to allocate, slower reads).
import type { IrColumn, IrDomain } from '../artifact/ir.js';
import { toDomain, strValue, decValue, dateValue, datetimeValue, listValue } from '../values/convert.js';

export type RowMaker = (row: readonly unknown[]) => Record<string, unknown>;
type Cell = (raw: unknown) => unknown;

// The converter of a present (non-null) cell per domain, each answering exactly as toDomain. Shared
// by every table and every load (no per-table closures), so generated makers keep one call target
// per column and stay optimized across reloads.
const CELLS: Readonly<Record<IrDomain, Cell>> = {
  str: strValue,
  dec: decValue,
  date: dateValue,
  datetime: datetimeValue,
  list: listValue,
  int: (raw) => (typeof raw === 'number' && Number.isInteger(raw) ? raw : toDomain(raw, 'int')),
  bool: (raw) => toDomain(raw, 'bool'),
  set: (raw) => toDomain(raw, 'set'),
  record: (raw) => toDomain(raw, 'record'),
  any: (raw) => toDomain(raw, 'any'),
};
const cellOf = (d: IrDomain): Cell => (Object.hasOwn(CELLS, d) ? CELLS[d] : (raw) => toDomain(raw, d));

/**
 * A record maker for a table: every column present (absent or null cells are none), text columns
 * taking a string cell as itself ("" is none) without a call. With `generate` (compiled mode) it is
 * one object literal made with new Function; the source holds only the column names (identifiers
 * checked by the artifact schema, written as JSON string literals), the domain words and indexes,
 * never a value. Where code generation is not allowed (interpreter mode, strict CSP) or a name could
 * touch the prototype, a plain loop builds the same records.
 */
export function rowMaker(columns: readonly IrColumn[], generate: boolean): RowMaker {
  if (generate && columns.every((c) => c.name !== '__proto__' && Object.hasOwn(CELLS, c.d))) {
    const made = generated(columns);
    if (made) return made;
  }
  return looping(columns);
}

// Generated makers by their source, which is a pure function of the names and domains: a maker holds
// nothing of any one artifact, and reloading a pack reuses already optimized code. Bounded.
const MADE = new Map<string, RowMaker>();
const MADE_MAX = 512;

function generated(columns: readonly IrColumn[]): RowMaker | undefined {
  const fields = columns.map((c, j) => {
    const convert = c.d === 'str' ? `typeof x === "string" ? (x === "" ? undefined : x) : D.str(x)` : `D[${JSON.stringify(c.d)}](x)`;
    return `${JSON.stringify(c.name)}: (x = row[${j}]) === null || x === undefined ? undefined : ${convert}`;
  });
  const src = `"use strict"; return function makeRow(row) { let x; return { ${fields.join(', ')} }; };`;
  let make = MADE.get(src);
  if (!make) {
    try {
      make = (new Function('D', src) as (d: typeof CELLS) => RowMaker)(CELLS);
    } catch {
      return undefined; // code generation refused (CSP): the loop below
    }
    if (MADE.size >= MADE_MAX) MADE.clear();
    MADE.set(src, make);
  }
  return make;
}

function looping(columns: readonly IrColumn[]): RowMaker {
  const names = columns.map((c) => c.name);
  const text = columns.map((c) => c.d === 'str');
  const cells = columns.map((c) => cellOf(c.d));
  const template: Record<string, unknown> = {};
  for (const n of names) Object.defineProperty(template, n, { value: undefined, enumerable: true, writable: true, configurable: true });
  return (row) => {
    const r = { ...template };
    for (let j = 0; j < names.length; j++) {
      const raw = row[j];
      if (raw === null || raw === undefined) continue;
      if (text[j] && typeof raw === 'string') {
        if (raw !== '') r[names[j]!] = raw;
      } else r[names[j]!] = cells[j]!(raw);
    }
    return r;
  };
}
