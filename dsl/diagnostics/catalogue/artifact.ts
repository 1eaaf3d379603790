// Diagnostic codes of the "artifact" phase. See entry.ts for the shape.
import type { CatalogueEntry } from './entry.js';

export const artifactCodes: readonly CatalogueEntry[] = [];
