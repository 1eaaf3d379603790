// A diagnostic is data: a stable code from the one catalogue (catalogue.ts), a severity, a half-open
// 0-based span in a file, the message in Chinese and English, optional help and related spans.
// Line and column are computed only at the edges (CLI output, Monaco markers) by source/line-map.ts.
import type { Span } from '../ast/nodes.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Related {
  readonly file: string;
  readonly span: Span;
  readonly message: { readonly zh: string; readonly en: string };
}

/** A machine-applicable fix (did-you-mean replacement and the like). */
export interface Fix {
  readonly title: { readonly zh: string; readonly en: string };
  readonly edits: readonly { readonly span: Span; readonly text: string }[];
}

export interface Diagnostic {
  readonly code: string; // e.g. "parse/unexpected-token", "check/unknown-field", "layer/locked-param"
  readonly severity: Severity;
  readonly file: string;
  readonly span: Span;
  readonly message: { readonly zh: string; readonly en: string };
  readonly help?: { readonly zh: string; readonly en: string };
  readonly related?: readonly Related[];
  readonly fixes?: readonly Fix[];
}

/** What every phase returns: a value when it could make one, and everything it had to say. */
export interface Result<T> {
  readonly value: T | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error');
