// Diagnostic codes of the "layer" phase: folding overlays onto their bases (bounds, locks, reasons,
// knowledge rows). Overlay examples carry their base as `base/pack.lk`, found by its pack id.
import type { CatalogueEntry } from './entry.js';

const BASE = 'pack nhsa.audit 1.0.0 "国家" {\n  region "000000"\n}\n\nparam readmit_days "再入院间隔": days = 15 range 7 .. 31\n\nrule GZ0001 "示例" {\n  result suspicious\n  flag encounter\n}\n';
const TOP = 'pack jinan.audit 2024.5.0 "济南" extends nhsa.audit ^1.0 {\n  region "370100"\n}\n\n';
const overlay = (body: string, base = BASE, extra: Record<string, string> = {}) => ({ files: { 'pack.lk': `${TOP}${body}\n`, 'base/pack.lk': base, ...extra } });

export const layerCodes: readonly CatalogueEntry[] = [
  {
    code: 'layer/base-not-found',
    severity: 'error',
    title: { zh: '找不到基础包', en: 'base pack not found' },
    help: { zh: '基础包放在 rulepacks/ 下或本包的同级目录中，并检查版本范围', en: 'put base packs under rulepacks/ or next to this pack, and check the version range' },
    example: { files: { 'pack.lk': 'pack jinan.audit 2024.5.0 extends nhsa.audti ^1.0 {\n  region "370100"\n}\n' } },
  },
  {
    code: 'layer/extends-cycle',
    severity: 'error',
    title: { zh: '包的继承形成环', en: 'packs extend each other in a cycle' },
    example: overlay('', 'pack nhsa.audit 1.0.0 extends nhsa.audit ^1.0 {\n  region "000000"\n}\n'),
  },
  {
    code: 'layer/out-of-bounds',
    severity: 'error',
    title: { zh: '参数值超出上级包允许的范围', en: 'the value is outside the bounds the base allows' },
    example: overlay('set readmit_days = 45 because "本地化"'),
  },
  {
    code: 'layer/locked',
    severity: 'error',
    title: { zh: '已被上级包锁定', en: 'locked by a base pack' },
    help: { zh: '上级包用 lock 锁定的参数、规则和知识表列不能在本地修改', en: 'parameters, rules and knowledge columns a base locks cannot be changed locally' },
    example: overlay('set readmit_days = 14 because "本地化"', `${BASE}lock param readmit_days\n`),
  },
  {
    code: 'layer/missing-reason',
    severity: 'error',
    title: { zh: '本地化修改须写明原因', en: 'a local change needs a reason' },
    help: { zh: '在末尾加 because "依据或原因"；原因记入溯源', en: 'add because "reason or basis" at the end; it is recorded in the provenance' },
    example: overlay('disable GZ0001'),
  },
  {
    code: 'layer/row-exists',
    severity: 'error',
    title: { zh: '知识行已由上级包提供', en: 'the knowledge row is already provided by a base' },
    help: { zh: '要替换上级包的行，请用 `knowledge 表名 replace from "…"`', en: 'to replace a base row, use `knowledge TABLE replace from "…"`' },
    example: overlay(
      'knowledge drug add from "knowledge/jinan-drug.csv" because "本地补充"',
      'pack nhsa.audit 1.0.0 {\n  region "000000"\n}\n\nknowledge drug "药品" from "knowledge/drug.csv" {\n  key code: code\n  name: text\n}\n',
      { 'base/knowledge/drug.csv': 'code,name\nX01,阿莫西林\n', 'knowledge/jinan-drug.csv': 'code,name\nX01,阿莫西林胶囊\n' },
    ),
  },
];
