// The studio's language service without a browser: the same pure functions the web worker runs,
// over the bundled packs read from disk (knowledge CSVs left out, as in the browser).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LanguageService } from '../../studio/worker/service.js';
import { monarchLanguage } from '../../studio/monaco/monarch.js';
import { keywordWords, hardKeywordWords } from '../../dsl/lex/tokens.js';

const ROOT = join(import.meta.dirname, '..', '..', 'rulepacks');

function packFiles(dir: string, root = dir, out: Record<string, string> = {}): Record<string, string> {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) {
      if (f !== 'knowledge') packFiles(p, root, out);
    } else if (/\.(lk|json)$/.test(f)) out[relative(root, p).split('\\').join('/')] = readFileSync(p, 'utf8');
  }
  return out;
}

const PACKS = readdirSync(ROOT).filter((n) => statSync(join(ROOT, n)).isDirectory()).map((n) => ({ label: `rulepacks/${n}`, files: packFiles(join(ROOT, n)) }));
const DRUG = 'rulepacks/national/rules/drug-policy.lk';
const SHANXI = 'rulepacks/shanxi/pack.lk';

/** Offset just after the first `marker` (tests point at text, not raw offsets). */
const after = (text: string, marker: string): number => {
  const i = text.indexOf(marker);
  if (i < 0) throw new Error(`marker not found: ${marker}`);
  return i + marker.length;
};

