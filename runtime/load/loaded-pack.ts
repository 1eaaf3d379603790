// The in-memory form of a loaded artifact: validated, knowledge indexed, values converted.
import type { Artifact, IrCompute, IrIndicator, IrParam, IrRule, IrScenario, IrTable } from '../artifact/ir.js';
import type { DomainEnv } from '../eval/static-domain.js';

export interface RowMeta {
  readonly layer: string;
  readonly file: string;
  readonly line: number;
}

export interface LoadedTable {
  readonly ir: IrTable;
  /** Rows converted to runtime values, keyed by column name. */
  readonly rows: readonly Record<string, unknown>[];
  /** [from day, to day] per row; undefined = open. */
  readonly validity: readonly (readonly [number | undefined, number | undefined])[];
  /** key columns' values joined with \u0001 → row indexes (every dated version). */
  readonly index: ReadonlyMap<string, readonly number[]>;
  readonly meta: readonly RowMeta[];
}

export interface LoadedPack {
  readonly artifact: Artifact;
  readonly mode: 'compiled' | 'interpreter';
  readonly params: ReadonlyMap<string, unknown>;
  readonly paramIr: ReadonlyMap<string, IrParam>;
  readonly tables: ReadonlyMap<string, LoadedTable>;
  readonly indicators: ReadonlyMap<string, IrIndicator>;
  readonly computes: ReadonlyMap<string, IrCompute>;
  readonly scenarios: ReadonlyMap<string, IrScenario>;
  readonly rules: readonly IrRule[];
  readonly domains: DomainEnv;
  /** Generated rule functions (mode 'compiled'); filled by the loader. */
  compiled?: unknown;
}
