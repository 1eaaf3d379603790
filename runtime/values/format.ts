// How a runtime value prints in a finding message.
import type { IrDomain } from '../artifact/ir.js';
import { toYuanText } from './money.js';
import { dayToText, secondsToText } from './dates.js';
import { textOf } from './text.js';

export function formatValue(v: unknown, d: IrDomain | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') {
    if (d === 'dec') return toYuanText(v);
    if (d === 'date') return dayToText(v);
    if (d === 'datetime') return secondsToText(v);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Set) return [...v].map((x) => formatValue(x, undefined)).join('、');
  if (Array.isArray(v)) return v.map((x) => formatValue(x, undefined)).join('、');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return textOf(o['med_list_name']) || textOf(o['feedetl_sn']) || textOf(o['key']);
  }
  return textOf(v);
}
