// Diagnostic codes of the "check" phase. See entry.ts for the shape.
import type { CatalogueEntry } from './entry.js';

export const checkCodes: readonly CatalogueEntry[] = [];
