// Diagnostic codes of the "layer" phase. See entry.ts for the shape.
import type { CatalogueEntry } from './entry.js';

export const layerCodes: readonly CatalogueEntry[] = [];
