// A tiny real pack for the evaluation, platform and watch tests: compiled in memory from rule text,
// so the artifacts carry generated rule IR exactly as `liangku build` would emit it.
import { compilePack, memorySource } from '../../compiler/index.js';
import type { Artifact } from '../../runtime/artifact/ir.js';

export function packText(id: string, version: string, limit = 100): string {
  return `pack ${id} ${version} "测试规则包" {
  region "000000"
}

param price_limit "单价上限": money = ${limit} range 0 .. 100000 unit "元"

rule T0001 "单价超过上限" {
  class 价格类/超标准收费
  result definite
  stages pre, mid, post
  basis "测试依据 第一条"
  for l in encounter.feedetail
  when l.pric > price_limit
  flag l
  involve list(x for x in encounter.feedetail where x.feedetl_sn != l.feedetl_sn and x.med_list_codg == l.med_list_codg)
  say "{l.med_list_name}单价{l.pric}元，超过上限{price_limit}元"
}

rule T0002 "男性使用妇科项目" {
  class 医学类/性别限制
  result suspicious
  stages mid, post
  basis "测试依据 第二条"
  when patient.gend == "1"
  for l in encounter.feedetail
  when starts_with(l.med_list_codg, "FK")
  flag l
  say "男性患者使用{l.med_list_name}"
}
`;
}

export async function compileTestPack(id = 'nhsa.audit', version = '1.0.0', limit = 100): Promise<Artifact> {
  const { value, diagnostics } = await compilePack(memorySource('t', { 'pack.lk': packText(id, version, limit) }), {});
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!value?.artifact || errors.length) throw new Error(`test pack does not compile: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return value.artifact;
}

/** A request in claim-format.md with one over-limit line (sn 1, 150 元), its twin (sn 3), and a 妇科 line (sn 2). */
export function claim(requestId = 'R-1', gend = '1'): Record<string, unknown> {
  return {
    request_id: requestId,
    patient: { psn_no: 'P001', psn_name: '张某', gend, brdy: '1958-02-11', insutype: '390', insu_admdvs: '140902' },
    encounter: {
      mdtrt_id: `M-${requestId}`, fixmedins_code: 'H001', medins_lv: '1', mdtrtarea_admvs: '140902', med_type: '21',
      begntime: '2025-03-03 09:20:00', endtime: '2025-03-10 10:00:00', setl_time: '2025-03-10 15:12:08',
      diseinfo: [{ diag_code: 'I63.900', diag_name: '脑梗死', maindiag_flag: '1' }],
      feedetail: [
        { feedetl_sn: '1', fee_ocur_time: '2025-03-03 10:00:00', med_list_codg: 'XB01', med_list_name: '甲药', cnt: 1, pric: 150, det_item_fee_sumamt: 150, med_chrgitm_type: '09', chrgitm_lv: '02' },
        { feedetl_sn: '2', fee_ocur_time: '2025-03-03 10:00:00', med_list_codg: 'FK01', med_list_name: '妇科检查', cnt: 1, pric: 20, det_item_fee_sumamt: 20, med_chrgitm_type: '03', chrgitm_lv: '01' },
        { feedetl_sn: '3', fee_ocur_time: '2025-03-04 10:00:00', med_list_codg: 'XB01', med_list_name: '甲药', cnt: 2, pric: 50, det_item_fee_sumamt: 100, med_chrgitm_type: '09', chrgitm_lv: '02' },
      ],
    },
    history: [],
  };
}
