// The typed events of <lk-editor> and <lk-studio>. All bubble and cross shadow roots (composed).
import type { Analysis, TestView } from '../worker/protocol.js';

export interface LkChangeDetail {
  readonly path: string;
  readonly text: string;
}
export interface LkDiagnosticsDetail {
  readonly analysis: Analysis;
}
export interface LkTestRunDetail {
  readonly pack: string;
  readonly packId: string | null;
  readonly version: string | null;
  readonly tests: readonly TestView[];
  /** Where the studio ran them: `server` (registry eval API) or `none` (no server; host may run them). */
  readonly runner: 'server' | 'none';
}
export interface LkPublishDetail {
  readonly pack: string;
  readonly packId: string | null;
  readonly version: string | null;
  /** The pack's files as currently edited (path relative to the pack directory → text). */
  readonly files: Readonly<Record<string, string>>;
  readonly errors: number;
}

declare global {
  interface HTMLElementEventMap {
    'lk-change': CustomEvent<LkChangeDetail>;
    'lk-diagnostics': CustomEvent<LkDiagnosticsDetail>;
    'lk-test-run': CustomEvent<LkTestRunDetail>;
    'lk-publish': CustomEvent<LkPublishDetail>;
  }
}

export const lkEvent = <T>(name: string, detail: T): CustomEvent<T> => new CustomEvent<T>(name, { detail, bubbles: true, composed: true });
