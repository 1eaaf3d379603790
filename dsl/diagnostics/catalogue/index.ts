// The one catalogue of diagnostic codes, merged from one file per phase.
import type { CatalogueEntry } from './entry.js';
import { parseCodes } from './parse.js';
import { checkCodes } from './check.js';
import { layerCodes } from './layer.js';
import { knowledgeCodes } from './knowledge.js';
import { artifactCodes } from './artifact.js';

export type { CatalogueEntry } from './entry.js';

export const catalogue: readonly CatalogueEntry[] = [...parseCodes, ...checkCodes, ...layerCodes, ...knowledgeCodes, ...artifactCodes];

const byCode = new Map(catalogue.map((e) => [e.code, e]));

/** The entry for a code; throws only on a programming error (a code used but never catalogued). */
export function entry(code: string): CatalogueEntry {
  const e = byCode.get(code);
  if (!e) throw new Error(`diagnostic code not in the catalogue: ${code}`);
  return e;
}
