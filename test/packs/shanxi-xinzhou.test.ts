// Issue 7 acceptance for the Shanxi → Xinzhou chain: the overlay changes exactly one parameter
// (diff), and --explain shows which layer set every parameter a value used.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compilePackDir } from '../../compiler/index.js';
import { diffArtifacts } from '../../compiler/diff/diff-artifacts.js';
import { evaluate, loadPack } from '../../runtime/index.js';
import type { Artifact } from '../../runtime/artifact/ir.js';

let shanxi: Artifact;
let xinzhou: Artifact;
beforeAll(async () => {
  const [a, b] = await Promise.all([compilePackDir('rulepacks/shanxi'), compilePackDir('rulepacks/xinzhou')]);
  shanxi = a.value.artifact!;
  xinzhou = b.value.artifact!;
}, 60_000);

const signedVisit = () => {
  const r = JSON.parse(readFileSync('rulepacks/shanxi/tests/visit.json', 'utf8'));
  r.encounter.fee_price_class = '2';
  r.encounter.grassroots_flag = true;
  r.patient.family_doctor_signed = true;
  r.patient.signed_medins_code = r.encounter.fixmedins_code;
  return r;
};

describe('shanxi → xinzhou', () => {
  it('the diff lists the one changed parameter and nothing else', () => {
    const d = diffArtifacts(shanxi, xinzhou);
    expect(d.params.map((p) => [p.name, p.old, p.new, p.layer])).toEqual([['family_doctor_ratio', null, '0.6', 'xinzhou.outpatient@2024.1.0']]);
    expect(d.rules).toEqual([]);
    expect(d.tables).toEqual([]);
    expect(d.other).toEqual([]);
  });

  it('every step span of an overlay rule or compute points into its own layer\'s files', () => {
    const files = xinzhou.manifest.files;
    for (const item of [...xinzhou.rules, ...xinzhou.computes]) {
      const layerId = item.provenance[0]!.layer.split('@')[0]!;
      expect(files[item.span.file]!.startsWith(`${layerId}/`)).toBe(true);
      for (const st of item.steps) expect(files[st.span.file], `${'code' in item ? item.code : item.name}`).toBe(files[item.span.file]);
    }
  });

  it('a signed resident at the signed institution gets 60% in Xinzhou, 55% in Shanxi', () => {
    const sx = evaluate(loadPack(shanxi).value!, signedVisit());
    const xz = evaluate(loadPack(xinzhou).value!, signedVisit());
    expect(sx.values['pooling_payment']).toBe(75.9);
    expect(xz.values['pooling_payment']).toBe(82.8);
  });

  it('--explain names the layer (and reason) behind every parameter the value read', () => {
    const r = evaluate(loadPack(xinzhou).value!, signedVisit(), { explain: true });
    const params = r.explanations!['pooling_payment']!.params;
    const byName = new Map(params.map((p) => [p.name, p]));
    expect(byName.get('family_doctor_ratio')).toMatchObject({ value: '0.6', layer: 'xinzhou.outpatient@2024.1.0' });
    expect(byName.get('family_doctor_ratio')!.reason).toContain('忻医保发〔2023〕12号');
    expect(byName.get('annual_limit')!.layer).toBe('shanxi.outpatient@2024.1.0');
    for (const p of params) expect(p.layer).not.toBe('');
  });
});
