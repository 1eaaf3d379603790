// The checker's type model. Types live in a side table keyed by AST node id (check-expr.ts); the
// AST itself is never mutated. `error` is the poisoned type: an expression that already produced a
// diagnostic has type `error`, and every rule that sees `error` stays silent, so one mistake is
// reported once instead of cascading.
import type { IrDomain } from '../../runtime/artifact/ir.js';
import type { LkPrim } from '../../runtime/schema/claim.js';

export type Prim = LkPrim; // code text int decimal money days date datetime gender bool

export interface Field {
  readonly type: Ty;
  readonly title: string;
  readonly values?: Readonly<Record<string, string>>;
  readonly origin?: string; // "claim schema" or the layer that declared it
}

export type Ty =
  | { readonly k: 'prim'; readonly p: Prim; readonly opt: boolean }
  | { readonly k: 'num'; readonly dec: boolean; readonly opt: boolean } // an untyped numeric literal: adapts to the other side
  | { readonly k: 'str'; readonly opt: boolean } // a string literal: adapts to code, text or gender
  | { readonly k: 'list'; readonly el: Ty; readonly opt: boolean }
  | { readonly k: 'set'; readonly el: Ty; readonly opt: boolean }
  | { readonly k: 'record'; readonly name: string; readonly fields: ReadonlyMap<string, Field>; readonly opt: boolean }
  | { readonly k: 'none' }
  | { readonly k: 'error' };

export const prim = (p: Prim, opt = false): Ty => ({ k: 'prim', p, opt });
export const ERROR: Ty = { k: 'error' };
export const NONE: Ty = { k: 'none' };
export const BOOL = prim('bool');

export const isOpt = (t: Ty): boolean => t.k === 'none' || (t.k !== 'error' && t.opt);
export function withOpt(t: Ty, opt: boolean): Ty {
  if (t.k === 'none' || t.k === 'error') return t;
  return { ...t, opt } as Ty;
}

const NUMERIC: readonly Prim[] = ['int', 'decimal', 'money', 'days'];
export const isNumeric = (t: Ty): boolean => t.k === 'num' || (t.k === 'prim' && NUMERIC.includes(t.p));
export const isStringy = (t: Ty): boolean => t.k === 'str' || (t.k === 'prim' && (t.p === 'code' || t.p === 'text' || t.p === 'gender'));
export const isTime = (t: Ty): boolean => t.k === 'prim' && (t.p === 'date' || t.p === 'datetime');

/** How a type is written in the language (and in the artifact's `type` fields). */
export function show(t: Ty): string {
  const q = (s: string) => (isOpt(t) && t.k !== 'none' ? `${s}?` : s);
  switch (t.k) {
    case 'prim':
      return q(t.p);
    case 'num':
      return q(t.dec ? 'decimal' : 'int');
    case 'str':
      return q('text');
    case 'list':
      return q(`list<${show(t.el)}>`);
    case 'set':
      return q(`set<${show(t.el)}>`);
    case 'record':
      return q(t.name);
    case 'none':
      return 'none';
    case 'error':
      return '?';
  }
}

/** The run-time domain of a value of this type (runtime/artifact/ir.ts). */
export function domainOf(t: Ty): IrDomain {
  switch (t.k) {
    case 'prim':
      if (t.p === 'money' || t.p === 'decimal') return 'dec';
      if (t.p === 'int' || t.p === 'days') return 'int';
      if (t.p === 'date') return 'date';
      if (t.p === 'datetime') return 'datetime';
      if (t.p === 'bool') return 'bool';
      return 'str';
    case 'num':
      return t.dec ? 'dec' : 'int';
    case 'str':
      return 'str';
    case 'list':
      return 'list';
    case 'set':
      return 'set';
    case 'record':
      return 'record';
    default:
      return 'any';
  }
}

/** Can a value of type `from` be used where `to` is expected (ignoring optionality)? */
export function assignable(from: Ty, to: Ty): boolean {
  if (from.k === 'error' || to.k === 'error') return true;
  if (from.k === 'none') return isOpt(to);
  if (to.k === 'prim') {
    if (from.k === 'num') return NUMERIC.includes(to.p) && (!from.dec || to.p === 'money' || to.p === 'decimal');
    if (from.k === 'str') return to.p === 'code' || to.p === 'text' || to.p === 'gender';
    if (from.k === 'prim') return from.p === to.p || (isStringy(from) && isStringy(to)) || (from.p === 'int' && to.p === 'decimal');
    return false;
  }
  if (to.k === 'num') return isNumeric(from);
  if (to.k === 'str') return isStringy(from);
  if (to.k === 'list' || to.k === 'set') return (from.k === 'list' || from.k === 'set') && assignable(from.el, to.el);
  if (to.k === 'record') return from.k === 'record' && from.name === to.name;
  return false;
}
