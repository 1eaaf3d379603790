// One knowledge table per NHSA rule class: name, Chinese title, key, typed columns lifted from prose.
import type { Cell } from './csv.js';
import type { KpRecord } from './load.js';
import {
  ageBand, childScope, drugGender, frequencyUnit, maxDays, minHospLevel, minIntervalDays, namedAgeBand, periodCount,
  serviceGender, visitType,
} from './extract.js';

export interface TypedColumn {
  readonly name: string;
  /** Type in our language, without the optional mark (every typed column is optional). */
  readonly type: string;
  readonly title: string;
  readonly get: (r: KpRecord) => Cell;
  /** Empty here means a local pack must supply the value before the rule can decide. */
  readonly needsLocal?: boolean;
  /** Set-valued: merged rows take the union instead of the first value. */
  readonly set?: boolean;
  readonly lock?: boolean;
}

export interface TableSpec {
  readonly name: string;
  readonly title: string;
  readonly ruleClass: string;
  /** Key columns (name, title); the pair table has two. */
  readonly keys: readonly { readonly name: string; readonly title: string }[];
  readonly nameTitle: string;
  /** The verbatim constraint text column. */
  readonly text: { readonly name: string; readonly title: string };
  readonly typed: readonly TypedColumn[];
}

const txt = (r: KpRecord): string => r.constraint ?? '';
const DRUG_KEY = [{ name: 'med_list_codg', title: '医保药品编码' }];
const SERVICE_KEY = [{ name: 'med_list_codg', title: '医疗服务项目编码' }];
const TCM_KEY = [{ name: 'med_list_codg', title: '中药饮片编码' }];
const CONSTRAINT = { name: 'constraint_text', title: '限定条件（原文）' };
const INDICATIONS = { name: 'indications', title: '限定支付范围（原文）' };

/** Restrictions that drug texts of several classes state in passing (updates mix level, visit type and days). */
const drugExtras = (lock: boolean): TypedColumn[] => [
  { name: 'min_hosp_level', type: 'int', title: '限医疗机构最低级别', get: (r) => minHospLevel(txt(r)), lock },
  { name: 'visit_type', type: 'code', title: '限就医方式', get: (r) => visitType(txt(r)), lock },
  { name: 'max_days', type: 'days', title: '限支付天数', get: (r) => maxDays(txt(r)), lock },
];

const ageCols = (needsLocal: boolean): TypedColumn[] => [
  { name: 'age_min', type: 'int', title: '限定最小年龄（岁）', get: (r) => ageBand(txt(r)).min, lock: true },
  { name: 'age_max', type: 'int', title: '限定最大年龄（岁）', get: (r) => ageBand(txt(r)).max, needsLocal, lock: true },
];

