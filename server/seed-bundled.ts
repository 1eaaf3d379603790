// `liangku serve --bundled` (what `npm start` runs): compile the packs that ship in rulepacks/ and
// publish each into the local registry, bases first, so the studio and the eval API have them
// right after `npm install && npm start`. A version already published with the same content is
// left alone; a bundled pack whose content changed without a new version is reported, never
// overwritten (published versions are immutable).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { compilePackDir, bundledPacksDir } from '../compiler/index.js';
import { packIdentity } from '../compiler/node/fs-source.js';
import { hasErrors } from '../dsl/diagnostics/diagnostic.js';
import { writeArtifactFile } from './store/artifact-files.js';
import { recordEvent } from './store/events-repo.js';
import type { Store } from './store/open-store.js';
import { getVersion, insertVersion } from './store/packs-repo.js';

export interface SeedReport {
  readonly published: string[];
  readonly unchanged: string[];
  readonly problems: string[];
}

export async function seedBundledPacks(store: Store, dir = bundledPacksDir, log: (line: string) => void = () => {}): Promise<SeedReport> {
  const report: SeedReport = { published: [], unchanged: [], problems: [] };
  const dirs: { dir: string; id: string; base: string | null }[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (!e.isDirectory()) continue;
    const d = join(dir, e.name);
    const ident = await packIdentity(d);
    if (ident) dirs.push({ dir: d, id: ident.id, base: null });
  }
  // Bases first: compile in rounds, a pack after the pack it extends.
  const order = await extendsOrder(dirs);
  for (const { dir: d } of order) {
    const started = Date.now();
    const r = await compilePackDir(d);
    const a = r.value.artifact;
    if (hasErrors(r.diagnostics) || !a) {
      report.problems.push(`${d}: does not build (${r.diagnostics.filter((x) => x.severity === 'error').length} errors); run \`liangku check ${d}\``);
      continue;
    }
    const name = `${a.manifest.id}@${a.manifest.version}`;
    const existing = getVersion(store.db, a.manifest.id, a.manifest.version);
    if (existing) {
      if (existing.hash === a.hash) report.unchanged.push(name);
      else report.problems.push(`${name}: the bundled sources changed but the version did not; the registry keeps the published one (raise the version to publish)`);
      continue;
    }
    writeArtifactFile(store.artifactsDir, a.hash, JSON.stringify(a));
    store.db.transaction(() => {
      insertVersion(store.db, {
        pack_id: a.manifest.id,
        version: a.manifest.version,
        hash: a.hash,
        region: a.manifest.region,
        title: a.manifest.title,
        base_id: a.manifest.extends?.id ?? null,
        base_range: a.manifest.extends?.range ?? null,
        published_by: 'bundled-packs',
        note: 'bundled with liangku',
      });
      recordEvent(store.db, { actor: 'bundled-packs', kind: 'publish', packId: a.manifest.id, version: a.manifest.version, detail: { hash: a.hash, region: a.manifest.region, base: a.manifest.extends, signed: null } });
    })();
    report.published.push(name);
    log(`  published ${name} (${Date.now() - started} ms)`);
  }
  return report;
}

async function extendsOrder(dirs: { dir: string; id: string }[]): Promise<{ dir: string; id: string }[]> {
  const { readFile } = await import('node:fs/promises');
  const baseOf = new Map<string, string | null>();
  for (const d of dirs) {
    const files = (await readdir(d.dir)).filter((f) => f.endsWith('.lk'));
    let base: string | null = null;
    for (const f of files) {
      const m = /^\s*pack\s+[a-z0-9_.]+\s+\S+(?:\s+"[^"]*")?\s+extends\s+([a-z0-9_.]+)/m.exec(await readFile(join(d.dir, f), 'utf8'));
      if (m) base = m[1]!;
    }
    baseOf.set(d.id, base);
  }
  const out: { dir: string; id: string }[] = [];
  const done = new Set<string>();
  let progress = true;
  while (out.length < dirs.length && progress) {
    progress = false;
    for (const d of dirs) {
      if (done.has(d.dir)) continue;
      const base = baseOf.get(d.id);
      if (!base || done.has(dirs.find((x) => x.id === base)?.dir ?? '') || !dirs.some((x) => x.id === base)) {
        out.push(d);
        done.add(d.dir);
        progress = true;
      }
    }
  }
  return out;
}
