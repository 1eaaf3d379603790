// Diagnostic codes of the "parse" phase (text → AST). See entry.ts for the shape; every example is
// run by test/dsl/catalogue.test.ts to prove it triggers its code.
import type { CatalogueEntry } from './entry.js';

const pack = (body: string) => ({ files: { 'pack.lk': `pack demo.audit 1.0.0 {\n  region "000000"\n}\n\n${body}\n` } });

export const parseCodes: readonly CatalogueEntry[] = [
  {
    code: 'parse/unexpected-token',
    severity: 'error',
    title: { zh: '这里不应出现该内容', en: 'unexpected token' },
    help: { zh: '检查拼写和括号；每条语句以关键字开头（when、let、flag …）', en: 'check spelling and brackets; each statement starts with a keyword (when, let, flag …)' },
    example: pack('rule R1 "示例" {\n  when encounter.med_type == "21" "多余"\n}'),
  },
  {
    code: 'parse/expected',
    severity: 'error',
    title: { zh: '缺少必需的内容', en: 'something required is missing' },
    example: pack('param p "参数" int = 3'),
  },
  {
    code: 'parse/unknown-character',
    severity: 'error',
    title: { zh: '无法识别的字符', en: 'unknown character' },
    help: { zh: '常见原因是中文输入法的全角标点，如 `，` `（` `＝`', en: 'usually full-width punctuation from a Chinese IME, such as `，` `（` `＝`' },
    example: pack('rule R1 "示例" {\n  when encounter.med_type ＝ "21"\n}'),
  },
  {
    code: 'parse/unterminated-string',
    severity: 'error',
    title: { zh: '字符串缺少结尾引号', en: 'unterminated string' },
    example: pack('rule R1 "示例 {\n  result reminder\n}'),
  },
  {
    code: 'parse/bad-escape',
    severity: 'error',
    title: { zh: '无法识别的转义序列', en: 'unknown escape sequence' },
    example: pack('rule R1 "示例\\q" {\n  result reminder\n}'),
  },
  {
    code: 'parse/bad-template',
    severity: 'error',
    title: { zh: '消息模板的占位符有误', en: 'malformed template placeholder' },
    help: { zh: '占位符写作 `{表达式}`；字面花括号写作 `{{` 和 `}}`', en: 'a placeholder is `{expr}`; literal braces are `{{` and `}}`' },
    example: pack('rule R1 "示例" {\n  when true\n  say "金额 {encounter.medfee_sumamt"\n}'),
  },
  {
    code: 'parse/unknown-word',
    severity: 'error',
    title: { zh: '不是允许的取值', en: 'not one of the allowed words' },
    help: { zh: '审核结果、环节、场景、时间范围、状态各有固定取值（英文或中文均可）', en: 'grades, stages, scenes, windows and states have fixed words (English or Chinese)' },
    example: pack('rule R1 "示例" {\n  result definit\n}'),
  },
  {
    code: 'parse/bad-date',
    severity: 'error',
    title: { zh: '日期无效', en: 'invalid date' },
    example: pack('rule R1 "示例" {\n  effective 2024-02-30\n}'),
  },
  {
    code: 'parse/bad-version',
    severity: 'error',
    title: { zh: '版本号格式错误', en: 'malformed version' },
    example: { files: { 'pack.lk': 'pack demo.audit 1 {\n  region "000000"\n}\n' } },
  },
  {
    code: 'parse/duplicate-finding',
    severity: 'error',
    title: { zh: '规则有多个 flag 子句', en: 'a rule has more than one flag clause' },
    example: pack('rule R1 "示例" {\n  flag encounter\n  flag encounter\n}'),
  },
  {
    code: 'parse/duplicate-value',
    severity: 'error',
    title: { zh: '计算有多个 value', en: 'a computation has more than one value' },
    example: pack('compute c "示例": money {\n  value 1\n  value 2\n}'),
  },
  {
    code: 'parse/group-needs-by',
    severity: 'error',
    title: { zh: 'group(…) 缺少 by', en: 'group(…) without by' },
    example: pack('rule R1 "示例" {\n  for g in group(l for l in encounter.feedetail)\n  flag encounter\n}'),
  },
  {
    code: 'parse/unexpected-by',
    severity: 'error',
    title: { zh: '只有 group(…) 可以用 by', en: 'only group(…) takes by' },
    example: pack('rule R1 "示例" {\n  when sum(l.cnt for l in encounter.feedetail by l.med_list_codg) > 1\n  flag encounter\n}'),
  },
];
