// The enumerated words of the language and their Chinese aliases: one table read by the parser's
// CST → AST step, the formatter, the studio's completion and the docs.
import type { Grade, LifecycleState, Scene, Stage, Window } from './nodes.js';

export interface EnumSpec<T extends string> {
  readonly what: { readonly zh: string; readonly en: string };
  readonly values: readonly { readonly value: T; readonly zh: string }[];
}

export const grades: EnumSpec<Grade> = {
  what: { zh: '审核结果等级', en: 'result grade' },
  values: [
    { value: 'definite', zh: '明确违规' },
    { value: 'suspicious', zh: '可疑' },
    { value: 'reminder', zh: '提醒' },
  ],
};
export const stages: EnumSpec<Stage> = {
  what: { zh: '审核环节', en: 'stage' },
  values: [
    { value: 'pre', zh: '事前' },
    { value: 'mid', zh: '事中' },
    { value: 'post', zh: '事后' },
  ],
};
export const scenes: EnumSpec<Scene> = {
  what: { zh: '就医场景', en: 'scene' },
  values: [
    { value: 'outpatient', zh: '门诊' },
    { value: 'inpatient', zh: '住院' },
    { value: 'pharmacy', zh: '购药' },
    { value: 'internet', zh: '互联网' },
    { value: 'remote', zh: '异地' },
  ],
};
export const windows: EnumSpec<Window> = {
  what: { zh: '时间范围', en: 'time window' },
  values: [
    { value: 'encounter', zh: '当次' },
    { value: 'day', zh: '自然日' },
    { value: 'month', zh: '自然月' },
    { value: 'quarter', zh: '每季度' },
    { value: 'year', zh: '自然年' },
    { value: 'insurance_year', zh: '医保年度' },
    { value: 'history', zh: '历史' },
    { value: 'other', zh: '其他' },
  ],
};
export const lifecycleStates: EnumSpec<LifecycleState> = {
  what: { zh: '规则状态', en: 'rule state' },
  values: [
    { value: 'draft', zh: '草稿' },
    { value: 'shadow', zh: '影子' },
    { value: 'active', zh: '启用' },
    { value: 'retired', zh: '停用' },
  ],
};

/** The canonical value for an English word or a Chinese alias; null when neither. */
export function enumValue<T extends string>(spec: EnumSpec<T>, text: string): T | null {
  for (const v of spec.values) if (v.value === text || v.zh === text) return v.value;
  return null;
}

export const enumWords = <T extends string>(spec: EnumSpec<T>): string[] => spec.values.flatMap((v) => [v.value, v.zh]);
