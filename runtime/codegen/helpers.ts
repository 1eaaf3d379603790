// The functions generated code calls (passed in as `R`); each mirrors the interpreter exactly.
import { BUILTINS, toDay, daysBetween, ageAt, icd3, absOf, sizeOrZero, toDec } from '../eval/builtins.js';
import { getField, strValue, decValue, datetimeValue, dateValue, listValue } from '../values/convert.js';
import { arith, asList, inColl, renderTemplate, promote } from '../eval/interpret.js';
import type { RunCtx } from '../eval/context.js';
import { DATED } from '../eval/run-ctx.js';
import type { ExprOf } from '../artifact/ir-node.js';

export const R = {
  get: getField,
  B: BUILTINS,
  toDay,
  daysBetween,
  ageAt,
  icd3,
  absOf,
  sizeOrZero,
  toDec,
  /** The direct-index marker of a key whose row depends on the evaluation date (run-ctx.ts). */
  DATED,
  /** Object.prototype, as it was when the runtime loaded (plain-object test of inline field reads). */
  OP: Object.prototype as object,
  /** The items of an index bucket that does not exist (shared, never written). */
  NONE: Object.freeze([]) as readonly unknown[],
  // A present field's value by domain (emit-expr reads the field inline, then converts with one of these).
  strValue,
  decValue,
  datetimeValue,
  dateValue,
  listValue,
  list: asList,
  arith,
  inColl,
  promote,
  lookup(ctx: RunCtx, table: string, keys: unknown[]): unknown {
    return keys.includes(undefined) ? undefined : ctx.lookup(table, keys);
  },
  neg(v: unknown): unknown {
    return typeof v === 'number' ? -v || 0 : undefined;
  },
  set(items: unknown[]): Set<unknown> {
    const s = new Set<unknown>();
    for (const v of items) if (v !== undefined) s.add(v);
    return s;
  },
  /** A key → items map (in first-seen order) as group records, as groupBy returns them. */
  groups(m: Map<unknown, unknown[]>): { key: unknown; items: unknown[] }[] {
    const out: { key: unknown; items: unknown[] }[] = [];
    for (const [key, items] of m) out.push({ key, items });
    return out;
  },
  tmpl(node: ExprOf<'tmpl'>, values: unknown[]): string {
    return renderTemplate(node, values);
  },
};
export type Helpers = typeof R;
