// Diagnostic codes of the "knowledge" phase: reading knowledge rows from CSV/JSON/XLSX files. Every
// message names the file and the row (and the column where there is one).
import type { CatalogueEntry } from './entry.js';

const table = (from: string, cols = '  key code: code\n  days: int') =>
  `pack demo.audit 1.0.0 {\n  region "000000"\n}\n\nknowledge course "限定疗程" from "${from}" {\n${cols}\n}\n`;

export const knowledgeCodes: readonly CatalogueEntry[] = [
  {
    code: 'knowledge/missing-file',
    severity: 'error',
    title: { zh: '找不到知识文件', en: 'knowledge file not found' },
    help: { zh: '路径相对于包目录', en: 'paths are relative to the pack directory' },
    example: { files: { 'pack.lk': table('knowledge/course.csv') } },
  },
  {
    code: 'knowledge/bad-file',
    severity: 'error',
    title: { zh: '知识文件格式错误', en: 'malformed knowledge file' },
    example: { files: { 'pack.lk': table('knowledge/course.json'), 'knowledge/course.json': '[{"code": "X01", "days": 7},' } },
  },
  {
    code: 'knowledge/missing-column',
    severity: 'error',
    title: { zh: '知识文件缺少列', en: 'the knowledge file lacks a column' },
    example: { files: { 'pack.lk': table('knowledge/course.csv'), 'knowledge/course.csv': 'code,name\nX01,阿莫西林\n' } },
  },
  {
    code: 'knowledge/bad-cell',
    severity: 'error',
    title: { zh: '单元格的值不符合列类型', en: 'a cell does not match its column type' },
    example: { files: { 'pack.lk': table('knowledge/course.csv'), 'knowledge/course.csv': 'code,days\nX01,7\nX02,七天\n' } },
  },
  {
    code: 'knowledge/duplicate-key',
    severity: 'error',
    title: { zh: '同一有效期内键重复', en: 'a key appears twice in the same period' },
    help: { zh: '同一键的多行须用 valid_from/valid_to 分开有效期', en: 'rows sharing a key need non-overlapping valid_from/valid_to periods' },
    example: { files: { 'pack.lk': table('knowledge/course.csv'), 'knowledge/course.csv': 'code,days\nX01,7\nX01,14\n' } },
  },
];
