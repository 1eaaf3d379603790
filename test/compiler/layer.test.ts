// Layering: overlays change inherited parameters, rules and knowledge within the bounds and locks
// their bases set, every change needs a reason where the policy says so, and provenance records
// which layer, file and reason produced each value.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codes, compileFiles, errors, underlined } from './helpers.js';

const NATIONAL = `pack nhsa.audit 1.0.0 "国家" {
  region "000000"
}

param readmit_days "再入院间隔": days = 15 range 7 .. 31
param ratio "支付比例": decimal = 55% range 0% .. 100%

knowledge drug "药品" from "knowledge/drug.csv" {
  key code: code
  name: text
  age_max: int?
  lock age_max
}

rule GZ0001 "分解住院" {
  result suspicious
  stages mid, post
  flag encounter
}

rule GZ0002 "超限定年龄" {
  result definite
  for l in encounter.feedetail
  let k = drug[l.med_list_codg]
  when k.age_max != none
  flag l
}
`;
const DRUG_CSV = 'code,name,age_max\nX01,阿莫西林,\nX02,咪达唑仑,14\n';
const TOP = 'pack jinan.audit 2024.5.0 "济南" extends nhsa.audit ^1.0 {\n  region "370100"\n}\n';

async function overlay(body: string, extra: Record<string, string> = {}, base = NATIONAL) {
  const files = { 'base/pack.lk': base, 'base/knowledge/drug.csv': DRUG_CSV, 'pack.lk': `${TOP}${body}\n`, ...extra };
  const r = await compileFiles(files);
  return { r, files, art: r.value.artifact, at: (code: string) => r.diagnostics.filter((d) => d.code === code).map((d) => underlined(d, files)) };
}
const param = (art: unknown, name: string) => (art as { params: { name: string }[] }).params.find((p) => p.name === name) as unknown as Record<string, unknown> & { provenance: Record<string, unknown>[] };
const ruleOf = (art: unknown, code: string) => (art as { rules: { code: string }[] }).rules.find((r) => r.code === code) as unknown as Record<string, unknown> & { provenance: Record<string, unknown>[] };

describe('set', () => {
  it('within bounds: the value changes and provenance records layer, file, span and reason', async () => {
    const { r, art, files } = await overlay('set readmit_days = 14 because "济医保发〔2024〕2号"');
    expect(errors(r.diagnostics)).toEqual([]);
    const p = param(art, 'readmit_days');
    expect(p.value).toBe(14);
    expect(p.provenance.map((x) => [x.layer, x.action, x.file, x.reason])).toEqual([
      ['nhsa.audit@1.0.0', 'declare', 'pack.lk', null],
      ['jinan.audit@2024.5.0', 'set', 'pack.lk', '济医保发〔2024〕2号'],
    ]);
    const span = p.provenance[1]!.span as { start: number; end: number };
    expect(files['pack.lk'].slice(span.start, span.end)).toBe('set readmit_days = 14 because "济医保发〔2024〕2号"');
  });

  it('at the bounds is allowed; outside is refused with the bound and the layer that set it', async () => {
    expect(errors((await overlay('set readmit_days = 31 because "上限"')).r.diagnostics)).toEqual([]);
    expect(errors((await overlay('set readmit_days = 7 because "下限"')).r.diagnostics)).toEqual([]);
    const { r, at } = await overlay('set readmit_days = 45 because "本地化"');
    expect(codes(r.diagnostics)).toEqual(['layer/out-of-bounds']);
    expect(at('layer/out-of-bounds')[0]).toContain('set readmit_days = 45');
    expect(r.diagnostics[0]!.message.en).toContain('7 .. 31');
    expect(r.diagnostics[0]!.message.en).toContain('nhsa.audit@1.0.0');
    expect(r.value.artifact).toBeUndefined();
  });

  it('decimal bounds compare exactly (percent)', async () => {
    expect(errors((await overlay('set ratio = 100% because "全额"')).r.diagnostics)).toEqual([]);
    expect(codes((await overlay('set ratio = 100.01% because "超"')).r.diagnostics)).toEqual(['layer/out-of-bounds']);
  });

  it('needs a reason', async () => {
    const { r, at } = await overlay('set readmit_days = 14');
    expect(codes(r.diagnostics)).toEqual(['layer/missing-reason']);
    expect(at('layer/missing-reason')).toEqual(['set readmit_days = 14']);
  });

  it('a locked parameter cannot be set; the name is underlined', async () => {
    const { r, at } = await overlay('set readmit_days = 14 because "本地化"', {}, `${NATIONAL}lock param readmit_days\n`);
    expect(codes(r.diagnostics)).toEqual(['layer/locked']);
    expect(at('layer/locked')).toEqual(['readmit_days']);
  });

  it('a layer may change its own parameter before locking it', async () => {
    const { r, art } = await overlay('set readmit_days = 20 because "先改"\nlock param readmit_days');
    expect(errors(r.diagnostics)).toEqual([]);
    expect(param(art, 'readmit_days')).toMatchObject({ value: 20, locked: true });
  });

  it('an unknown parameter is a check error with did-you-mean', async () => {
    const { r, at } = await overlay('set readmit_day = 14 because "x"');
    expect(codes(r.diagnostics)).toEqual(['check/unknown-param']);
    expect(at('check/unknown-param')).toEqual(['readmit_day']);
    expect(r.diagnostics[0]!.fixes?.[0]?.edits[0]?.text).toBe('readmit_days');
  });
});

