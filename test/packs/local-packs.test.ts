// The local packs (Jinan, Xingtai) build on the national pack without errors, their own `test`
// blocks pass, and every local change is visible against the national baseline: the same request
// that a disabled/regraded/re-parameterised national rule flags on `nhsa.audit` behaves differently
// on the local pack.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compilePackDir } from '../../compiler/index.js';
import { runPackTests } from '../../compiler/testing/run-pack-tests.js';
import { evaluate, loadPack, type LoadedPack } from '../../runtime/index.js';
import type { EvalResult } from '../../runtime/api.js';

const PACKS = resolve(__dirname, '..', '..', 'rulepacks');

// Compiling the national pack takes seconds; every test of a pack shares one build.
const builds = new Map<string, ReturnType<typeof compileOnce>>();
async function compileOnce(name: string) {
  const r = await compilePackDir(join(PACKS, name));
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  return { r, errors };
}
function build(name: string) {
  if (!builds.has(name)) builds.set(name, compileOnce(name));
  return builds.get(name)!;
}

async function loaded(name: string): Promise<LoadedPack> {
  const { r, errors } = await build(name);
  expect(errors.map((d) => `${d.file}: ${d.code} ${d.message.en}`)).toEqual([]);
  const l = loadPack(r.value.artifact!);
  expect(l.value).not.toBeNull();
  return l.value!;
}

async function request(pack: string, file: string, patch: (q: any) => void = () => {}): Promise<unknown> {
  const q = JSON.parse(await readFile(join(PACKS, pack, file), 'utf8'));
  patch(q);
  return q;
}

const codes = (r: EvalResult) => r.findings.map((f) => f.rule_id);
const finding = (r: EvalResult, code: string) => r.findings.find((f) => f.rule_id === code);

describe.each(['jinan', 'xingtai'])('local pack %s', (name) => {
  it('builds on nhsa.audit without errors and has tests for its rules', async () => {
    const { r, errors } = await build(name);
    expect(errors.map((d) => `${d.file}: ${d.code} ${d.message.en}`)).toEqual([]);
    const a = r.value.artifact!;
    expect(a.manifest.layers.map((l) => l.id)).toEqual(['nhsa.audit', `${name}.audit`]);
    // Every local per-request rule is exercised by at least one positive test (`expect finding CODE`).
    // Batch (事后) rules need many requests; test/packs/xingtai-batch.test.ts covers them.
    const local = a.rules.filter((x) => x.provenance[0]?.layer.startsWith(`${name}.audit@`) && !x.batch).map((x) => x.code);
    expect(local.length).toBeGreaterThan(4);
    const positive = new Set(r.value.tests.flatMap((t) => t.expects.flatMap((x) => (x.kind === 'finding' && !x.negated ? [x.code] : []))));
    const negative = new Set(r.value.tests.flatMap((t) => t.expects.flatMap((x) => (x.kind === 'finding' && x.negated ? [x.code] : []))));
    for (const code of local) {
      expect(positive, `positive test for ${code}`).toContain(code);
      expect(negative, `negative test for ${code}`).toContain(code);
    }
  });

  it('passes all of its own tests', async () => {
    const pack = await loaded(name);
    const { r } = await build(name);
    const dir = join(PACKS, name);
    const outcomes = await runPackTests(pack, r.value.tests, (p) => readFile(join(dir, p), 'utf8').catch(() => null));
    expect(outcomes.length).toBeGreaterThan(20);
    const failed = outcomes.filter((o) => !o.passed).map((o) => `${o.test.name}: ${o.failures.map((f) => f.en).join('; ')}`);
    expect(failed).toEqual([]);
  });
});

describe('jinan local changes against the national baseline', () => {
  let national: LoadedPack;
  let jinan: LoadedPack;
  beforeAll(async () => {
    national = await loaded('national');
    jinan = await loaded('jinan');
  });

  it('disable: 结算明细信息异常 fires nationally but not in Jinan, and stays in the artifact as retired', async () => {
    const q = await request('jinan', 'tests/pharmacy.json', (x) => (x.encounter.feedetail[0].det_item_fee_sumamt = 60));
    expect(codes(evaluate(national, q))).toContain('GZ10000201002000');
    expect(codes(evaluate(jinan, q))).not.toContain('GZ10000201002000');
    const rule = jinan.artifact.rules.find((x) => x.code === 'GZ10000201002000')!;
    expect(rule.state).toBe('retired');
    expect(rule.stateReason).toContain('假阳性率');
    expect(rule.provenance.at(-1)).toMatchObject({ layer: 'jinan.audit@2024.1.0', action: 'disable' });
  });

  it('set: a readmission 15 days after discharge is 分解住院 nationally (15 days) but not in Jinan (14 days)', async () => {
    const q = await request('jinan', 'tests/inpatient-history.json', (x) => (x.history[0].endtime = '2025-02-16 10:00:00'));
    expect(codes(evaluate(national, q))).toContain('GZ10000204001000');
    expect(codes(evaluate(jinan, q))).not.toContain('GZ10000204001000');
    const p = jinan.artifact.params.find((x) => x.name === 'readmit_window_days')!;
    expect(p.value).toBe(14);
    expect(p.provenance.at(-1)).toMatchObject({ action: 'set' });
  });

  it('regrade: 药品区分性别使用 is definite in pre nationally and a reminder in Jinan pre; mid stays definite', async () => {
    const q = await request('jinan', 'tests/pharmacy.json', (x) => (x.patient.gend = '2'));
    expect(finding(evaluate(national, q, { stage: 'pre' }), 'GZ10000301004000')?.result).toBe('definite');
    expect(finding(evaluate(jinan, q, { stage: 'pre' }), 'GZ10000301004000')?.result).toBe('reminder');
    expect(finding(evaluate(jinan, q, { stage: 'mid' }), 'GZ10000301004000')?.result).toBe('definite');
  });

  it('local rules are attributed to the Jinan layer in results', async () => {
    const q = await request('jinan', 'tests/pharmacy.json');
    const f = finding(evaluate(jinan, q), 'JN0005');
    expect(f?.layer).toBe('jinan.audit@2024.1.0');
    expect(f?.lines).toEqual([{ feedetl_sn: '2', role: 'violation', amount: 37.5 }]);
    expect(codes(evaluate(national, q))).not.toContain('JN0005');
  });
});

describe('xingtai local rules', () => {
  let xingtai: LoadedPack;
  beforeAll(async () => {
    xingtai = await loaded('xingtai');
  });

  it('a trace code sold twice in one request: the repeat is the violation, the first sale is involved', async () => {
    const q = await request('xingtai', 'tests/pharmacy.json', (x) => (x.encounter.feedetail[1].trace_code = x.encounter.feedetail[0].trace_code));
    const f = finding(evaluate(xingtai, q), 'XT0001');
    expect(f?.lines).toEqual([
      { feedetl_sn: '2', role: 'violation', amount: 60 },
      { feedetl_sn: '1', role: 'involved' },
    ]);
    expect(f?.amount).toBe(60);
  });

  it('挂床住院 flags the bed fees of the idle days only', async () => {
    const q = await request('xingtai', 'tests/inpatient.json', (x) => {
      x.encounter.feedetail[13].fee_ocur_time = '2024-06-05 14:00:00';
      x.encounter.feedetail[14].fee_ocur_time = '2024-06-05 15:00:00';
    });
    const f = finding(evaluate(xingtai, q), 'XT0006');
    expect(f?.lines.map((l) => l.feedetl_sn)).toEqual(['4', '5', '6', '7']);
    expect(f?.message).toContain('4天');
  });
});
