import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as outcomesCmd from '../../cli/commands/outcomes.js';
import { validateOutcomes } from '../../governance/outcomes.js';
import { readJsonl } from '../../governance/read-outcomes.js';
import { openStore } from '../../server/store/open-store.js';
import { countOutcomes, iterateOutcomes } from '../../server/store/outcomes-repo.js';
import { runCli, tempDir } from './helpers.js';

const HEADER = 'request_id,setl_id,rule_code,pack,region,institution,finding_date,amount_flagged,stage_reached,decision,amount_upheld';
const GOOD = [
  'R1,S1,GD0001,governance.demo@1.0.0,140902,H1,2025-03-10,120.50,初审,维持,',
  'R2,S2,GD0002,governance.demo@1.0.0,140902,H1,2025-03-11,80,复审,撤销,',
  'R3,,GD0002,governance.demo@1.0.0,140921,H2,2025-04-01,100.00,appeal,partly,40',
];

let cleanup: (() => void)[] = [];
afterEach(() => {
  cleanup.forEach((f) => f());
  cleanup = [];
});

function setup() {
  const t = tempDir();
  cleanup.push(t.done);
  return t.dir;
}

describe('outcomes import', () => {
  it('stores valid rows with the defaults for upheld and overturned amounts', async () => {
    const dir = setup();
    const file = join(dir, 'o.csv');
    writeFileSync(file, [HEADER, ...GOOD].join('\n') + '\n');
    const r = await runCli(outcomesCmd, ['import', file, '--data', join(dir, 'data'), '--lang', 'en']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/imported 3 outcome/);
    const store = openStore(join(dir, 'data'));
    const rows = [...iterateOutcomes(store.db)];
    const events = store.db.prepare("SELECT kind, detail FROM events WHERE kind = 'outcomes-import'").all() as { detail: string }[];
    store.close();
    expect(rows.map((o) => [o.ruleCode, o.stage, o.decision, o.amountFlagged, o.amountUpheld])).toEqual([
      ['GD0001', 'first', 'upheld', 12050, 12050],
      ['GD0002', 'review', 'overturned', 8000, 0],
      ['GD0002', 'appeal', 'partly', 10000, 4000],
    ]);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.detail)).toMatchObject({ rows: 3, skipped: 0 });
  });

  it('a bad row gives a row-level error naming file, row and column, and nothing is stored', async () => {
    const dir = setup();
    const file = join(dir, 'bad.csv');
    writeFileSync(file, [HEADER, GOOD[0], 'R9,S9,GD0002,governance.demo@1.0.0,140902,H1,2025-02-30,12.345,二审,驳回,', GOOD[1]].join('\n') + '\n');
    const r = await runCli(outcomesCmd, ['import', file, '--data', join(dir, 'data'), '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${file}:3: column finding_date: date "2025-02-30" is not a valid YYYY-MM-DD date`);
    expect(r.err).toContain(`${file}:3: column amount_flagged: amount "12.345"`);
    expect(r.err).toContain(`${file}:3: column stage_reached: stage "二审"`);
    expect(r.err).toContain(`${file}:3: column decision: decision "驳回"`);
    expect(r.err).not.toContain(`${file}:2:`);
    expect(r.err).toMatch(/nothing was imported/);
    const store = openStore(join(dir, 'data'));
    expect(countOutcomes(store.db)).toBe(0);
    expect(store.db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'outcomes-import'").get()).toEqual({ n: 0 });
    store.close();
  });

  it('says the errors in Chinese when asked', async () => {
    const dir = setup();
    const file = join(dir, 'bad.csv');
    writeFileSync(file, [HEADER, 'R9,S9,GD0002,,,H1,2025-02-01,10,终审,撤销,5'].join('\n') + '\n');
    const r = await runCli(outcomesCmd, ['import', file, '--data', join(dir, 'data'), '--lang', 'zh']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${file}:2: 列 amount_upheld: 结论为撤销时认定金额应为 0 或留空`);
    expect(r.err).toContain('未导入任何记录');
  });

  it('--skip-invalid stores the valid rows only', async () => {
    const dir = setup();
    const file = join(dir, 'o.jsonl');
    const lines = [
      JSON.stringify({ request_id: 'R1', rule_code: 'GD0001', finding_date: '2025-01-02', amount_flagged: 10, stage_reached: '申诉', decision: '撤销' }),
      '{not json',
      JSON.stringify({ setl_id: 'S2', rule_code: 'GD0001', finding_date: '2025-01-03', amount_flagged: 5, stage_reached: 'first', decision: 'upheld', amount_upheld: 9 }),
      JSON.stringify({ setl_id: 'S3', rule_code: 'GD0003', finding_date: '2025-01-04', amount_flagged: 7.5, stage_reached: 'first' }),
    ];
    writeFileSync(file, lines.join('\n') + '\n');
    const r = await runCli(outcomesCmd, ['import', file, '--data', join(dir, 'data'), '--skip-invalid', '--lang', 'en', '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`${file}:2: this line is not a JSON object`);
    expect(r.err).toContain(`${file}:3: column amount_upheld: amount_upheld cannot exceed amount_flagged`);
    expect(JSON.parse(r.out)).toMatchObject({ imported: 2, skipped: 1 });
    const store = openStore(join(dir, 'data'));
    const rows = [...iterateOutcomes(store.db)];
    store.close();
    expect(rows.map((o) => [o.ruleCode, o.decision])).toEqual([['GD0001', 'overturned'], ['GD0003', null]]);
  });

  it('requires request_id or setl_id and a rule code', () => {
    const v = validateOutcomes('x.jsonl', readJsonl(JSON.stringify({ finding_date: '2025-01-01', amount_flagged: 1, stage_reached: '初审' })));
    expect(v.outcomes).toHaveLength(0);
    expect(v.errors.map((e) => e.column)).toEqual(['request_id', 'rule_code']);
  });

  it('the database refuses to rewrite an outcome', async () => {
    const dir = setup();
    const file = join(dir, 'o.csv');
    writeFileSync(file, [HEADER, ...GOOD].join('\n') + '\n');
    await runCli(outcomesCmd, ['import', file, '--data', join(dir, 'data')]);
    const store = openStore(join(dir, 'data'));
    try {
      expect(() => store.db.prepare("UPDATE outcomes SET decision = 'upheld'").run()).toThrow(/append-only/);
      expect(() => store.db.prepare('DELETE FROM outcomes').run()).toThrow(/append-only/);
    } finally {
      store.close();
    }
  });
});

describe('outcomes from a spreadsheet', () => {
  it('reads an .xlsx sheet with Chinese headers and reports errors by sheet row', async () => {
    const dir = setup();
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('复审结果');
    ws.addRow(['结算ID', '规则编码', '违规日期', '违规金额', '审核环节', '结论', '认定金额']);
    ws.addRow(['S1', 'GD0001', '2025-03-01', 100, '终审', '部分维持', 30]);
    ws.addRow(['S2', 'GD0001', '2025-03-02', 50, '合议', '部分维持', '']);
    const file = join(dir, 'o.xlsx');
    await wb.xlsx.writeFile(file);
    const bad = await runCli(outcomesCmd, ['import', file, '--data', join(dir, 'data'), '--lang', 'en']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`${file}:3: column amount_upheld: a partly upheld finding needs amount_upheld`);
    const ok = await runCli(outcomesCmd, ['import', file, '--data', join(dir, 'data'), '--skip-invalid']);
    expect(ok.code).toBe(0);
    const store = openStore(join(dir, 'data'));
    const rows = [...iterateOutcomes(store.db)];
    store.close();
    expect(rows).toEqual([expect.objectContaining({ setlId: 'S1', stage: 'final', decision: 'partly', amountFlagged: 10000, amountUpheld: 3000 })]);
  });
});
