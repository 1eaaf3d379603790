// What an expression can see while it runs: the request roots, parameters, knowledge, indicators.
import type { BuiltinCtx } from './builtins.js';

export interface RunCtx extends BuiltinCtx {
  readonly request: Record<string, unknown>;
  readonly patient: Record<string, unknown>;
  readonly encounter: Record<string, unknown>;
  readonly history: readonly unknown[];
  param(name: string): unknown;
  /** The row in force at the evaluation date for these key values, or undefined. */
  lookup(table: string, keys: readonly unknown[]): unknown;
  /** lookup with one key value (generated code's common case: no key list). */
  lookup1(table: string, key: unknown): unknown;
  /** A knowledge table's key → row index for keys in force every day (other keys map to a marker). */
  direct(table: string): ReadonlyMap<string, unknown>;
  /** This request's values of a slot table's request-invariant expressions (codegen/emit-expr.ts). */
  slots(table: object): unknown[];
  /** Indicator value, else compute value (micro-units), memoized per request. */
  indicator(name: string): unknown;
  /** Batch (事后) only: the groups of a grouped indicator, and one group by its key values. */
  groups?(name: string): readonly unknown[];
  groupLookup?(name: string, keys: readonly unknown[]): unknown;
}
