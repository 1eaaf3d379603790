// The built-in functions: one declaration each (name, parameter kinds, result type, words for
// hover/completion). The checker types calls from this table; the runtime implements the same names.
import { prim, type Ty } from './types.js';

export type ArgKind = 'time' | 'date' | 'stringy' | 'int' | 'numeric' | 'collection' | 'encounter';

export interface Builtin {
  readonly name: string;
  readonly params: readonly ArgKind[];
  readonly optionalFrom?: number; // arguments from this index on may be left out
  /** Result type; `same` = the (unified) type of the numeric/time arguments. */
  readonly result: Ty | 'same';
  readonly doc: { readonly zh: string; readonly en: string };
}

const b = (name: string, params: ArgKind[], result: Ty | 'same', zh: string, en: string, optionalFrom?: number): Builtin => ({
  name,
  params,
  result,
  doc: { zh, en },
  ...(optionalFrom !== undefined ? { optionalFrom } : {}),
});

export const builtins: readonly Builtin[] = [
  b('days', ['time', 'time'], prim('days'), '两个日期相差的自然日数（b − a）', 'calendar days from a to b (b − a)'),
  b('age', ['date', 'time'], prim('int'), '在某日的周岁年龄', 'age in whole years at a date'),
  b('age_days', ['date', 'time'], prim('days'), '在某日的日龄（天）', 'age in days at a date'),
  b('date', ['time'], prim('date'), '取日期部分', 'the date part of a date-time'),
  b('year', ['time'], prim('int'), '年份', 'the year'),
  b('month', ['time'], prim('int'), '月份（1–12）', 'the month (1–12)'),
  b('quarter', ['time'], prim('int'), '季度（1–4）', 'the quarter (1–4)'),
  b('hour', ['time'], prim('int'), '小时（0–23）', 'the hour (0–23)'),
  b('insurance_year', ['time'], prim('int'), '所属医保年度', 'the insurance year (per the pack’s year start)'),
  b('as_of', [], prim('date'), '评估日期', 'the evaluation date'),
  b('icd3', ['stringy'], prim('code'), '诊断编码的前三位（类目）', 'the 3-character ICD category'),
  b('prefix', ['stringy', 'int'], prim('code'), '前 n 个字符', 'the first n characters'),
  b('starts_with', ['stringy', 'stringy'], prim('bool'), '是否以某前缀开头', 'starts with a prefix'),
  b('contains', ['stringy', 'stringy'], prim('bool'), '是否包含某文字', 'contains a text'),
  b('length', ['stringy'], prim('int'), '字符数', 'number of characters'),
  b('main_diag', ['encounter'], prim('code', true), '主诊断编码（无则取第一诊断）', 'the main diagnosis code (else the first)'),
  b('diag_codes', ['encounter'], { k: 'set', el: prim('code'), opt: false }, '全部诊断编码', 'the set of diagnosis codes'),
  b('round', ['numeric', 'int'], 'same', '四舍五入到分（或 n 位小数）', 'round half-up to the fen (or n places)', 1),
  b('min', ['numeric', 'numeric'], 'same', '较小值', 'the smaller value'),
  b('max', ['numeric', 'numeric'], 'same', '较大值', 'the larger value'),
  b('abs', ['numeric'], 'same', '绝对值', 'absolute value'),
  b('size', ['collection'], prim('int'), '元素个数', 'number of elements'),
  b('is_empty', ['collection'], prim('bool'), '是否为空', 'is empty'),
];

export const builtinByName: ReadonlyMap<string, Builtin> = new Map(builtins.map((x) => [x.name, x]));

/** Aggregates written as comprehensions: `sum(x.amt for x in src where cond)`. */
export const aggregates = ['sum', 'count', 'min', 'max', 'any', 'all', 'distinct', 'list', 'first'] as const;
export type Aggregate = (typeof aggregates)[number];