describe('rule changes', () => {
  it('disable needs a reason', async () => {
    const { r, at } = await overlay('disable GZ0001');
    expect(codes(r.diagnostics)).toEqual(['layer/missing-reason']);
    expect(at('layer/missing-reason')).toEqual(['disable GZ0001']);
  });

  it('disable keeps the rule, retired, with the reason and a disable provenance entry', async () => {
    const { r, art } = await overlay('disable GZ0001 because "假阳性率 41%"');
    expect(errors(r.diagnostics)).toEqual([]);
    const rule = ruleOf(art, 'GZ0001');
    expect(rule).toMatchObject({ state: 'retired', stateReason: '假阳性率 41%' });
    expect(rule.provenance.at(-1)).toMatchObject({ layer: 'jinan.audit@2024.5.0', action: 'disable', reason: '假阳性率 41%', file: 'pack.lk' });
  });

  it('regrade per stage sets only those stages; without `in` it changes the result', async () => {
    const per = await overlay('regrade GZ0001 to reminder in pre, 事中');
    expect(errors(per.r.diagnostics)).toEqual([]);
    expect(ruleOf(per.art, 'GZ0001')).toMatchObject({ result: 'suspicious', stageResults: { pre: 'reminder', mid: 'reminder' } });
    expect(Object.keys(ruleOf(per.art, 'GZ0001').stageResults as object).sort()).toEqual(['mid', 'pre']);
    const all = await overlay('regrade GZ0001 to 明确违规');
    expect(ruleOf(all.art, 'GZ0001')).toMatchObject({ result: 'definite', stageResults: {} });
    expect(ruleOf(all.art, 'GZ0001').provenance.at(-1)).toMatchObject({ action: 'regrade' });
  });

  it('restage and state', async () => {
    const { r, art } = await overlay('restage GZ0001 stages post scenes inpatient because "仅事后"\nstate GZ0002 shadow because "试运行"');
    expect(errors(r.diagnostics)).toEqual([]);
    expect(ruleOf(art, 'GZ0001')).toMatchObject({ stages: ['post'], scenes: ['inpatient'] });
    expect(ruleOf(art, 'GZ0002')).toMatchObject({ state: 'shadow', stateReason: '试运行' });
    expect(codes((await overlay('state GZ0002 retired')).r.diagnostics)).toEqual(['layer/missing-reason']);
  });

  it('a locked rule cannot be changed by a child layer', async () => {
    const { r, at } = await overlay('regrade GZ0001 to reminder', {}, `${NATIONAL}lock rule GZ0001\n`);
    expect(codes(r.diagnostics)).toEqual(['layer/locked']);
    expect(at('layer/locked')).toEqual(['GZ0001']);
  });

  it('redefining an inherited rule code is refused; an unknown code suggests the closest', async () => {
    expect(codes((await overlay('rule GZ0001 "重复" {\n  result reminder\n  flag encounter\n}')).r.diagnostics)).toEqual(['check/duplicate-rule']);
    const { r, at } = await overlay('disable GZ0003 because "x"');
    expect(codes(r.diagnostics)).toEqual(['check/unknown-rule']);
    expect(at('check/unknown-rule')).toEqual(['GZ0003']);
  });

  it('overlay rules come after base rules, in declaration order', async () => {
    const { art } = await overlay('rule JN0002 "乙" {\n  result reminder\n  flag encounter\n}\nrule JN0001 "甲" {\n  result reminder\n  flag encounter\n}');
    expect((art as { rules: { code: string }[] }).rules.map((x) => x.code)).toEqual(['GZ0001', 'GZ0002', 'JN0002', 'JN0001']);
  });
});

