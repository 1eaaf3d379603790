// One pack layer after check + lower: its own declarations and its local changes, as plain data.
// `layer()` folds a base's effective pack and a LayerIr into the child's effective pack, recording
// provenance. The checker/lowering produce LayerIr; layering, knowledge import and emit consume it.
import type {
  IrCompute, IrIndicator, IrInput, IrParam, IrPeriod, IrRule, IrScenario, IrTable, IrGrade, IrStage, IrScene, IrLifecycleState, IrExpr,
} from '../../runtime/artifact/ir.js';
import type { Span } from '../../dsl/ast/nodes.js';

export interface LayerPackInfo {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly region: string;
  readonly effective: IrPeriod | null;
  readonly yearStart: string; // "01-01" unless the pack says otherwise
  readonly extends: { readonly id: string; readonly range: string } | null;
  readonly file: string;
  readonly span: Span;
}

/** Where a change was written: file (path relative to the pack dir), span, reason. */
export interface ChangeOrigin {
  readonly file: string;
  readonly span: Span;
  readonly reason: string | null;
}

export type LayerChange =
  | { readonly kind: 'set'; readonly param: string; readonly value: IrParam['value']; readonly origin: ChangeOrigin; readonly nameSpan: Span }
  | { readonly kind: 'disable'; readonly code: string; readonly origin: ChangeOrigin; readonly nameSpan: Span }
  | { readonly kind: 'regrade'; readonly code: string; readonly to: IrGrade; readonly stages: readonly IrStage[]; readonly origin: ChangeOrigin; readonly nameSpan: Span }
  | { readonly kind: 'restage'; readonly code: string; readonly stages: readonly IrStage[] | null; readonly scenes: readonly IrScene[] | null; readonly origin: ChangeOrigin; readonly nameSpan: Span }
  | { readonly kind: 'state'; readonly code: string; readonly to: IrLifecycleState; readonly origin: ChangeOrigin; readonly nameSpan: Span }
  | { readonly kind: 'rows'; readonly table: string; readonly mode: 'add' | 'replace'; readonly source: string; readonly origin: ChangeOrigin; readonly nameSpan: Span }
  | { readonly kind: 'lock'; readonly target: 'param' | 'knowledge' | 'rule'; readonly name: string; readonly columns: readonly string[]; readonly origin: ChangeOrigin; readonly nameSpan: Span };

/** A declared knowledge table before its rows are loaded: `rows` etc. empty, `source` names the file. */
export interface DeclaredTable extends Omit<IrTable, 'rows' | 'validity' | 'rowProvenance' | 'rowSource'> {
  readonly source: string | null; // path relative to the pack dir
  readonly lockedAll: boolean;
  readonly span: Span;
  readonly file: string;
}

export interface LoweredTest {
  readonly name: string;
  readonly file: string;
  readonly span: Span;
  readonly request: string | null; // path relative to the pack dir
  readonly patches: readonly { readonly path: readonly (string | number)[]; readonly value: unknown }[];
  readonly stage: IrStage | null;
  readonly scenario: string | null;
  readonly asOf: string | null;
  readonly expects: readonly (
    | { readonly kind: 'finding'; readonly negated: boolean; readonly code: string; readonly line: string | null; readonly amount: string | null; readonly result: IrGrade | null; readonly span: Span }
    | { readonly kind: 'count'; readonly count: number; readonly span: Span }
    | { readonly kind: 'value'; readonly name: string; readonly value: string | null; readonly span: Span }
    | { readonly kind: 'notice'; readonly code: string; readonly span: Span }
  )[];
}

export interface LayerIr {
  readonly pack: LayerPackInfo;
  readonly files: readonly string[]; // IrSpan.file indexes this list (paths relative to the pack dir)
  readonly inputs: readonly IrInput[];
  readonly params: readonly IrParam[];
  readonly tables: readonly DeclaredTable[];
  readonly indicators: readonly IrIndicator[];
  readonly rules: readonly IrRule[];
  readonly computes: readonly IrCompute[];
  readonly scenarios: readonly IrScenario[];
  readonly tests: readonly LoweredTest[];
  readonly changes: readonly LayerChange[];
}

export type { IrExpr };
