// Imports the NHSA knowledge-point batches into one CSV per knowledge class plus their declarations.
// Usage: node --import tsx scripts/import-nhsa.ts [DATA_DIR] [--out PACK_DIR] [--quiet]
//   DATA_DIR defaults to ../shared/data/nhsa-knowledge (relative to the repo root);
//   PACK_DIR defaults to rulepacks/national (receives knowledge.lk and knowledge/).
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBatches } from './nhsa/load.js';
import { type BuildResult, build } from './nhsa/build.js';
import { emit, summaryText } from './nhsa/emit.js';
import { TABLES } from './nhsa/tables.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

import { readCatalogue, writeCatalogue } from './nhsa/catalogue.js';

export interface ImportOptions {
  readonly input?: string;
  readonly packDir?: string;
}

export interface ImportOutcome {
  readonly result: BuildResult;
  readonly written: readonly string[];
  readonly summary: string;
}

export function importNhsa(opts: ImportOptions = {}): ImportOutcome {
  const input = resolve(opts.input ?? join(REPO, '..', 'shared', 'data', 'nhsa-knowledge'));
  const packDir = resolve(opts.packDir ?? join(REPO, 'rulepacks', 'national'));
  const result = build(loadBatches(input), TABLES);
  // The label is relative to the repo so SUMMARY.md does not depend on where the repo lives.
  const label = relative(REPO, input) || '.';
  const written = [...emit(result, { packDir }, label), writeCatalogue(packDir, readCatalogue(input, label))];
  return { result, written, summary: summaryText(result) };
}

/** CLI entry: returns the exit code (2 = the data folder is missing), never throws on user error. */
export function main(argv: readonly string[]): number {
  const args = [...argv];
  const outAt = args.indexOf('--out');
  const packDir = outAt >= 0 ? args.splice(outAt, 2)[1] : undefined;
  const quiet = args.includes('--quiet');
  const input = args.filter((a) => a !== '--quiet')[0];
  if (input !== undefined && !existsSync(join(input, 'two_libraries', 'batches'))) {
    process.stderr.write(`没有找到知识点批次目录 / no batch folder: ${join(input, 'two_libraries', 'batches')}\n` +
      'Give the folder that holds two_libraries/batches/*.json (default ../shared/data/nhsa-knowledge).\n');
    return 2;
  }
  const { summary, written } = importNhsa({ input, packDir });
  if (!quiet) process.stdout.write(summary + `\nwrote ${written.length} files under ${relative(process.cwd(), resolve(packDir ?? join(REPO, 'rulepacks', 'national'))) || '.'}\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