describe('knowledge rows', () => {
  const rowsOf = (art: unknown) => (art as { tables: { name: string; rows: unknown[][]; rowProvenance: number[]; provenance: Record<string, unknown>[] }[] }).tables.find((t) => t.name === 'drug')!;

  it('add new keys: rows appended with provenance of the adding layer', async () => {
    const { r, art } = await overlay('knowledge drug add from "knowledge/jn.csv" because "本地目录"', { 'knowledge/jn.csv': 'code,name,age_max\nJN01,本地药,\n' });
    expect(errors(r.diagnostics)).toEqual([]);
    const t = rowsOf(art);
    expect(t.rows.map((x) => x[0])).toEqual(['X01', 'X02', 'JN01']);
    const prov = t.provenance[t.rowProvenance[2]!]!;
    expect(prov).toMatchObject({ layer: 'jinan.audit@2024.5.0', action: 'add', file: 'knowledge/jn.csv', reason: '本地目录' });
  });

  it('add an existing key is refused and names the row; replace is the way', async () => {
    const { r } = await overlay('knowledge drug add from "knowledge/jn.csv"', { 'knowledge/jn.csv': 'code,name,age_max\nX01,阿莫西林胶囊,\n' });
    expect(codes(r.diagnostics)).toEqual(['layer/row-exists']);
    expect(r.diagnostics[0]!.file).toBe('ex/knowledge/jn.csv');
    expect(r.diagnostics[0]!.message.en).toContain('row 2');
    expect(r.diagnostics[0]!.message.en).toContain('replace');
  });

  it('replace changes unlocked columns', async () => {
    const { r, art } = await overlay('knowledge drug replace from "knowledge/jn.csv" because "更名"', { 'knowledge/jn.csv': 'code,name,age_max\nX01,阿莫西林胶囊,\n' });
    expect(errors(r.diagnostics)).toEqual([]);
    const t = rowsOf(art);
    expect(t.rows.filter((x) => x[0] === 'X01')).toEqual([['X01', '阿莫西林胶囊', null]]);
    expect(t.rows).toHaveLength(2);
  });

  it('replace cannot change a locked column', async () => {
    const { r } = await overlay('knowledge drug replace from "knowledge/jn.csv" because "放宽"', { 'knowledge/jn.csv': 'code,name,age_max\nX02,咪达唑仑,18\n' });
    expect(codes(r.diagnostics)).toEqual(['layer/locked']);
    expect(r.diagnostics[0]!.message.en).toContain('age_max');
    expect(r.diagnostics[0]!.message.en).toContain('row 2');
  });

  it('lock knowledge columns in a middle layer binds the next layer', async () => {
    const mid = 'pack shandong.audit 2024.1.0 extends nhsa.audit ^1.0 {\n  region "370000"\n}\nlock knowledge drug columns name\n';
    const files = {
      'base/pack.lk': NATIONAL,
      'base/knowledge/drug.csv': DRUG_CSV,
      'base2/pack.lk': mid,
      'pack.lk': 'pack jinan.audit 2024.5.0 extends shandong.audit ^2024.1 {\n  region "370100"\n}\nknowledge drug replace from "knowledge/jn.csv" because "更名"\n',
      'knowledge/jn.csv': 'code,name,age_max\nX01,阿莫西林胶囊,\n',
    };
    const r = await compileFiles(files);
    expect(codes(r.diagnostics)).toEqual(['layer/locked']);
    expect(r.diagnostics[0]!.message.en).toContain('name');
  });
});