export const TABLES: readonly TableSpec[] = [
  {
    name: 'gender_drug', title: '药品区分性别使用', ruleClass: '药品区分性别使用', keys: DRUG_KEY, nameTitle: '药品名称',
    text: { name: 'indications', title: '功能主治/适应症（原文）' },
    typed: [
      { name: 'gender', type: 'gender', title: '限定性别', get: (r) => drugGender(r.item_name, txt(r)).gender, needsLocal: true, lock: true },
      { name: 'gender_basis', type: 'text', title: '性别判定依据（关键词）', get: (r) => drugGender(r.item_name, txt(r)).basis || undefined },
    ],
  },
  {
    name: 'gender_service', title: '医疗服务项目区分性别使用', ruleClass: '医疗服务项目区分性别使用', keys: SERVICE_KEY, nameTitle: '项目名称',
    text: CONSTRAINT,
    typed: [{ name: 'gender', type: 'gender', title: '限定性别', get: (r) => serviceGender(txt(r)), needsLocal: true, lock: true }],
  },
  {
    name: 'age_drug', title: '药品儿童专用', ruleClass: '药品儿童专用', keys: DRUG_KEY, nameTitle: '药品名称',
    text: { name: 'indications', title: '功能主治/适应症（原文）' },
    typed: ageCols(true),
  },
  {
    name: 'child_limit_drug', title: '药品限儿童使用', ruleClass: '药品限儿童使用', keys: DRUG_KEY, nameTitle: '药品名称',
    text: INDICATIONS,
    typed: ageCols(true),
  },
  {
    name: 'age_service', title: '医疗服务项目儿童专用', ruleClass: '医疗服务项目儿童专用', keys: SERVICE_KEY, nameTitle: '项目名称',
    text: CONSTRAINT,
    typed: [
      { name: 'child_scope', type: 'code', title: '适用人群（新生儿/小儿/儿童）', get: (r) => childScope(txt(r)), lock: true },
      ...ageCols(true),
    ],
  },
  {
    name: 'working_age_service', title: '医疗服务项目限年龄', ruleClass: '医疗服务项目限年龄', keys: SERVICE_KEY, nameTitle: '项目名称',
    text: CONSTRAINT,
    typed: [
      { name: 'age_band', type: 'text', title: '限定年龄段（原文用语）', get: (r) => namedAgeBand(txt(r)) },
      { name: 'age_min', type: 'int', title: '限定最小年龄（岁）', get: (r) => ageBand(txt(r)).min, needsLocal: true, lock: true },
      { name: 'age_max', type: 'int', title: '限定最大年龄（岁）', get: (r) => ageBand(txt(r)).max, needsLocal: true, lock: true },
    ],
  },
  {
    name: 'surgery_discount', title: '手术项目未按规定折价收费', ruleClass: '手术项目未按规定折价收费', keys: SERVICE_KEY, nameTitle: '手术项目名称',
    text: CONSTRAINT,
    typed: [{ name: 'incision_groups', type: 'set<code>', title: '同切口手术组别', get: (r) => (r.constraint ? [r.constraint.trim()] : undefined), set: true, lock: true }],
  },
  {
    name: 'injury_drug', title: '药品限工伤保险', ruleClass: '药品限工伤保险', keys: DRUG_KEY, nameTitle: '药品名称',
    text: CONSTRAINT, typed: [],
  },
  {
    name: 'maternity_drug', title: '药品限生育保险', ruleClass: '药品限生育保险', keys: DRUG_KEY, nameTitle: '药品名称',
    text: CONSTRAINT, typed: [],
  },
  {
    name: 'visit_type_drug', title: '药品限就医方式', ruleClass: '药品限就医方式', keys: DRUG_KEY, nameTitle: '药品名称',
    text: INDICATIONS,
    typed: [
      { name: 'visit_type', type: 'code', title: '限就医方式', get: (r) => visitType(txt(r)), needsLocal: true, lock: true },
      { name: 'min_hosp_level', type: 'int', title: '限医疗机构最低级别', get: (r) => minHospLevel(txt(r)), lock: true },
      { name: 'max_days', type: 'days', title: '限支付天数', get: (r) => maxDays(txt(r)), lock: true },
    ],
  },
  {
    name: 'hosp_level_drug', title: '药品限医疗机构级别', ruleClass: '药品限医疗机构级别', keys: DRUG_KEY, nameTitle: '药品名称',
    text: INDICATIONS,
    typed: [
      { name: 'min_hosp_level', type: 'int', title: '限医疗机构最低级别', get: (r) => minHospLevel(txt(r)), needsLocal: true, lock: true },
      { name: 'visit_type', type: 'code', title: '限就医方式', get: (r) => visitType(txt(r)), lock: true },
      { name: 'max_days', type: 'days', title: '限支付天数', get: (r) => maxDays(txt(r)), lock: true },
    ],
  },
  {
    name: 'course_drug', title: '药品限支付疗程', ruleClass: '药品限支付疗程', keys: DRUG_KEY, nameTitle: '药品名称',
    text: INDICATIONS,
    typed: [
      { name: 'max_days', type: 'days', title: '限支付天数', get: (r) => maxDays(txt(r)), needsLocal: true, lock: true },
      { name: 'min_hosp_level', type: 'int', title: '限医疗机构最低级别', get: (r) => minHospLevel(txt(r)), lock: true },
      { name: 'visit_type', type: 'code', title: '限就医方式', get: (r) => visitType(txt(r)), lock: true },
    ],
  },
  {
    name: 'second_line_drug', title: '药品限二线使用', ruleClass: '药品限二线使用', keys: DRUG_KEY, nameTitle: '药品名称',
    text: INDICATIONS, typed: drugExtras(true),
  },
  {
    name: 'drug_limit_scope', title: '药品限适应症（限定支付范围）', ruleClass: '药品限适应症', keys: DRUG_KEY, nameTitle: '药品名称',
    text: INDICATIONS, typed: drugExtras(true),
  },
  {
    name: 'internet_excluded_drug', title: '超互联网医院药品支付范围', ruleClass: '超互联网医院药品支付范围', keys: DRUG_KEY, nameTitle: '药品名称',
    text: CONSTRAINT, typed: [],
  },
  {
    name: 'tcm_single_excluded', title: '中药饮片单方使用不予支付', ruleClass: '中药饮片单方使用不予支付', keys: TCM_KEY, nameTitle: '饮片名称',
    text: CONSTRAINT, typed: [],
  },
  {
    name: 'tcm_excluded', title: '中药饮片单复方均不予支付', ruleClass: '中药饮片单复方均不予支付', keys: TCM_KEY, nameTitle: '饮片名称',
    text: CONSTRAINT, typed: [],
  },
  {
    name: 'service_mutex', title: '医疗服务项目重复收费', ruleClass: '医疗服务项目重复收费',
    keys: [{ name: 'med_list_codg', title: '医疗服务项目编码' }, { name: 'paired_codg', title: '不得同时收费的项目编码' }],
    nameTitle: '项目名称（A×B）',
    text: { name: 'connotation', title: '项目内涵（原文）' }, typed: [],
  },
  {
    name: 'service_frequency', title: '医疗服务项目限定频次', ruleClass: '医疗服务项目限定频次', keys: SERVICE_KEY, nameTitle: '项目名称',
    text: CONSTRAINT,
    typed: [
      { name: 'freq_unit', type: 'code', title: '计价单位（day/hour）', get: (r) => frequencyUnit(txt(r)), lock: true },
      { name: 'max_count', type: 'int', title: '每单位上限数量', get: () => undefined, needsLocal: true, lock: true },
    ],
  },
  {
    name: 'course_service', title: '医疗服务项目限支付疗程', ruleClass: '医疗服务项目限支付疗程', keys: SERVICE_KEY, nameTitle: '项目名称',
    text: CONSTRAINT,
    typed: [
      { name: 'max_days', type: 'days', title: '限支付天数', get: (r) => maxDays(txt(r)), needsLocal: true, lock: true },
      { name: 'min_interval_days', type: 'days', title: '最短间隔天数', get: (r) => minIntervalDays(txt(r)), lock: true },
      { name: 'freq_period', type: 'code', title: '频次周期', get: (r) => periodCount(txt(r))?.period, lock: true },
      { name: 'max_count', type: 'int', title: '周期内最多次数', get: (r) => periodCount(txt(r))?.count, lock: true },
    ],
  },
  {
    name: 'period_frequency_service', title: '医疗服务项目周期超频次', ruleClass: '医疗服务项目周期超频次', keys: SERVICE_KEY, nameTitle: '项目名称',
    text: CONSTRAINT,
    typed: [
      { name: 'min_interval_days', type: 'days', title: '最短间隔天数', get: (r) => minIntervalDays(txt(r)), lock: true },
      { name: 'freq_period', type: 'code', title: '频次周期', get: (r) => periodCount(txt(r))?.period, lock: true },
      { name: 'max_count', type: 'int', title: '周期内最多次数', get: (r) => periodCount(txt(r))?.count, lock: true },
    ],
  },
];

/** Period/count rows need either an interval or a count; the checker for that lives in build.ts. */
export const EITHER_NEEDED: Readonly<Record<string, readonly string[]>> = {
  period_frequency_service: ['min_interval_days', 'max_count'],
};
