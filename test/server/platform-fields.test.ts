// The 3101 route carries over to fee lines only the order fields the evaluated pack declares (issue 9:
// copying ~40 vendor fields per order was most of the mapping's cost). A pack that declares a vendor
// field with `input encounter.feedetail.x` must still see it — through the route, end to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePack, memorySource } from '../../compiler/index.js';
import type { Artifact } from '../../runtime/artifact/ir.js';
import { feeLineFields } from '../../server/platform/pack-fields.js';
import { makeArtifact, publish, startRegistry, type Registry } from './helpers.js';
import { compileTestPack } from './eval-pack.js';
import { order, patientDto, platformCall } from '../fixtures/platform-3101.js';

const vendorPack = `pack vendor.audit 1.0.0 "厂商字段" {
  region "000000"
}

input encounter.feedetail.spec: code? "规格"

rule V0001 "规格为10ml" {
  class 价格类/测试
  result definite
  stages pre, mid, post
  basis "测试依据"
  for l in encounter.feedetail
  when l.spec == "10ml"
  flag l
  say "{l.med_list_name}规格{l.spec}"
}
`;

async function compiled(text: string): Promise<Artifact> {
  const { value, diagnostics } = await compilePack(memorySource('t', { 'pack.lk': text }), {});
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!value?.artifact || errors.length) throw new Error(errors.map((d) => `${d.code} ${d.message}`).join('; '));
  return value.artifact;
}

let reg: Registry;
let vendor: Artifact;
beforeAll(async () => {
  reg = await startRegistry();
  const token = reg.token('publisher', '000000');
  vendor = await compiled(vendorPack);
  expect((await publish(reg, token, vendor)).status).toBe(201);
  expect((await publish(reg, token, await compileTestPack('nhsa.audit', '1.0.0', 100))).status).toBe(201);
}, 60_000);
afterAll(async () => reg?.close());

describe('fee-line fields of a pack', () => {
  it('are the claim schema\'s standard fee-line fields plus the pack\'s own inputs', async () => {
    const fields = feeLineFields(vendor)!;
    expect(fields.has('spec')).toBe(true);
    for (const f of ['feedetl_sn', 'med_list_codg', 'det_item_fee_sumamt', 'cnt']) expect(fields.has(f)).toBe(true);
    expect(fields.has('long_drord_flag')).toBe(false); // a vendor field no pack declared
    expect(feeLineFields(await compileTestPack())!.has('spec')).toBe(false);
  });

  it('are unknown (so every field is kept) when the claim schema does not spell out a fee line', () => {
    expect(feeLineFields(makeArtifact({ id: 'x.audit', version: '1.0.0' }))).toBeUndefined();
  });

  it('reach the rules through POST /api/3101: a vendor field the pack declares is read, per order', async () => {
    const p = patientDto();
    (p.fsi_encounter_dtos[1] as Record<string, unknown>).fsi_order_dtos = [order('A1', { spec: '10ml' }), order('A2', { spec: '5ml' }), order('A3', { spec: '10ml', hilist_name: '乙药' })];
    const res = await fetch(`${reg.url}/api/3101?pack=vendor.audit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(platformCall({ patients: [p] })) });
    expect(res.status).toBe(200);
    const out = await res.json();
    expect(out.infcode).toBe(0);
    expect(out.output.result.map((r: any) => [r.rule_id, r.judge_result_detail_dtos[0].rx_id, r.vola_cont])).toEqual([
      ['V0001', 'A1', '甲药规格10ml'],
      ['V0001', 'A3', '乙药规格10ml'],
    ]);
  });
});
