// The shape of one catalogue entry. The catalogue is the single source for every diagnostic code:
// docs/language.md's diagnostic list is generated from it, and a test runs every example to prove
// it triggers its code.
import type { Severity } from '../diagnostic.js';

export interface CatalogueEntry {
  readonly code: string; // "<phase>/<kebab-name>", e.g. "parse/unexpected-token"
  readonly severity: Severity;
  /** Short title, both languages; messages at the call site may add specifics. */
  readonly title: { readonly zh: string; readonly en: string };
  readonly help?: { readonly zh: string; readonly en: string };
  /**
   * A minimal pack that triggers this code: file name → text. `pack.lk` is the pack under test; an
   * overlay example may add `base/pack.lk` (a base pack found by id in the sibling folder `base`).
   * Knowledge/test files may be included too. Omit only for codes that cannot come from source text
   * (e.g. I/O failures); then `exampleNote` must say how it arises.
   */
  readonly example?: { readonly files: Readonly<Record<string, string>> };
  readonly exampleNote?: string;
}
