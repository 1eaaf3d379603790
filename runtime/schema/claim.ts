// The audit request (shared/design/claim-format.md) as ONE definition: TypeBox gives the TypeScript
// types (`Static`), the JSON Schema that ajv enforces on every request, and — through the `lk`
// annotation on each field — the language types the compiler's checker uses (code, money, date…).
// Unknown fields are allowed and passed through; a pack's `input` declarations extend this schema.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Language types of leaf fields. */
export type LkPrim = 'code' | 'text' | 'int' | 'decimal' | 'money' | 'days' | 'date' | 'datetime' | 'gender' | 'bool';

interface FieldOpts {
  readonly values?: Readonly<Record<string, string>>; // value → label (e.g. "1" → "男")
}

const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
const DATETIME = '^\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2}(:\\d{2})?)?$';

function leaf(lk: LkPrim, title: string, opts: FieldOpts = {}): TSchema {
  const meta = { title, lk, ...(opts.values ? { lkValues: opts.values } : {}) };
  switch (lk) {
    case 'money':
    case 'decimal':
      return Type.Union([Type.Number(), Type.String({ pattern: '^-?\\d+(\\.\\d+)?$' }), Type.Null()], meta);
    case 'int':
    case 'days':
      return Type.Union([Type.Integer(), Type.String({ pattern: '^-?\\d+$' }), Type.Null()], meta);
    case 'date':
      return Type.Union([Type.String({ pattern: DATETIME }), Type.Null()], meta);
    case 'datetime':
      return Type.Union([Type.String({ pattern: DATETIME }), Type.Null()], meta);
    case 'bool':
      return Type.Union([Type.Boolean(), Type.String(), Type.Null()], meta);
    default:
      return Type.Union([Type.String(), Type.Number(), Type.Null()], meta);
  }
}
const opt = <T extends TSchema>(s: T) => Type.Optional(s);
const rec = (title: string, props: Record<string, TSchema>) => Type.Object(props, { title, additionalProperties: true });
const list = (title: string, item: TSchema) => Type.Array(item, { title });

export const Diag = rec('诊断信息', {
  diag_code: leaf('code', '诊断代码'),
  diag_name: opt(leaf('text', '诊断名称')),
  maindiag_flag: opt(leaf('code', '主诊断标志', { values: { '1': '是', '0': '否' } })),
});
export const Oprn = rec('手术操作信息', {
  oprn_oprt_code: leaf('code', '手术操作代码'),
  oprn_oprt_name: opt(leaf('text', '手术操作名称')),
  main_oprn_flag: opt(leaf('code', '主手术操作标志')),
  oprn_oprt_date: opt(leaf('datetime', '手术操作日期')),
});
export const FeeLine = rec('费用明细', {
  feedetl_sn: leaf('code', '费用明细流水号'),
  fee_ocur_time: opt(leaf('datetime', '费用发生时间')),
  med_list_codg: leaf('code', '医疗目录编码'),
  medins_list_codg: opt(leaf('code', '医药机构目录编码')),
  med_list_name: opt(leaf('text', '医疗目录名称')),
  cnt: leaf('decimal', '数量'),
  pric: opt(leaf('money', '单价')),
  det_item_fee_sumamt: leaf('money', '明细项目费用总额'),
  med_chrgitm_type: opt(leaf('code', '医疗收费项目类别', { values: { '01': '床位费', '02': '诊察费', '03': '检查费', '04': '化验费', '05': '治疗费', '06': '手术费', '07': '护理费', '08': '卫生材料费', '09': '西药费', '10': '中药饮片费', '11': '中成药费', '12': '一般诊疗费', '13': '挂号费', '14': '其他费' } })),
  chrgitm_lv: opt(leaf('code', '收费项目等级', { values: { '01': '甲类', '02': '乙类', '03': '丙类/全自费' } })),
  rxno: opt(leaf('code', '处方号')),
  drord_no: opt(leaf('code', '医嘱号')),
  prd_days: opt(leaf('days', '周期天数')),
  bilg_dept_codg: opt(leaf('code', '开单科室编码')),
  bilg_dr_codg: opt(leaf('code', '开单医生编码')),
  dscg_tkdrug_flag: opt(leaf('code', '出院带药标志')),
  tcmdrug_used_way: opt(leaf('code', '中药使用方式')),
  matn_fee_flag: opt(leaf('code', '生育费用标志')),
});
export const SetlInfo = rec('结算信息', {
  medfee_sumamt: opt(leaf('money', '医疗费总额')),
  hifp_pay: opt(leaf('money', '统筹基金支出')),
  fulamt_ownpay_amt: opt(leaf('money', '全自费金额')),
  preselfpay_amt: opt(leaf('money', '先行自付金额')),
  inscp_amt: opt(leaf('money', '符合政策范围金额')),
  psn_part_amt: opt(leaf('money', '个人负担总金额')),
});
const encounterFields = {
  mdtrt_id: leaf('code', '就诊ID'),
  setl_id: opt(leaf('code', '结算ID')),
  fixmedins_code: opt(leaf('code', '定点医药机构编号')),
  fixmedins_name: opt(leaf('text', '定点医药机构名称')),
  medins_lv: opt(leaf('code', '医疗机构等级', { values: { '1': '一级', '2': '二级', '3': '三级', '9': '未定级' } })),
  mdtrtarea_admvs: opt(leaf('code', '就医地医保区划')),
  med_type: leaf('code', '医疗类别', { values: { '11': '普通门诊', '12': '门诊挂号', '13': '急诊', '14': '门诊慢特病', '21': '普通住院', '41': '定点药店购药', '51': '生育门诊', '52': '生育住院' } }),
  internet_flag: opt(leaf('code', '互联网诊疗标志', { values: { '1': '是', '0': '否' } })),
  begntime: opt(leaf('datetime', '开始时间')),
  endtime: opt(leaf('datetime', '结束时间')),
  setl_time: opt(leaf('datetime', '结算时间')),
  dise_no: opt(leaf('code', '病种编号')),
  drg_code: opt(leaf('code', 'DRG/DIP 分组编码')),
  diseinfo: opt(list('诊断信息', Diag)),
  oprninfo: opt(list('手术操作信息', Oprn)),
  feedetail: opt(list('费用明细', FeeLine)),
  setlinfo: opt(SetlInfo),
};
export const Encounter = rec('就诊信息', encounterFields);
export const HistoryEncounter = rec('历史就诊', { ...encounterFields, mdtrt_id: opt(leaf('code', '就诊ID')) });
export const Patient = rec('参保人', {
  psn_no: opt(leaf('code', '人员编号')),
  psn_name: opt(leaf('text', '人员姓名')),
  gend: leaf('gender', '性别', { values: { '1': '男', '2': '女', '0': '未知', '9': '未说明' } }),
  brdy: opt(leaf('date', '出生日期')),
  insutype: opt(leaf('code', '险种类型', { values: { '310': '职工基本医疗保险', '390': '城乡居民基本医疗保险', '510': '生育保险' } })),
  insu_admdvs: opt(leaf('code', '参保地医保区划')),
});
export const AuditRequest = Type.Object(
  {
    request_id: opt(Type.Union([Type.String(), Type.Number()], { title: '请求ID' })),
    patient: Patient,
    encounter: Encounter,
    history: opt(list('历史就诊', HistoryEncounter)),
  },
  { additionalProperties: true, $id: 'LiangkuAuditRequest', title: '审核请求' },
);
export type AuditRequest = Static<typeof AuditRequest>;