describe('studio language service', () => {
  let svc: LanguageService;
  beforeEach(() => {
    svc = new LanguageService();
    svc.setWorkspace(PACKS);
  });

  it('checks the bundled packs clean, bases resolved by id', async () => {
    for (const label of ['rulepacks/national', 'rulepacks/shanxi', 'rulepacks/xinzhou']) {
      const a = await svc.analyze(label);
      expect(a.diagnostics.filter((d) => d.severity === 'error'), label).toEqual([]);
    }
    expect((await svc.analyze('rulepacks/xinzhou')).chain).toEqual(['rulepacks/national', 'rulepacks/shanxi', 'rulepacks/xinzhou']);
  });

  it('reports an unknown field with a did-you-mean fix that underlines exactly the name', async () => {
    const text = svc.text(DRUG)!;
    const broken = text.replace('line.med_list_codg', 'line.med_list_code');
    svc.updateFile(DRUG, broken);
    const ds = (await svc.analyze('rulepacks/national')).diagnostics.filter((d) => d.file === DRUG);
    expect(ds).toHaveLength(1);
    const d = ds[0]!;
    expect(broken.slice(d.span.start, d.span.end)).toBe('med_list_code');
    expect(d.fixes?.[0]?.edits).toEqual([{ span: d.span, text: 'med_list_codg' }]);
    // Applying the fix makes the pack clean again.
    const fixed = broken.slice(0, d.span.start) + d.fixes![0]!.edits[0]!.text + broken.slice(d.span.end);
    svc.updateFile(DRUG, fixed);
    expect((await svc.analyze('rulepacks/national')).diagnostics.filter((d) => d.file === DRUG)).toEqual([]);
  });

  it('completes claim fields after `encounter.` with their Chinese titles', async () => {
    const text = svc.text(DRUG)!;
    const at = after(text, 'for line in encounter.');
    const items = await svc.complete(DRUG, at);
    const medType = items.find((i) => i.label === 'med_type');
    expect(medType).toMatchObject({ kind: 'field', detail: '医疗类别' });
    expect(items.every((i) => i.kind === 'field')).toBe(true);
    expect(items.find((i) => i.label === 'feedetail')).toBeDefined();
  });

  it('completes a loop variable and a knowledge row by their types', async () => {
    const text = svc.text(DRUG)!;
    const line = await svc.complete(DRUG, after(text, 'injury_drug[line.'));
    expect(line.map((i) => i.label)).toContain('med_list_codg');
    expect(line.map((i) => i.label)).toContain('det_item_fee_sumamt');
    // `k` is `injury_drug[…]`: its columns.
    const k = await svc.complete(DRUG, after(text, '{k.'));
    expect(k.map((i) => i.label)).toContain('item_name');
    // A comprehension variable bound later on the same line (`sum(l.x for l in lines …)`).
    const sx = svc.text(SHANXI)!;
    const l = await svc.complete(SHANXI, after(sx, 'where l.'));
    expect(l.find((i) => i.label === 'chrgitm_lv')?.detail).toBeTruthy();
  });

  it('completes names: params with titles, keywords from the lexer, tables, rule codes', async () => {
    const sx = svc.text(SHANXI)!;
    const items = await svc.complete(SHANXI, after(sx, 'when pooling_used >= ') );
    const labels = new Set(items.map((i) => i.label));
    expect(items.find((i) => i.label === 'annual_limit')).toMatchObject({ kind: 'param', detail: '居民门诊统筹年度支付限额' });
    for (const k of keywordWords) expect(labels.has(k), k).toBe(true);
    expect(items.some((i) => i.kind === 'table')).toBe(true);
    expect(items.some((i) => i.kind === 'rule' && i.label === 'SX0001')).toBe(true);
  });

  it('hovers a field with its title and values, and a parameter with value, bounds and the layer that set it', async () => {
    const text = svc.text(DRUG)!;
    const h = await svc.hover(DRUG, after(text, 'encounter.med_ty'));
    expect(h?.markdown.join('\n')).toMatch(/医疗类别[\s\S]*`11` 普通门诊/);
    const xz = 'rulepacks/xinzhou/pack.lk';
    const p = await svc.hover(xz, after(svc.text(xz)!, 'set family_doc'));
    const md = p!.markdown.join('\n');
    expect(md).toContain('family_doctor_ratio');
    expect(md).toMatch(/生效值 effective: \*\*0\.6\*\*/);
    expect(md).toMatch(/范围 range: 0 \.\. 1/);
    expect(md).toMatch(/设置于 xinzhou\.outpatient@2024\.1\.0: 0\.6 — 忻医保发/);
  });

  it('views parameters by layer and the diff against the base', async () => {
    const a = await svc.analyze('rulepacks/xinzhou');
    const p = a.params.find((x) => x.name === 'family_doctor_ratio')!;
    expect(p.history.map((h) => [h.layer, h.action, h.value])).toEqual([
      ['shanxi.outpatient@2024.1.0', 'declare', null],
      ['xinzhou.outpatient@2024.1.0', 'set', '0.6'],
    ]);
    expect(a.diff).toEqual([expect.objectContaining({ kind: 'set', target: 'family_doctor_ratio', before: 'none', after: '0.6', file: 'rulepacks/xinzhou/pack.lk' })]);
    const xzText = svc.text('rulepacks/xinzhou/pack.lk')!;
    expect(xzText.slice(a.diff[0]!.start)).toMatch(/^set family_doctor_ratio/);
    expect(a.tests.map((t) => t.name)).toHaveLength(3);
  });

  it('lists document symbols by declaration', () => {
    const syms = svc.symbols(SHANXI);
    expect(syms[0]).toMatchObject({ kind: 'pack', name: 'shanxi.outpatient' });
    expect(syms.find((s) => s.kind === 'rule' && s.name === 'SX0001')).toBeDefined();
    expect(syms.find((s) => s.kind === 'input' && s.name === 'encounter.fee_price_class')?.detail).toBe('定点医疗机构门诊收费价格类别');
  });

  it('formats only files that parse', async () => {
    const f = await svc.format(SHANXI);
    expect(f === null || f.includes('pack shanxi.outpatient')).toBe(true);
    svc.updateFile(SHANXI, 'rule {{{');
    expect(await svc.format(SHANXI)).toBeNull();
  });

  it('never throws on any text at any offset (completion and hover)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), fc.nat(), async (junk, n) => {
        const base = svc.text(SHANXI)!;
        const cut = n % base.length;
        const text = base.slice(0, cut) + junk + base.slice(cut);
        svc.updateFile(SHANXI, text);
        const at = Math.min(text.length, cut + junk.length);
        await svc.complete(SHANXI, at);
        await svc.hover(SHANXI, at);
      }),
      { numRuns: 12 },
    );
  });

  it('creates a pack for a file outside the workspace (an embedded editor)', async () => {
    svc.updateFile('mine/city.lk', 'pack mine.city 1.0.0 "测试" extends shanxi.outpatient ^2024.1 {\n}\nset annual_limit = 5000 because "超出范围"\n');
    const a = await svc.analyze('mine');
    expect(a.chain).toEqual(['rulepacks/national', 'rulepacks/shanxi', 'mine']);
    expect(a.diagnostics.some((d) => d.severity === 'error' && d.file === 'mine/city.lk')).toBe(true);
  });
});

describe('Monarch grammar from the lexer vocabulary', () => {
  it('holds every keyword of the lexer, hard ones apart', () => {
    const m = monarchLanguage() as unknown as { hardKeywords: string[]; softKeywords: string[]; enumWords: string[] };
    expect(new Set([...m.hardKeywords, ...m.softKeywords])).toEqual(new Set(keywordWords));
    expect(new Set(m.hardKeywords)).toEqual(new Set(hardKeywordWords));
    expect(m.enumWords).toContain('definite');
    expect(m.enumWords).toContain('明确违规');
  });
});

describe('parameter bounds in the studio', () => {
  it('reports a parameter set beyond its bounds on the value', async () => {
    const svc = new LanguageService();
    svc.setWorkspace(PACKS);
    const xz = 'rulepacks/xinzhou/pack.lk';
    const text = svc.text(xz)!.replace('set family_doctor_ratio = 60%', 'set family_doctor_ratio = 160%');
    svc.updateFile(xz, text);
    const errs = (await svc.analyze('rulepacks/xinzhou')).diagnostics.filter((d) => d.severity === 'error' && d.file === xz);
    expect(errs.length).toBeGreaterThan(0);
    expect(errs.some((d) => text.slice(d.span.start, d.span.end).includes('160%'))).toBe(true);
  });
});
