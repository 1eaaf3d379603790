// The national baseline pack (rulepacks/national): it builds without errors, every rule of the
// framework 1.0 catalogue (79 GZ/ZB codes) and every 2025 class is present in the artifact — either
// implemented or as a draft that names the data it needs — and the pack's own tests all pass.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compilePackDir } from '../../compiler/index.js';
import { runPackTests, type TestOutcome } from '../../compiler/testing/run-pack-tests.js';
import { loadPack } from '../../runtime/index.js';
import type { Artifact } from '../../runtime/artifact/ir.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PACK = join(ROOT, 'rulepacks', 'national');
// The catalogues are extracted into the pack by `npm run import:nhsa` (scripts/nhsa/catalogue.ts).
const CATALOGUE = join(PACK, 'knowledge', 'catalogue.json');
interface Catalogue {
  framework10: { code: string; name: string }[];
  classes2025: { seq: number; name: string; gz10: string | null }[];
}
const catalogue = (): Catalogue => JSON.parse(readFileSync(CATALOGUE, 'utf8')) as Catalogue;

let artifact: Artifact;
let errors: string[];
let outcomes: TestOutcome[];

beforeAll(async () => {
  const r = await compilePackDir(PACK);
  errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}: ${d.code} ${d.message.en}`);
  artifact = r.value.artifact!;
  const loaded = loadPack(artifact);
  expect(loaded.value).not.toBeNull();
  outcomes = await runPackTests(loaded.value!, r.value.tests, (p) => readFile(join(PACK, p), 'utf8').catch(() => null));
});

describe('national baseline pack', () => {
  it('builds without errors', () => {
    expect(errors).toEqual([]);
    expect(artifact).toBeTruthy();
  });

  it('has a rule for every code of the framework 1.0 catalogue', () => {
    const cat = catalogue();
    const codes = new Set(artifact.rules.map((r) => r.code));
    expect(cat.framework10).toHaveLength(79);
    const missing = cat.framework10.map((r) => r.code).filter((c) => !codes.has(c));
    expect(missing).toEqual([]);
  });

  it('has a GZ2025_<nn> rule for every 2025 class without a 1.0 code', () => {
    const cat = catalogue();
    const codes = new Set(artifact.rules.map((r) => r.code));
    expect(cat.classes2025).toHaveLength(88);
    const fresh = cat.classes2025.filter((r) => !r.gz10);
    expect(fresh).toHaveLength(10);
    const missing = fresh.map((r) => `GZ2025_${String(r.seq).padStart(2, '0')}`).filter((c) => !codes.has(c));
    expect(missing).toEqual([]);
  });

  it('declares what every draft rule needs, and only drafts lack a finding pipeline', () => {
    for (const r of artifact.rules) {
      expect(r.class, r.code).toMatch(/^(政策类|管理类|医疗类)\//);
      expect(r.basis.length, r.code).toBeGreaterThan(0);
      if (r.state === 'draft') {
        expect(r.needs, r.code).toBeTruthy();
        expect(r.stateReason, r.code).toBeTruthy();
      } else {
        expect(r.state, r.code).toBe('active');
      }
    }
    // Each of the 21 knowledge tables is read by at least one active rule.
    const active = JSON.stringify(artifact.rules.filter((r) => r.state === 'active'));
    const unused = artifact.tables.map((t) => t.name).filter((n) => !active.includes(`"${n}"`));
    expect(unused).toEqual([]);
  });

  it('passes all of its own tests (at least one per implemented rule)', () => {
    const failed = outcomes.filter((o) => !o.passed).map((o) => `${o.test.name}: ${o.failures.map((f) => f.en).join('; ')}`);
    expect(failed).toEqual([]);
    const active = artifact.rules.filter((r) => r.state === 'active').map((r) => r.code);
    const tested = new Set(outcomes.flatMap((o) => o.test.expects.flatMap((x) => (x.kind === 'finding' ? [x.code] : []))));
    expect(active.filter((c) => !tested.has(c))).toEqual([]);
  });
});
