// Discriminated TypeScript view of the IR expression (same shape as IrExpr in ir.ts). The TypeBox
// `node()` helper there types `k` as plain string, so `switch (e.k)` could not narrow; the runtime
// reads expressions through this view instead. Keep in step with ir.ts.
import type { IrDomain, IrSpan } from './ir.js';

type BinOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/';
type AggFn = 'sum' | 'count' | 'min' | 'max' | 'any' | 'all' | 'distinct' | 'list' | 'first';

export type Expr =
  | { k: 'lit'; d: IrDomain; v: string | number | boolean | null }
  | { k: 'set'; d: IrDomain; items: Expr[] }
  | { k: 'list'; items: Expr[] }
  | { k: 'var'; v: number }
  | { k: 'root'; name: 'patient' | 'encounter' | 'history' | 'request' }
  | { k: 'get'; of: Expr; field: string; d: IrDomain }
  | { k: 'field'; of: Expr; field: string }
  | { k: 'param'; name: string }
  | { k: 'indicator'; name: string }
  | { k: 'lookup'; table: string; keys: Expr[] }
  | { k: 'call'; fn: string; args: Expr[]; d: IrDomain }
  | { k: 'not'; e: Expr }
  | { k: 'neg'; e: Expr; d: IrDomain }
  | { k: 'bin'; op: BinOp; l: Expr; r: Expr; d: IrDomain }
  | { k: 'and'; l: Expr; r: Expr }
  | { k: 'or'; l: Expr; r: Expr }
  | { k: 'coalesce'; l: Expr; r: Expr }
  | { k: 'isnone'; e: Expr; neg: boolean }
  | { k: 'in'; e: Expr; coll: Expr; neg: boolean }
  | { k: 'range'; e: Expr; lo: Expr; hi: Expr; neg: boolean; d: IrDomain }
  | { k: 'if'; c: Expr; a: Expr; b: Expr }
  | { k: 'agg'; fn: AggFn; v: number; src: Expr; where: Expr | null; el: Expr; d: IrDomain }
  | { k: 'group'; v: number; src: Expr; by: Expr; where: Expr | null; el: Expr }
  | { k: 'tmpl'; parts: (string | Expr)[]; ds?: (IrDomain | null)[] }
  | { k: 'groups'; name: string }
  | { k: 'group_lookup'; name: string; keys: Expr[] };

export type Step =
  | { k: 'for'; v: number; src: Expr; span: IrSpan }
  | { k: 'let'; v: number; e: Expr; span: IrSpan; d?: IrDomain }
  | { k: 'when'; e: Expr; span: IrSpan };

export type ExprOf<K extends Expr['k']> = Extract<Expr, { k: K }>;
