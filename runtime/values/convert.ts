// Raw JSON (request fields, knowledge cells, literals, parameter values) → runtime values of a domain.
// Lenient on purpose: platforms send numbers as strings and "" for absent values.
import type { IrDomain } from '../artifact/ir.js';
import { fromNumber, fromText, fromInt } from './money.js';
import { dayFromText, secondsFromText } from './dates.js';

export function toDomain(raw: unknown, d: IrDomain): unknown {
  if (raw === null || raw === undefined) return d === 'list' ? undefined : undefined;
  switch (d) {
    case 'dec':
      if (typeof raw === 'number') return fromNumber(raw);
      if (typeof raw === 'string') return raw.trim() === '' ? undefined : fromText(raw);
      return undefined;
    case 'int': {
      if (typeof raw === 'number') return Number.isInteger(raw) ? raw : Math.trunc(raw);
      if (typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw)) return Number(raw);
      return undefined;
    }
    case 'date':
      return typeof raw === 'string' ? dayFromText(raw) : undefined;
    case 'datetime':
      return typeof raw === 'string' ? secondsFromText(raw) : undefined;
    case 'str':
      if (typeof raw === 'string') return raw === '' ? undefined : raw;
      if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
      return undefined;
    case 'bool':
      if (raw === true || raw === 1 || raw === '1' || raw === 'true') return true;
      if (raw === false || raw === 0 || raw === '0' || raw === 'false') return false;
      return undefined;
    case 'list':
      if (Array.isArray(raw)) return raw;
      return raw === '' ? [] : undefined;
    case 'set':
      if (Array.isArray(raw)) return new Set(raw);
      if (raw instanceof Set) return raw;
      return raw === '' ? new Set() : undefined;
    case 'record':
      return typeof raw === 'object' && !Array.isArray(raw) ? raw : undefined;
    default:
      return raw === '' ? undefined : raw;
  }
}

/** Read a raw field of a raw object and convert it. */
export function getField(of: unknown, field: string, d: IrDomain): unknown {
  if (of === null || of === undefined || typeof of !== 'object') return undefined;
  // Own fields only: a rule reading `constructor` must not get Object's.
  return Object.hasOwn(of, field) ? toDomain((of as Record<string, unknown>)[field], d) : undefined;
}

/** Integer → dec (used when an int meets a dec operand). */
export const intToDec = fromInt;

/** A value's text in a lookup key (keys are joined with \u0001). */
export function keyPart(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v) ?? '';
}

// getField specialised by domain, for generated code: one small monomorphic function per domain
// instead of the domain switch on every field read. Each answers exactly as getField(of, field, d).
type Obj = Record<string, unknown>;
/** The own, non-null raw value of a field, else undefined. */
function own(of: unknown, field: string): unknown {
  if (of === null || typeof of !== 'object') return undefined;
  const raw = (of as Obj)[field];
  return raw === undefined || raw === null || !Object.hasOwn(of, field) ? undefined : raw;
}
// Value conversions of a present (own, non-null) raw field value, one per domain.
export function strValue(raw: unknown): unknown {
  if (typeof raw === 'string') return raw === '' ? undefined : raw;
  return typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
}
export function decValue(raw: unknown): unknown {
  if (typeof raw === 'number') return fromNumber(raw);
  return typeof raw === 'string' ? (raw.trim() === '' ? undefined : fromText(raw)) : undefined;
}
export const datetimeValue = (raw: unknown): unknown => (typeof raw === 'string' ? secondsFromText(raw) : undefined);
export const dateValue = (raw: unknown): unknown => (typeof raw === 'string' ? dayFromText(raw) : undefined);
export const listValue = (raw: unknown): unknown => (Array.isArray(raw) ? raw : raw === '' ? [] : undefined);

export const getStr = (of: unknown, field: string): unknown => strValue(own(of, field));
export const getDec = (of: unknown, field: string): unknown => decValue(own(of, field));
export const getDatetime = (of: unknown, field: string): unknown => datetimeValue(own(of, field));
export const getDate = (of: unknown, field: string): unknown => dateValue(own(of, field));
export const getList = (of: unknown, field: string): unknown => listValue(own(of, field));
/** Per domain: the converter of a present value (name in codegen's R) and the whole getter. */
export const VALUE_OF: Readonly<Partial<Record<IrDomain, string>>> = {
  str: 'strValue', dec: 'decValue', datetime: 'datetimeValue', date: 'dateValue', list: 'listValue',
};
/** The specialised getter of a domain, or undefined when getField itself should be used. */
export const FIELD_GETTERS: Readonly<Partial<Record<IrDomain, (of: unknown, field: string) => unknown>>> = {
  str: getStr, dec: getDec, datetime: getDatetime, date: getDate, list: getList,
};
