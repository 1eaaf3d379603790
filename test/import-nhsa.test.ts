import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importNhsa, main } from '../scripts/import-nhsa.js';
import { parseCsv, toCsv } from '../scripts/nhsa/csv.js';
import { ageBand, drugGender, maxDays, minHospLevel, minIntervalDays, periodCount, visitType } from '../scripts/nhsa/extract.js';

const DATA = join(import.meta.dirname, '..', '..', 'shared', 'data', 'nhsa-knowledge');
// The NHSA source material lives beside the checkout (../shared), not in it: a checkout without it
// skips the import run (the committed CSVs are still checked by the national pack's tests).
const HAVE_DATA = existsSync(join(DATA, 'official_rules_catalog.json'));
if (!HAVE_DATA) console.warn(`import-nhsa tests: ${DATA} is not here; the import run is skipped`);

type Row = Record<string, string>;

function readTable(packDir: string, name: string): Row[] {
  const [header, ...rows] = parseCsv(readFileSync(join(packDir, 'knowledge', `${name}.csv`), 'utf8'));
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

/** The row a runtime lookup would return on `date` (valid_from ≤ date ≤ valid_to, open ends). */
function inForce(rows: readonly Row[], key: string, date: string): Row[] {
  return rows.filter((r) => r.med_list_codg === key && (r.valid_from === '' || r.valid_from <= date) && (r.valid_to === '' || date <= r.valid_to));
}

function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

const dirs: string[] = [];
let packA = '';
let packB = '';
let tables: string[] = [];

beforeAll(() => {
  if (!HAVE_DATA) return;
  packA = mkdtempSync(join(tmpdir(), 'nhsa-a-'));
  packB = mkdtempSync(join(tmpdir(), 'nhsa-b-'));
  dirs.push(packA, packB);
  importNhsa({ input: DATA, packDir: packA });
  importNhsa({ input: DATA, packDir: packB });
  tables = readdirSync(join(packA, 'knowledge')).filter((f) => f.endsWith('.csv')).map((f) => f.replace(/\.csv$/, '')).sort();
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.skipIf(!HAVE_DATA)('import-nhsa output tables', () => {
  it('writes one table per knowledge class with the expected names', () => {
    expect(tables).toEqual(expect.arrayContaining(['drug_limit_scope', 'gender_drug', 'gender_service', 'age_drug', 'service_mutex', 'course_drug', 'hosp_level_drug']));
    expect(tables).toHaveLength(21);
  });

  it('has one row per key and validity period, and at most one row in force per key on any date', () => {
    for (const t of tables) {
      const rows = readTable(packA, t);
      const keyOf = (r: Row): string => (t === 'service_mutex' ? `${r.med_list_codg}|${r.paired_codg}` : r.med_list_codg!);
      const seen = new Set<string>();
      for (const r of rows) {
        const k = `${keyOf(r)}@${r.valid_from}`;
        expect(seen.has(k), `${t} duplicate ${k}`).toBe(false);
        seen.add(k);
      }
      const perKey = new Map<string, Row[]>();
      for (const r of rows) perKey.set(keyOf(r), [...(perKey.get(keyOf(r)) ?? []), r]);
      for (const [k, rs] of perKey) {
        expect(rs.length, `${t} ${k}`).toBeLessThanOrEqual(2);
        for (const date of ['2025-06-01', '2026-01-27', '2026-01-28', '2026-06-01']) {
          const live = rs.filter((r) => (r.valid_from === '' || r.valid_from <= date) && (r.valid_to === '' || date <= r.valid_to));
          expect(live.length, `${t} ${k} on ${date}`).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('keeps a 2026-01 superseded code as two rows with adjacent validity', () => {
    const rows = readTable(packA, 'gender_drug').filter((r) => r.med_list_codg === 'XL02BBA326A001010102180'); // 阿帕他胺片
    expect(rows).toHaveLength(2);
    const [old, neu] = rows[0]!.valid_from === '' ? [rows[0]!, rows[1]!] : [rows[1]!, rows[0]!];
    expect(neu.valid_from).toBe('2026-01-28');
    expect(old.valid_to).toBe(dayBefore(neu.valid_from!));
    expect(neu.supersedes).toBe('XL02BBA326A001010102180');
    expect(old.batch).toBe('batch_01');
    expect(neu.batch).toBe('updates_2026-01');
    expect(inForce(rows, 'XL02BBA326A001010102180', '2025-10-01')[0]!.kp_id).toBe(old.kp_id);
    expect(inForce(rows, 'XL02BBA326A001010102180', '2026-03-01')[0]!.kp_id).toBe(neu.kp_id);
  });

  it('every superseding row has an old row that ends the day before it starts', () => {
    for (const t of tables) {
      const rows = readTable(packA, t);
      for (const r of rows.filter((x) => x.supersedes !== '')) {
        const old = rows.filter((x) => x.med_list_codg === r.supersedes && x.valid_to !== '');
        expect(old, `${t} ${r.med_list_codg}`).toHaveLength(1);
        expect(old[0]!.valid_to).toBe(dayBefore(r.valid_from!));
      }
    }
  });

  it('replaces a code the revision moved to a renamed item even without the upstream name link', () => {
    // 小儿清热止咳口服液 (batch 1) became 小儿清热止咳合剂(小儿清热止咳口服液) in 2026-01; upstream links them by name only.
    const rows = readTable(packA, 'age_drug');
    expect(inForce(rows, 'ZA06DAX0489010100430', '2025-10-01').map((r) => r.batch)).toEqual(['batch_01']);
    expect(inForce(rows, 'ZA06DAX0489010100430', '2026-03-01').map((r) => r.batch)).toEqual(['updates_2026-01']);
  });

  it('lifts a prose day cap 支付不超过14天 into max_days 14', () => {
    const rows = readTable(packA, 'course_drug').filter((r) => r.indications === '支付不超过14天。');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.max_days).toBe('14');
    const level = readTable(packA, 'hosp_level_drug').filter((r) => r.indications.startsWith('限二级及以上医疗机构'));
    expect(level.length).toBeGreaterThan(0);
    for (const r of level) expect(r.min_hosp_level).toBe('2');
  });

  it('leaves a cell empty when the text does not state the value', () => {
    const rows = readTable(packA, 'child_limit_drug').filter((r) => r.indications === '限儿童。');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.age_max).toBe('');
    for (const r of readTable(packA, 'service_frequency')) expect(r.max_count).toBe('');
  });

  it('merges duplicate keys deterministically and counts them', () => {
    // 肠粘连松解术 belongs to four same-incision groups in batch 2.
    const rows = readTable(packA, 'surgery_discount').filter((r) => r.med_list_codg === '003310030080000');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.merged_rows).toBe('4');
    expect(rows[0]!.incision_groups.split('|')).toEqual(['女性生殖系统手术组', '经腹直肠手术组', '肝胆手术组', '胃肠手术组'].sort());
    expect(rows[0]!.kp_id.split('|')).toHaveLength(4);
  });

  it('writes footnote exclusions to exclusions.json, not as rows', () => {
    const rows = readTable(packA, 'gender_service');
    expect(rows.some((r) => r.med_list_codg === '' || r.item_name.startsWith('说明'))).toBe(false);
    const ex = JSON.parse(readFileSync(join(packA, 'knowledge', 'exclusions.json'), 'utf8'));
    const list = ex.classes['医疗服务项目区分性别使用'];
    expect(list.table).toBe('gender_service');
    expect(list.exclusions.map((e: { exclusion: string }) => e.exclusion)).toEqual(['性别不清', '两性畸形', '染色体异常', '性发育异常']);
    expect(list.exclusions[0].source.batch).toBe('batch_01');
  });

  it('is deterministic: two runs write identical files, rows sorted by key', () => {
    const files = readdirSync(join(packA, 'knowledge')).sort();
    expect(readdirSync(join(packB, 'knowledge')).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(packB, 'knowledge', f), 'utf8'), f).toBe(readFileSync(join(packA, 'knowledge', f), 'utf8'));
    expect(readFileSync(join(packB, 'knowledge.lk'), 'utf8')).toBe(readFileSync(join(packA, 'knowledge.lk'), 'utf8'));
    for (const t of tables) {
      const keys = readTable(packA, t).map((r) => `${r.med_list_codg}\u0000${r.paired_codg ?? ''}`);
      expect(keys, t).toEqual([...keys].sort());
    }
  });

  it('declares every CSV in knowledge.lk with the same columns in the same order', () => {
    const lk = readFileSync(join(packA, 'knowledge.lk'), 'utf8');
    const decls = [...lk.matchAll(/knowledge (\w+) "[^"]*" from "knowledge\/(\w+)\.csv" \{([^}]*)\}/g)];
    expect(decls.map((d) => d[1]).sort()).toEqual(tables);
    for (const d of decls) {
      expect(d[2]).toBe(d[1]);
      const cols = [...d[3]!.matchAll(/^\s+(?:key\s+)?(\w+):/gm)].map((m) => m[1]);
      const header = parseCsv(readFileSync(join(packA, 'knowledge', `${d[2]}.csv`), 'utf8'))[0];
      expect(cols, d[1]).toEqual(header);
      expect(d[3]).toMatch(/valid_from: date\?/);
      expect(d[3]).toMatch(/supersedes: code\?/);
    }
  });

  it('knowledge.lk parses with the language parser (one knowledgeDecl per CSV, no errors)', async () => {
    // Imported lazily: the parser belongs to dsl/, this test only checks our generated text against it.
    const { lexer } = await import('../dsl/lex/tokens.js');
    const { parserInstance } = await import('../dsl/parse/grammar.js');
    const lexed = lexer.tokenize(readFileSync(join(packA, 'knowledge.lk'), 'utf8'));
    expect(lexed.errors).toEqual([]);
    const parser = parserInstance();
    parser.input = lexed.tokens;
    const cst = (parser as unknown as { file(): { children: Record<string, unknown[]> } }).file();
    expect(parser.errors.map((e) => e.message)).toEqual([]);
    expect(cst.children.knowledgeDecl).toHaveLength(tables.length);
  });

  it('SUMMARY.md carries the row counts of the CSVs', () => {
    const md = readFileSync(join(packA, 'knowledge', 'SUMMARY.md'), 'utf8');
    for (const t of tables) {
      const line = md.split('\n').find((l) => l.startsWith(`| ${t} |`));
      expect(line, t).toBeDefined();
      expect(line!.split('|')[3]!.trim()).toBe(String(readTable(packA, t).length));
    }
  });

  it('reports a missing data folder with exit code 2 instead of throwing', () => {
    const out = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      expect(main([join(tmpdir(), 'no-such-nhsa-folder')])).toBe(2);
    } finally {
      process.stderr.write = out;
    }
  });
});

describe('prose extractors', () => {
  it('day caps', () => {
    expect(maxDays('限新发的急性血栓性脑梗死，支付不超过14天。')).toBe(14);
    expect(maxDays('限二级及以上医疗机构脑梗死恢复期患者，住院方可支付，单次最多支付14天。')).toBe(14);
    expect(maxDays('总时间不超过90天，评定间隔时间不短于14天。')).toBe(90);
    expect(maxDays('支付不超过12个月')).toBeUndefined();
    fc.assert(fc.property(fc.integer({ min: 1, max: 999 }), (n) => maxDays(`限某病，支付不超过${n}天。`) === n));
  });

  it('intervals and period counts', () => {
    expect(minIntervalDays('两次评定间隔时间不短于14天。')).toBe(14);
    expect(periodCount('每周最多支付一次。')).toEqual({ period: 'week', count: 1 });
    expect(periodCount('诊疗规范：糖化血红蛋白水平反映近2-3个月的平均血糖水平。')).toBeUndefined();
  });

  it('institution level and visit type', () => {
    expect(minHospLevel('限二级及以上医疗机构癌症患者。')).toBe(2);
    expect(minHospLevel('限三级医疗机构')).toBe(3);
    expect(minHospLevel('限肝功能不全患者')).toBeUndefined();
    expect(visitType('…补充足够营养的住院患者方予支付。')).toBe('inpatient');
    expect(visitType('限缺血性心脑血管疾病急性期住院患者，支付不超过14天。')).toBe('inpatient');
    expect(visitType('限急诊或住院患者。')).toBeUndefined();
  });

  it('age bands', () => {
    expect(ageBand('限3-12岁特发性或先天性肺动脉高压患者。')).toEqual({ min: 3, max: 12 });
    expect(ageBand('限：1.1岁至14岁儿童哮喘的预防和长期治疗；2.2岁至14岁儿童季节性过敏性鼻炎')).toEqual({ min: 1, max: 14 });
    expect(ageBand('限3岁及3岁以上伴有症状的儿童患者')).toEqual({ min: 3, max: undefined });
    expect(ageBand('限儿童。')).toEqual({ min: undefined, max: undefined });
    fc.assert(fc.property(fc.integer({ min: 0, max: 17 }), fc.integer({ min: 0, max: 17 }), (a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      const got = ageBand(`限${lo}-${hi}岁患者。`);
      return got.min === lo && got.max === hi;
    }));
  });

  it('drug sex from name and text', () => {
    expect(drugGender('阿帕他胺片', '限转移性激素敏感性前列腺癌(mHSPC)患者。').gender).toBe('1');
    expect(drugGender('田七痛经胶囊', '用于经期腹痛').gender).toBe('2');
    expect(drugGender('睾丸片', '男子更年期障碍').gender).toBe('1');
    expect(drugGender('某片', '用于感冒').gender).toBeUndefined();
  });
});

describe('csv', () => {
  it('round-trips any cells', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 2 }), { maxLength: 5 }), (rows) => {
      const back = parseCsv(toCsv(['a', 'b'], rows));
      return JSON.stringify(back) === JSON.stringify([['a', 'b'], ...rows]);
    }));
  });
});
