// The rule catalogues the national pack must cover, extracted from the NHSA material into the pack
// (rulepacks/national/knowledge/catalogue.json), so the pack's coverage test runs on a checkout
// without the source data: the 79 rules of framework 1.0 and the 88 classes of the 2025 edition.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RuleCatalogue {
  readonly source: string;
  readonly framework10: readonly { readonly code: string; readonly name: string }[];
  readonly classes2025: readonly { readonly seq: number; readonly name: string; readonly gz10: string | null }[];
}

export function readCatalogue(input: string, label: string): RuleCatalogue {
  const c10 = JSON.parse(readFileSync(join(input, 'official_rules_catalog.json'), 'utf8')) as { rules_flat: { official_code: string; name: string }[] };
  const c25 = JSON.parse(readFileSync(join(input, 'two_libraries', 'rule_catalog_2025_88.json'), 'utf8')) as { rules: { seq: number; name: string; gz_code_1_0: string | null }[] };
  return {
    source: `${label}/official_rules_catalog.json, ${label}/two_libraries/rule_catalog_2025_88.json`,
    framework10: c10.rules_flat.map((r) => ({ code: r.official_code, name: r.name })).sort((a, b) => a.code.localeCompare(b.code)),
    classes2025: c25.rules.map((r) => ({ seq: r.seq, name: r.name, gz10: r.gz_code_1_0 })).sort((a, b) => a.seq - b.seq),
  };
}

export function writeCatalogue(packDir: string, cat: RuleCatalogue): string {
  const file = join(packDir, 'knowledge', 'catalogue.json');
  writeFileSync(file, JSON.stringify(cat, null, 2) + '\n', 'utf8');
  return file;
}
