// Constant values written in declarations (parameter defaults and bounds, `set` values, test patch
// values): exact decimal text for decimals and money, numbers for ints, strings, booleans, sets.
import type * as A from '../../dsl/ast/nodes.js';

export type ConstValue = string | number | boolean | null | string[];

/** Shift a decimal text by 10^k exactly (k may be negative): percentText("55") → "0.55". */
export function shiftDecimal(text: string, k: number): string {
  const neg = text.startsWith('-');
  const t = neg ? text.slice(1) : text;
  const [int = '0', frac = ''] = t.split('.');
  let digits = int + frac;
  let point = int.length + k;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits = digits + '0'.repeat(point - digits.length);
  let intPart = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  let fracPart = digits.slice(point).replace(/0+$/, '');
  if (intPart === '') intPart = '0';
  const out = fracPart ? `${intPart}.${fracPart}` : intPart;
  return neg && out !== '0' ? `-${out}` : out;
}

/** Exact comparison of two decimal texts (or numbers). */
export function compareDecimal(a: string | number, b: string | number): number {
  const scale = (x: string | number) => {
    const s = typeof x === 'number' ? String(x) : x;
    const neg = s.startsWith('-');
    const [i = '0', f = ''] = (neg ? s.slice(1) : s).split('.');
    const v = BigInt(i + (f + '000000000000').slice(0, 12));
    return neg ? -v : v;
  };
  const d = scale(a) - scale(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** The constant a literal expression denotes, or undefined when it is not a constant. */
export function constantOf(e: A.Expr, wantDecimal: boolean): ConstValue | undefined {
  switch (e.kind) {
    case 'NumberLit':
      return wantDecimal || e.text.includes('.') ? e.text : Number(e.text);
    case 'PercentLit':
      return shiftDecimal(e.text, -2);
    case 'StringLitExpr':
      return e.value;
    case 'DateLit':
      return e.text;
    case 'BoolLit':
      return e.value;
    case 'NoneLit':
      return null;
    case 'UnaryExpr': {
      if (e.op !== '-') return undefined;
      const v = constantOf(e.operand, wantDecimal);
      if (typeof v === 'number') return -v;
      if (typeof v === 'string' && /^\d/.test(v)) return `-${v}`;
      return undefined;
    }
    case 'SetExpr':
    case 'ListExpr': {
      const items = e.items.map((i) => constantOf(i, false));
      return items.every((i): i is string => typeof i === 'string') ? items : undefined;
    }
    default:
      return undefined;
  }
}