describe('a three-layer chain', () => {
  const files = {
    'base/pack.lk': NATIONAL,
    'base/knowledge/drug.csv': DRUG_CSV,
    'base2/pack.lk': 'pack shandong.audit 2024.1.0 "山东" extends nhsa.audit ^1.0 {\n  region "370000"\n}\nset readmit_days = 20 because "省级"\nregrade GZ0001 to reminder in pre\n',
    'pack.lk': 'pack jinan.audit 2024.5.0 "济南" extends shandong.audit ^2024.1 {\n  region "370100"\n}\nset readmit_days = 14 because "市级"\ndisable GZ0002 because "停用"\n',
  };

  it('folds national → province → city with the full provenance history', async () => {
    const r = await compileFiles(files);
    expect(errors(r.diagnostics)).toEqual([]);
    const art = r.value.artifact!;
    expect(art.manifest.layers.map((l) => `${l.id}@${l.version}`)).toEqual(['nhsa.audit@1.0.0', 'shandong.audit@2024.1.0', 'jinan.audit@2024.5.0']);
    expect(art.manifest.id).toBe('jinan.audit');
    expect(art.manifest.files).toEqual(['nhsa.audit/pack.lk', 'shandong.audit/pack.lk', 'jinan.audit/pack.lk']);
    const p = param(art, 'readmit_days');
    expect(p.value).toBe(14);
    expect(p.provenance.map((x) => `${x.layer}:${x.action}:${x.reason ?? ''}`)).toEqual(['nhsa.audit@1.0.0:declare:', 'shandong.audit@2024.1.0:set:省级', 'jinan.audit@2024.5.0:set:市级']);
    expect(ruleOf(art, 'GZ0001')).toMatchObject({ stageResults: { pre: 'reminder' } });
    expect(ruleOf(art, 'GZ0002')).toMatchObject({ state: 'retired', stateReason: '停用' });
    expect(r.value.layers).toHaveLength(3);
  });

  it('the city cannot leave the national bounds either', async () => {
    const r = await compileFiles({ ...files, 'pack.lk': files['pack.lk'].replace('= 14', '= 32') });
    expect(codes(r.diagnostics)).toEqual(['layer/out-of-bounds']);
  });
});

describe('the language sketch (national + Jinan overlay) compiles', () => {
  it('with the Jinan changes applied', async () => {
    const read = (p: string) => readFileSync(new URL(`../fixtures/sketch/${p}`, import.meta.url).pathname, 'utf8');
    const r = await compileFiles({
      'base/pack.lk': read('national/pack.lk'),
      'base/knowledge/drug_limit.csv': read('national/knowledge/drug_limit.csv'),
      'pack.lk': read('jinan/pack.lk'),
      'knowledge/jinan-drug-limit.csv': read('jinan/knowledge/jinan-drug-limit.csv'),
    });
    expect(errors(r.diagnostics).map((d) => d.message.en)).toEqual([]);
    const art = r.value.artifact!;
    expect(param(art, 'readmit_window_days').value).toBe(14);
    expect(ruleOf(art, 'GZ10000202004000')).toMatchObject({ state: 'retired' });
    expect(ruleOf(art, 'GZ10000204002000')).toMatchObject({ result: 'definite', stageResults: { pre: 'reminder' } });
    expect((art.tables.find((t) => t.name === 'drug_limit')!.rows as unknown[][]).map((x) => x[0])).toContain('XJN0000001');
    expect(art.rules.map((x) => x.code).at(-1)).toBe('JN0001');
  });
});
