// The runtime's public types: what an engine passes in and gets back (shared/design/claim-format.md).
import type { IrGrade, IrStage } from './artifact/ir.js';

export interface LoadOptions {
  /** ed25519 public key (PEM). When set, the artifact must carry a valid signature; there is no loose mode. */
  readonly publicKey?: string;
  /** Newer knowledge snapshots bound at load: table name → rows (objects keyed by column name). */
  readonly knowledge?: Readonly<Record<string, readonly Record<string, unknown>[]>>;
  /** 'compiled' (default): generated JavaScript; 'interpreter': the reference interpreter (strict CSP hosts). */
  readonly mode?: 'compiled' | 'interpreter';
}

export interface EvalOptions {
  readonly stage?: IrStage; // default 'mid'
  readonly scenario?: string;
  /** Evaluation date (YYYY-MM-DD); default: the encounter's settlement date, else its end/begin date. */
  readonly asOf?: string;
  readonly explain?: boolean;
}

export interface FindingLine {
  readonly feedetl_sn: string;
  readonly role: 'violation' | 'involved';
  readonly amount?: number;
}

export interface ExplainStep {
  readonly kind: 'for' | 'let' | 'when' | 'exclude';
  readonly text: string; // the source text of the step's expression
  readonly span: { readonly file: string; readonly start: number; readonly end: number };
  readonly value: unknown; // the value it had (bindings: a short description)
}

export interface Explanation {
  readonly steps: readonly ExplainStep[];
  readonly knowledge: readonly { readonly table: string; readonly key: readonly unknown[]; readonly row: Record<string, unknown>; readonly layer: string; readonly file: string; readonly line: number }[];
  readonly params: readonly { readonly name: string; readonly value: unknown; readonly layer: string; readonly reason: string | null }[];
  readonly rule: { readonly file: string; readonly start: number; readonly end: number; readonly layer: string };
}

export interface Finding {
  readonly rule_id: string;
  readonly rule_name: string;
  readonly result: IrGrade;
  readonly class: string;
  readonly message: string;
  readonly amount: number; // yuan, half-up to the fen
  readonly basis: string;
  readonly lines: readonly FindingLine[];
  readonly layer: string;
  /** Batch (事后) findings on an institution/person/group rather than one request. */
  readonly subject?: Readonly<Record<string, string>>;
  readonly explanation?: Explanation;
}

export interface Notice {
  readonly code: string; // e.g. "not-in-force"
  readonly message: string;
  readonly subject: string; // the compute/rule it concerns
}

export interface EvalResult {
  readonly request_id?: string;
  readonly mdtrt_id?: string;
  readonly stage: IrStage;
  readonly pack: { readonly id: string; readonly version: string; readonly layers: readonly string[] };
  readonly findings: readonly Finding[];
  /** Shadow rules: evaluated and explained, reported apart, never counted. */
  readonly shadow?: readonly Finding[];
  readonly values: Readonly<Record<string, number | null>>;
  /** With `explain`: how each value was computed, which parameters (and the layer that set each) it read. */
  readonly explanations?: Readonly<Record<string, Explanation>>;
  readonly notices?: readonly Notice[];
}

export interface EvalError {
  readonly line: number;
  readonly request_id?: string;
  readonly error: { readonly code: string; readonly message: string; readonly path: string };
}
