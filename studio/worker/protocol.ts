// The worker's wire protocol: plain JSON, offsets (0-based UTF-16, half-open) — no Monaco types.
// The worker knows nothing of Monaco; studio/monaco/* turn these answers into editor objects.
import type { Diagnostic } from '../../dsl/diagnostics/diagnostic.js';
import type { LoweredTest } from '../../compiler/layer/layer-ir.js';

/** One pack of the workspace: its directory label (e.g. `rulepacks/shanxi`) and its files. */
export interface PackFiles {
  readonly label: string;
  readonly files: Readonly<Record<string, string>>;
}

export type CompletionKind = 'field' | 'param' | 'table' | 'column' | 'value' | 'rule' | 'keyword' | 'function' | 'root' | 'enum' | 'variable' | 'scenario';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  /** Chinese title (field title, param title…), shown beside the label. */
  readonly detail: string;
  readonly doc?: string;
  /** Replace this span (the word being typed) with `insert` (defaults to label). */
  readonly span: { readonly start: number; readonly end: number };
  readonly insert?: string;
  readonly sort?: string;
}

export interface HoverInfo {
  readonly span: { readonly start: number; readonly end: number };
  /** Markdown lines. */
  readonly markdown: readonly string[];
}

export interface SymbolInfo {
  readonly name: string;
  readonly detail: string;
  readonly kind: 'pack' | 'input' | 'knowledge' | 'param' | 'indicator' | 'rule' | 'compute' | 'scenario' | 'test' | 'change' | 'other';
  readonly span: { readonly start: number; readonly end: number };
  readonly selection: { readonly start: number; readonly end: number };
}

/** A parameter as seen by the parameters view: effective value and the layer story behind it. */
export interface ParamView {
  readonly name: string;
  readonly title: string;
  readonly type: string;
  readonly unit: string | null;
  readonly range: { readonly lo: string | number; readonly hi: string | number } | null;
  readonly locked: boolean;
  readonly effective: unknown;
  readonly declaredIn: string;
  readonly history: readonly { readonly layer: string; readonly action: 'declare' | 'set'; readonly value: unknown; readonly reason: string | null; readonly file: string; readonly start: number }[];
}

export interface DiffEntry {
  readonly kind: 'set' | 'disable' | 'regrade' | 'restage' | 'state' | 'rows' | 'lock' | 'add-rule' | 'add-param';
  readonly target: string;
  readonly before: string | null;
  readonly after: string | null;
  readonly reason: string | null;
  readonly file: string;
  readonly start: number;
}

export interface TestView {
  readonly name: string;
  readonly file: string;
  readonly start: number;
  readonly request: string | null;
  readonly expects: number;
  /** The lowered test, as data, so a host (or the server runner) can evaluate it. */
  readonly lowered: LoweredTest;
}

export interface RuleView {
  readonly code: string;
  readonly name: string;
  readonly layer: string;
  readonly file: string;
  readonly start: number;
}

export interface Analysis {
  readonly pack: string; // label of the analysed (top) pack
  readonly packId: string | null;
  readonly version: string | null;
  readonly chain: readonly string[]; // labels, base first
  readonly diagnostics: readonly Diagnostic[];
  readonly params: readonly ParamView[];
  readonly diff: readonly DiffEntry[];
  readonly tests: readonly TestView[];
  readonly rules: readonly RuleView[];
  readonly ms: number;
}

export type Request =
  | { readonly id: number; readonly op: 'setWorkspace'; readonly packs: readonly PackFiles[] }
  | { readonly id: number; readonly op: 'updateFile'; readonly path: string; readonly text: string }
  | { readonly id: number; readonly op: 'analyze'; readonly pack: string }
  | { readonly id: number; readonly op: 'complete'; readonly path: string; readonly offset: number }
  | { readonly id: number; readonly op: 'hover'; readonly path: string; readonly offset: number }
  | { readonly id: number; readonly op: 'symbols'; readonly path: string }
  | { readonly id: number; readonly op: 'format'; readonly path: string }
  | { readonly id: number; readonly op: 'text'; readonly path: string };

export type Response = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly error: string };
