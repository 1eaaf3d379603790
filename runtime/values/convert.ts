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
