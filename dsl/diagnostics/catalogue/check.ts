// Diagnostic codes of the "check" phase (names, types, units, declarations). See entry.ts for the
// shape; every example is run by test/dsl/catalogue.test.ts to prove it triggers its code.
import type { CatalogueEntry } from './entry.js';

const HEAD = 'pack demo.audit 1.0.0 {\n  region "000000"\n}\n\n';
const pack = (body: string) => ({ files: { 'pack.lk': `${HEAD}${body}\n` } });
/** A rule with a result and a flag around the given steps. */
const rule = (steps: string, flag = 'flag encounter') => pack(`rule R1 "示例" {\n  result reminder\n  ${steps}\n  ${flag}\n}`);

export const checkCodes: readonly CatalogueEntry[] = [
  // ---- names ---------------------------------------------------------------------------------
  {
    code: 'check/unknown-name',
    severity: 'error',
    title: { zh: '未知的名称', en: 'unknown name' },
    help: { zh: '可用的名称：patient、encounter、history、request、参数、知识表、指标、计算，以及 for/let 绑定的变量', en: 'names in scope: patient, encounter, history, request, parameters, tables, indicators, computations and for/let variables' },
    example: rule('when encountr.med_type == "21"'),
  },
  {
    code: 'check/unknown-field',
    severity: 'error',
    title: { zh: '记录没有这个字段', en: 'the record has no such field' },
    help: { zh: '字段名是国家平台接口的字段代码（如 med_list_codg）；诊断会给出最接近的字段', en: 'field names are the national platform codes (e.g. med_list_codg); the message suggests the closest one' },
    example: rule('for line in encounter.feedetail\n  when line.med_list_code == "X"', 'flag line'),
  },
  {
    code: 'check/not-a-record',
    severity: 'error',
    title: { zh: '该值不是记录，不能取字段', en: 'not a record: it has no fields' },
    example: rule('when encounter.med_type.code == "21"'),
  },
  {
    code: 'check/unknown-function',
    severity: 'error',
    title: { zh: '未知的函数', en: 'unknown function' },
    help: { zh: '内置函数见 docs/language.md「内置函数」', en: 'see "Built-in functions" in docs/language.md' },
    example: rule('when ages(patient.brdy, as_of()) > 60'),
  },
  {
    code: 'check/unknown-aggregate',
    severity: 'error',
    title: { zh: '未知的汇总函数', en: 'unknown aggregate' },
    help: { zh: '汇总函数：sum count min max any all distinct list first（分组用 group）', en: 'aggregates: sum count min max any all distinct list first (and group)' },
    example: rule('when total(l.det_item_fee_sumamt for l in encounter.feedetail) > 100'),
  },
  {
    code: 'check/aggregate-form',
    severity: 'error',
    title: { zh: '汇总函数要写成推导式', en: 'an aggregate is written as a comprehension' },
    example: rule('when count(encounter.feedetail) > 3'),
  },
  {
    code: 'check/arity',
    severity: 'error',
    title: { zh: '函数参数个数不对', en: 'wrong number of arguments' },
    example: rule('when days(encounter.begntime) > 3'),
  },
  {
    code: 'check/unknown-type',
    severity: 'error',
    title: { zh: '未知的类型', en: 'unknown type' },
    help: { zh: '类型：code text int decimal money days date datetime gender bool set<…> list<…>，末尾 ? 表示可为空', en: 'types: code text int decimal money days date datetime gender bool set<…> list<…>; a trailing ? makes it optional' },
    example: pack('param limit "限额": mony = 300'),
  },
  {
    code: 'check/unknown-param',
    severity: 'error',
    title: { zh: '未知的参数', en: 'unknown parameter' },
    example: pack('param readmit_days "再入院间隔": days = 15\nset readmit_day = 14 because "本地化"'),
  },
  {
    code: 'check/unknown-rule',
    severity: 'error',
    title: { zh: '未知的规则编码', en: 'unknown rule code' },
    example: pack('disable GZ0001 because "误报率高"'),
  },
  {
    code: 'check/unknown-table',
    severity: 'error',
    title: { zh: '未知的知识表', en: 'unknown knowledge table' },
    example: pack('knowledge drug_limt add from "knowledge/extra.csv" because "本地目录"'),
  },
  {
    code: 'check/unknown-column',
    severity: 'error',
    title: { zh: '知识表没有这一列', en: 'the knowledge table has no such column' },
    example: pack('knowledge drug "药品" {\n  key code: code\n  gender: gender?\n  lock gendr\n}'),
  },
  {
    code: 'check/unknown-scenario',
    severity: 'error',
    title: { zh: '未知的应用场景', en: 'unknown scenario' },
    example: pack('test "场景不存在" {\n  request "tests/visit.json"\n  scenario 事前门诊\n}'),
  },
  {
    code: 'check/unknown-value',
    severity: 'error',
    title: { zh: '未知的计算', en: 'unknown computation' },
    example: pack('test "计算不存在" {\n  request "tests/visit.json"\n  expect value payment = 10\n}'),
  },
  {
    code: 'check/table-needs-key',
    severity: 'error',
    title: { zh: '知识表须按键查询', en: 'a knowledge table is looked up by key' },
    example: { files: { 'pack.lk': `${HEAD}knowledge drug "药品" {\n  key code: code\n}\n\nrule R1 "示例" {\n  result reminder\n  when drug != none\n  flag encounter\n}\n` } },
  },
  {
    code: 'check/key-count',
    severity: 'error',
    title: { zh: '知识表的键个数不对', en: 'wrong number of key values' },
    example: { files: { 'pack.lk': `${HEAD}knowledge drug "药品" {\n  key code: code\n}\n\nrule R1 "示例" {\n  result reminder\n  for l in encounter.feedetail\n  when drug[l.med_list_codg, "x"] != none\n  flag l\n}\n` } },
  },
  {
    code: 'check/batch-indicator',
    severity: 'error',
    title: { zh: '分组指标有错误，无法使用', en: 'a grouped indicator has errors and cannot be used' },
    help: { zh: '先修正分组指标声明中的错误', en: 'fix the errors in the grouped indicator first' },
    // A grouped indicator used by another indicator declared before it has no group type yet.
    example: pack('indicator a "甲": int per org = encounter.fixmedins_code = size(b)\nindicator b "乙": int per org = encounter.fixmedins_code = 1'),
  },
  {
    code: 'check/batch-stage',
    severity: 'error',
    title: { zh: '批量规则只在事后运行', en: 'a batch rule runs only at the post stage' },
    example: pack('indicator org_visits "机构就诊人次": int per org = encounter.fixmedins_code = 1\n\nrule R1 "示例" {\n  result reminder\n  stages pre, post\n  for g in org_visits\n  flag g\n}'),
  },
  {
    code: 'check/unit-without-per',
    severity: 'error',
    title: { zh: '`for … in …` 只用于分组（per）指标', en: '`for … in …` is only for grouped (per) indicators' },
    example: pack('indicator lines "明细数": int for l in encounter.feedetail = 1'),
  },

  // ---- types and units -------------------------------------------------------------------------
  {
    code: 'check/type-mismatch',
    severity: 'error',
    title: { zh: '类型不符', en: 'type mismatch' },
    example: rule('when encounter.med_type == 21'),
  },
  {
    code: 'check/unit-mismatch',
    severity: 'error',
    title: { zh: '单位不一致（金额、天数、次数不能混用）', en: 'units do not match (money, days and counts do not mix)' },
    help: { zh: '金额只能与金额相加减；金额 × 比例 得到金额；天数与天数相加减', en: 'money adds to money; money × ratio is money; days add to days' },
    example: pack('param readmit_days "再入院间隔": days = 15\n\nrule R1 "示例" {\n  result reminder\n  for l in encounter.feedetail\n  when l.det_item_fee_sumamt > readmit_days\n  flag l\n}'),
  },
  {
    code: 'check/maybe-none',
    severity: 'error',
    title: { zh: '值可能为空', en: 'the value may be none' },
    help: { zh: '用 `?? 默认值` 处理空值，或把声明类型写成可空（末尾加 ?）', en: 'handle none with `?? default`, or declare an optional type (trailing ?)' },
    example: pack('indicator paid "统筹支付": money = encounter.setlinfo.hifp_pay'),
  },
  {
    code: 'check/not-boolean',
    severity: 'error',
    title: { zh: '条件不是真/假值', en: 'a condition is not true/false' },
    example: rule('when encounter.med_type'),
  },
  {
    code: 'check/not-a-collection',
    severity: 'error',
    title: { zh: '不是列表或集合', en: 'not a list or set' },
    example: rule('for d in encounter.med_type', 'flag encounter'),
  },
  {
    code: 'check/not-constant',
    severity: 'error',
    title: { zh: '这里需要常量', en: 'a constant is required here' },
    example: pack('param limit "限额": money = 100 + 200'),
  },
  {
    code: 'check/needless-coalesce',
    severity: 'warning',
    title: { zh: '`??` 左侧不会为空', en: 'the left side of `??` is never none' },
    example: rule('for l in encounter.feedetail\n  when (l.det_item_fee_sumamt ?? 0) > 100', 'flag l'),
  },
  {
    code: 'check/bad-placeholder',
    severity: 'error',
    title: { zh: '占位符不能显示整个记录或列表', en: 'a placeholder cannot show a whole record or list' },
    example: rule('when true', 'flag encounter\n  say "患者 {patient}"'),
  },
  {
    code: 'check/bad-flag',
    severity: 'error',
    title: { zh: 'flag 的对象不对', en: 'flag target is not a fee line, a list of lines or the encounter' },
    example: rule('when true', 'flag patient'),
  },

  // ---- parameters ----------------------------------------------------------------------------
  {
    code: 'check/param-out-of-range',
    severity: 'error',
    title: { zh: '参数默认值不在范围内', en: 'parameter default outside its range' },
    example: pack('param readmit_days "再入院间隔": days = 40 range 7 .. 31'),
  },
  {
    code: 'check/bad-range',
    severity: 'error',
    title: { zh: '范围下限大于上限', en: 'range lower bound above the upper bound' },
    example: pack('param readmit_days "再入院间隔": days = 15 range 31 .. 7'),
  },
  {
    code: 'check/range-not-numeric',
    severity: 'error',
    title: { zh: '只有数值参数可以设范围', en: 'only numeric parameters take a range' },
    example: pack('param level "机构级别": code = "2" range "1" .. "3"'),
  },

  // ---- declarations ---------------------------------------------------------------------------
  {
    code: 'check/missing-pack',
    severity: 'error',
    title: { zh: '缺少 pack 声明', en: 'no pack declaration' },
    help: { zh: '在 pack.lk 开头写：pack 地区.用途 1.0.0 "标题" { region "000000" }', en: 'start pack.lk with: pack area.purpose 1.0.0 "title" { region "000000" }' },
    example: { files: { 'pack.lk': 'param limit "限额": money = 300\n' } },
  },
  {
    code: 'check/duplicate-pack',
    severity: 'error',
    title: { zh: '一个包只能有一个 pack 声明', en: 'more than one pack declaration' },
    example: { files: { 'pack.lk': HEAD, 'more.lk': 'pack demo.other 1.0.0 {\n  region "000000"\n}\n' } },
  },
  {
    code: 'check/bad-region',
    severity: 'error',
    title: { zh: '医保区划应为 6 位数字', en: 'region must be a 6-digit division code' },
    example: { files: { 'pack.lk': 'pack demo.audit 1.0.0 {\n  region "3701"\n}\n' } },
  },
  {
    code: 'check/bad-pack-id',
    severity: 'error',
    title: { zh: '包标识格式错误', en: 'malformed pack id' },
    example: { files: { 'pack.lk': 'pack Demo.Audit 1.0.0 {\n  region "000000"\n}\n' } },
  },
  {
    code: 'check/bad-input-path',
    severity: 'error',
    title: { zh: '输入字段须在 patient 或 encounter 下', en: 'an input field lives under patient or encounter' },
    example: pack('input claim.price_class: code? "收费价格类别"'),
  },
  {
    code: 'check/duplicate-field',
    severity: 'error',
    title: { zh: '字段已存在', en: 'the field already exists' },
    example: pack('input encounter.med_type: code "医疗类别"'),
  },
  {
    code: 'check/duplicate-name',
    severity: 'error',
    title: { zh: '名称已被使用', en: 'the name is already used' },
    help: { zh: '参数、知识表、指标和计算共用一个命名空间', en: 'parameters, tables, indicators and computations share one namespace' },
    example: pack('param limit "限额": money = 300\nparam limit "限额": money = 400'),
  },
  {
    code: 'check/duplicate-rule',
    severity: 'error',
    title: { zh: '规则编码重复', en: 'duplicate rule code' },
    help: { zh: '修改继承来的规则请用 regrade/restage/state/disable', en: 'change an inherited rule with regrade/restage/state/disable' },
    example: pack('rule R1 "甲" {\n  result reminder\n  flag encounter\n}\n\nrule R1 "乙" {\n  result reminder\n  flag encounter\n}'),
  },
  {
    code: 'check/duplicate-attr',
    severity: 'error',
    title: { zh: '规则属性重复', en: 'a rule attribute is written twice' },
    example: pack('rule R1 "示例" {\n  result reminder\n  result definite\n  flag encounter\n}'),
  },
  {
    code: 'check/duplicate-column',
    severity: 'error',
    title: { zh: '知识表列重复', en: 'a knowledge column is declared twice' },
    example: pack('knowledge drug "药品" {\n  key code: code\n  name: text\n  name: text\n}'),
  },
  {
    code: 'check/no-key',
    severity: 'error',
    title: { zh: '知识表没有键列', en: 'the knowledge table has no key column' },
    example: pack('knowledge drug "药品" {\n  code: code\n  name: text\n}'),
  },
  {
    code: 'check/optional-key',
    severity: 'error',
    title: { zh: '键列不能可空', en: 'a key column cannot be optional' },
    example: pack('knowledge drug "药品" {\n  key code: code?\n}'),
  },
  {
    code: 'check/missing-result',
    severity: 'error',
    title: { zh: '规则缺少 result', en: 'the rule has no result' },
    example: pack('rule R1 "示例" {\n  when true\n  flag encounter\n}'),
  },
  {
    code: 'check/missing-flag',
    severity: 'error',
    title: { zh: '规则缺少 flag', en: 'the rule has no flag' },
    example: pack('rule R1 "示例" {\n  result reminder\n  when true\n}'),
  },
  {
    code: 'check/missing-value',
    severity: 'error',
    title: { zh: '计算缺少 value', en: 'the computation has no value' },
    example: pack('compute payment "支付": money {\n  let x = 1\n}'),
  },
  {
    code: 'check/missing-reason',
    severity: 'error',
    title: { zh: '停用规则须写明原因', en: 'retiring a rule needs a reason' },
    example: pack('rule R1 "示例" {\n  result reminder\n  state retired\n  flag encounter\n}'),
  },
  {
    code: 'check/missing-request',
    severity: 'error',
    title: { zh: '测试缺少 request', en: 'the test has no request' },
    example: pack('test "无请求" {\n  expect findings 0\n}'),
  },
  {
    code: 'check/costly-rule',
    severity: 'warning',
    title: { zh: '规则循环嵌套过深', en: 'the rule nests many loops' },
    example: rule('for a in encounter.feedetail\n  for b in encounter.feedetail\n  for c in encounter.feedetail\n  when a.med_list_codg == b.med_list_codg and b.med_list_codg == c.med_list_codg', 'flag a'),
  },
];
