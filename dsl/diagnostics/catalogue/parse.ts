// Diagnostic codes of the "parse" phase. See entry.ts for the shape.
import type { CatalogueEntry } from './entry.js';

export const parseCodes: readonly CatalogueEntry[] = [];
