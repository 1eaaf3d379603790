// `liangku diff OLD NEW --claims FILE`: the one changed parameter, and the finding it removes.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('liangku diff --claims', () => {
  it('shanxi → xinzhou: one parameter, and SX0002 disappears for a signed resident claiming 80 yuan', async () => {
    const r = JSON.parse(readFileSync('rulepacks/shanxi/tests/visit.json', 'utf8'));
    r.encounter.fee_price_class = '2';
    r.encounter.grassroots_flag = true;
    r.patient.family_doctor_signed = true;
    r.patient.signed_medins_code = r.encounter.fixmedins_code;
    r.encounter.setlinfo = { ...(r.encounter.setlinfo ?? {}), hifp_pay: 80 };
    const claims = join(mkdtempSync(join(tmpdir(), 'lk-diff-')), 'claims.jsonl');
    writeFileSync(claims, JSON.stringify(r) + '\n');
    const { stdout } = await run(process.execPath, ['bin/liangku.mjs', 'diff', 'rulepacks/shanxi', 'rulepacks/xinzhou', '--claims', claims, '--json']);
    const d = JSON.parse(stdout);
    expect(d.params.map((p: { name: string }) => p.name)).toEqual(['family_doctor_ratio']);
    expect(d.findings).toEqual({ requests: 1, perRule: { SX0002: { gained: 0, lost: 1, moneyGained: 0, moneyLost: 4.1 } } });
  }, 60_000);
});
