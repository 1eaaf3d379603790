// A large, realistic pack for the parse/format/check throughput benchmark: blocks of knowledge tables,
// parameters, indicators, computes, rules of the usual shapes (line rules, group rules, claim rules) and
// tests, repeated with distinct names until the text reaches the requested number of lines.
// Deterministic (no clock, no randomness): the same line count always gives the same text.

const SCHEMES = ['医疗类/药品合理使用类', '政策类/药品政策限定类', '管理类/重复收费类', '医疗类/超量类'];

function block(i: number): string {
  const n = String(i).padStart(4, '0');
  const cls = SCHEMES[i % SCHEMES.length];
  return `// ── 第 ${i} 组：限定支付目录 ${n}（生成的基准测试规则）──
knowledge limit_${i} "限定支付目录 ${n}" from "knowledge/limit_${i}.csv" {
  key med_list_codg: code "医保目录编码"
  item_name: text         "项目名称"
  gender: gender?         "限定性别"
  max_age: int?           "年龄上限（不含）"
  max_days: days?         "限定天数"
  diagnoses: set<code>?   "限定诊断类目"
  max_cnt: int?           "每日限量"
  valid_from: date?       "生效日期"
  valid_to: date?         "失效日期"
  lock gender, max_age
}

param max_days_${i} "门诊用药天数上限 ${n}": days = ${7 + (i % 5)} range 1 .. 90 unit "天"
param total_max_${i} "门诊单次费用上限 ${n}": money = ${20000 + i} range 0 .. 100000 unit "元"
param ratio_${i} "统筹基金支付比例 ${n}": decimal = ${50 + (i % 20)}% range 0% .. 100%
param chronic_${i} "慢性病诊断类目 ${n}": set<code> = {"E10", "E11", "I10", "J44", "N18"}

indicator op_visits_${i} "本年度门诊次数 ${n}": int = count(h for h in history where h.med_type == "11" and year(h.setl_time) == year(encounter.setl_time))

compute pay_${i} "门诊统筹支付 ${n}": money {
  when encounter.med_type == "11"
  let lines = list(l for l in encounter.feedetail where l.chrgitm_lv != "03")
  let 政策范围内 = sum(l.det_item_fee_sumamt for l in lines)
  value round(max(政策范围内 - 80, 0) * ratio_${i})
}

rule BG${n}01 "限性别项目 ${n}" {
  class ${cls}
  result definite
  stages pre, mid, post
  basis "基准测试 ${n}：限定性别"
  exclude when patient.gend not in {"1", "2"} because "性别不清"
  for l in encounter.feedetail
  let k = limit_${i}[l.med_list_codg]
  when k != none and k.gender != none and k.gender != patient.gend
  flag l
  say "「{k.item_name}」限{if k.gender == "1" then "男" else "女"}性使用"
}

rule BG${n}02 "儿童专用项目 ${n}" {
  class ${cls}
  result definite
  stages mid, post
  basis "基准测试 ${n}：儿童专用"
  for l in encounter.feedetail
  let k = limit_${i}[l.med_list_codg]
  when k != none and k.max_age != none
  let 年龄 = age(patient.brdy, date(l.fee_ocur_time))
  when 年龄 >= k.max_age
  flag l
  say "「{k.item_name}」限{k.max_age}岁以下使用，患者{年龄}岁"
}

rule BG${n}03 "门诊用药天数 ${n}" {
  class ${cls}
  result suspicious
  stages mid, post
  scenes outpatient
  basis "基准测试 ${n}：用药天数"
  for l in encounter.feedetail
  when l.med_chrgitm_type == "09"
  let 上限 = if any(icd3(d.diag_code) in chronic_${i} for d in encounter.diseinfo) then 30 else max_days_${i}
  when l.prd_days > 上限
  flag l
  say "用药{l.prd_days}天，超过{上限}天"
}

rule BG${n}04 "每日限量 ${n}" {
  class ${cls}
  result definite
  stages mid, post
  basis "基准测试 ${n}：每日限量"
  for d in group(l for l in encounter.feedetail by date(l.fee_ocur_time))
  for g in group(l for l in d.items by l.med_list_codg)
  let k = limit_${i}[g.key]
  when k != none and k.max_cnt != none
  let q = sum(l.cnt for l in g.items)
  when q > k.max_cnt
  flag g.items
  amount (q - k.max_cnt) * (g.items[0].pric ?? 0)
  say "「{k.item_name}」{d.key}使用{q}，每日限{k.max_cnt}"
}

rule BG${n}05 "门诊单次费用 ${n}" {
  class ${cls}
  result suspicious
  stages post
  scenes outpatient
  basis "基准测试 ${n}：单次费用"
  let total = sum(l.det_item_fee_sumamt for l in encounter.feedetail)
  when total > total_max_${i} and op_visits_${i} >= 0
  flag encounter
  amount total - total_max_${i}
  say "门诊单次费用{total}元，超过{total_max_${i}}元"
}

test "第 ${n} 组：无违规" {
  request "tests/visit.json"
  expect no finding BG${n}01
  expect no finding BG${n}05
}

test "第 ${n} 组：用药天数超限" {
  request "tests/visit.json" with { encounter.feedetail[0].prd_days = 40, encounter.feedetail[0].med_chrgitm_type = "09" }
  stage mid
  expect finding BG${n}03 on line "1" result suspicious
}

`;
}

export function generatePack(minLines: number): string {
  let out = `// 基准测试用的大规则包：由 bench/gen-pack.ts 生成，仅用于测量解析、格式化与检查的速度。
pack bench.large 1.0.0 "基准测试大规则包" {
  region "000000"
  effective 2024-01-01 .. 2028-12-31
}

`;
  let lines = out.split('\n').length - 1;
  for (let i = 1; lines < minLines; i++) {
    const b = block(i);
    out += b;
    lines += b.split('\n').length - 1;
  }
  return out.trimEnd() + '\n'; // canonical: the formatter's output equals the input
}

export const lineCount = (text: string): number => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
