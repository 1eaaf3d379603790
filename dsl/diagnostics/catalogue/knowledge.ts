// Diagnostic codes of the "knowledge" phase. See entry.ts for the shape.
import type { CatalogueEntry } from './entry.js';

export const knowledgeCodes: readonly CatalogueEntry[] = [];
