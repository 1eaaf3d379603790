// The studio served by the real registry server (buildApp + the bundled packs published, as
// `liangku serve --bundled` does), in Chromium: pack tests evaluated on the server with explanations,
// ad-hoc requests, the knowledge table view and the governance view. Screenshots: /tmp/studio2-*.png.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DIST, ROOT, ensureBuilt, hasChromium, launch, shot } from './browser.js';
import { startLiveServer, type LiveServer } from './live-server.js';

const SHOTS: string[] = [];
interface EditorApi {
  getText(): string;
  getSelectedText(): string;
}

/** Number of `test "…"` declarations in a bundled pack. */
function declaredTests(pack: string): number {
  const dir = join(ROOT, 'rulepacks', pack);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.lk'))
    .reduce((n, f) => n + (readFileSync(join(dir, f), 'utf8').match(/^test "/gm) ?? []).length, 0);
}

describe.skipIf(!hasChromium)('studio served by the registry server', () => {
  let browser: Browser;
  let page: Page;
  let server: LiveServer;
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    [server, browser] = await Promise.all([startLiveServer(DIST), launch()]);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}?pack=rulepacks/shanxi`);
    await page.waitForSelector('lk-editor .monaco-editor .view-lines', { timeout: 30_000 });
    await page.waitForFunction(() => /检查完成|Checked/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''), null, { timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (SHOTS.length) console.log(`studio screenshots:\n  ${SHOTS.join('\n  ')}`);
  });

  it('runs the Shanxi tests on the server: every one passes, each expectation shown', async () => {
    await page.click('[data-testid=run-tests]');
    const n = declaredTests('shanxi');
    await page.locator('[data-testid=test-summary]').waitFor({ timeout: 30_000 });
    await page.waitForFunction((total) => document.querySelectorAll('[data-testid=tests] .lk-test .lk-checks, [data-testid=tests] .lk-test .help.fail').length === total, n, { timeout: 30_000 });
    await expect(page.locator('[data-testid=test-summary]').textContent()).resolves.toBe(`${n}/${n} 通过`);
    await expect(page.locator('[data-testid=tests] .lk-test.ok').count()).resolves.toBe(n);
    const spent = page.locator('.lk-test', { hasText: '年度限额已用完' });
    await expect(spent.locator('.lk-checks').textContent()).resolves.toMatch(/✓\s*expect value pooling_payment = 0[\s\S]*✓\s*expect finding SX0001 result reminder/);
    await shot(page, '/tmp/studio2-1-tests.png', SHOTS);
    expect(errors).toEqual([]);
  });

  it("shows a finding's explanation with the layer that set a parameter, and jumps to the rule", async () => {
    const spent = page.locator('.lk-test', { hasText: '年度限额已用完' });
    await spent.locator('.lk-test-result > summary').click();
    const finding = spent.locator('.lk-finding[data-rule=SX0001]');
    await finding.locator('summary .strong').click();
    const params = finding.locator('[data-testid=explain-params] tr', { hasText: 'annual_limit' });
    await expect(params.textContent()).resolves.toMatch(/annual_limit\s*300\s*shanxi\.outpatient@2024\.1\.0/);
    await expect(finding.locator('[data-testid=explanation]').textContent()).resolves.toContain('pooling_used >= annual_limit');
    await finding.scrollIntoViewIfNeeded();
    await shot(page, '/tmp/studio2-2-explanation.png', SHOTS);
    await finding.locator('[data-testid=rule-link]').click();
    await page.waitForFunction(() => ((document.querySelector('lk-editor') as unknown as EditorApi).getSelectedText() ?? '').startsWith('rule SX0001'), null, { timeout: 10_000 });
    const sel = await page.evaluate(() => (document.querySelector('lk-editor') as unknown as EditorApi).getSelectedText());
    expect(sel).toMatch(/^rule SX0001 "居民门诊统筹年度支付限额已用完"[\s\S]*本次不再由统筹基金支付"\n}$/);
    await expect(page.locator('.lk-tab.on').getAttribute('title')).resolves.toBe('rulepacks/shanxi/pack.lk');
    await shot(page, '/tmp/studio2-3-rule-source.png', SHOTS);
    expect(errors).toEqual([]);
  });
  it('runs an ad-hoc request: a sample edited in the page, with stage, shows findings, values and explanations', async () => {
    await page.click('[data-testid=panel-run]');
    await page.locator('[data-testid=run-sample]').selectOption('rulepacks/shanxi/tests/visit-with-history.json');
    const text = await page.locator('[data-testid=run-json]').inputValue();
    const req = JSON.parse(text) as { history: { setlinfo: { hifp_pay: number } }[] };
    expect(req.history.length).toBeGreaterThan(1);
    // Bad JSON is refused in the page, in words.
    await page.locator('[data-testid=run-json]').fill('{ "encounter": ');
    await page.click('[data-testid=run-go]');
    await expect(page.locator('[data-testid=run-error]').textContent()).resolves.toContain('不是有效的 JSON');
    req.history[1]!.setlinfo.hifp_pay = 200;
    await page.locator('[data-testid=run-json]').fill(JSON.stringify(req, null, 2));
    await page.locator('[data-testid=run-stage]').selectOption('mid');
    await page.click('[data-testid=run-go]');
    const finding = page.locator('lk-run-panel .lk-finding[data-rule=SX0001]');
    await finding.waitFor({ timeout: 10_000 });
    await expect(page.locator('lk-run-panel [data-testid=values]').textContent()).resolves.toMatch(/pooling_payment\s*=\s*0\.00/);
    await finding.locator('summary .strong').click();
    await expect(finding.locator('[data-testid=explain-params]').textContent()).resolves.toContain('shanxi.outpatient@2024.1.0');
    // Back to the unedited sample: 250 paid before, so 50 now and no SX0001.
    await page.locator('[data-testid=run-sample]').selectOption('rulepacks/shanxi/tests/visit.json');
    await page.locator('[data-testid=run-sample]').selectOption('rulepacks/shanxi/tests/visit-with-history.json');
    await page.click('[data-testid=run-go]');
    await page.waitForFunction(() => /pooling_payment\s*=\s*50\.00/.test(document.querySelector('lk-run-panel [data-testid=values]')?.textContent ?? ''), null, { timeout: 10_000 });
    await expect(page.locator('lk-run-panel [data-testid=no-findings]').count()).resolves.toBe(1);
    await page.locator('[data-testid=run-json]').fill(JSON.stringify(req, null, 2));
    await page.click('[data-testid=run-go]');
    await finding.waitFor({ timeout: 10_000 });
    await finding.locator('summary .strong').click();
    await shot(page, '/tmp/studio2-4-adhoc.png', SHOTS);
    expect(errors).toEqual([]);
  });
  it('tests unpublished edits: annual_limit 300 → 250 in the editor (not saved, not published) fails the 50.00 test with the new value', async () => {
    const sx = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    sx.on('pageerror', (e) => errors.push(e.message));
    await sx.goto(`${server.url}?pack=rulepacks/shanxi`);
    await sx.waitForFunction(() => /检查完成|Checked/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''), null, { timeout: 30_000 });
    const onDisk = readFileSync(join(ROOT, 'rulepacks', 'shanxi', 'pack.lk'), 'utf8');
    await sx.evaluate(() => {
      const m = (document.querySelector('lk-editor') as unknown as { monacoEditor: { getModel(): { getValue(): string; setValue(v: string): void } } }).monacoEditor.getModel();
      m.setValue(m.getValue().replace(/(param annual_limit [^\n]*= )300\b/, '$1250'));
    });
    await sx.waitForFunction(() => (document.querySelector('lk-studio') as unknown as { analysis?: { params: { name: string; effective: unknown }[] } }).analysis?.params.find((p) => p.name === 'annual_limit')?.effective == 250, null, { timeout: 15_000 });
    await sx.click('[data-testid=run-tests]');
    const n = declaredTests('shanxi');
    await sx.waitForFunction((total) => document.querySelectorAll('[data-testid=tests] .lk-test .lk-checks, [data-testid=tests] .lk-test .help.fail').length === total, n, { timeout: 60_000 });
    const limit = sx.locator('.lk-test', { hasText: '年度限额：此前已支付250元，本次最多50元' });
    await expect(limit.getAttribute('class')).resolves.toContain('bad');
    await expect(limit.locator('.lk-checks li.bad').first().textContent()).resolves.toMatch(/✗\s*expect value pooling_payment = 50\.00\s*pooling_payment = 0\.00, expected 50\.00/);
    await expect(sx.locator('[data-testid=test-source]').getAttribute('data-source')).resolves.toBe('edits');
    await expect(sx.locator('[data-testid=test-source]').textContent()).resolves.toContain('当前编辑内容');
    await expect(sx.locator('[data-testid=test-summary]').textContent()).resolves.not.toBe(`${n}/${n} 通过`);
    // Tests that do not depend on the limit still pass.
    await expect(sx.locator('.lk-test.ok', { hasText: '二类收费价格机构：55%' }).count()).resolves.toBe(1);
    await shot(sx, '/tmp/studio2-14-unpublished-edit-tests.png', SHOTS);
    // The run panel evaluates the edits too.
    await sx.click('[data-testid=panel-run]');
    await sx.locator('[data-testid=run-sample]').selectOption('rulepacks/shanxi/tests/visit-with-history.json');
    await sx.click('[data-testid=run-go]');
    await sx.waitForFunction(() => /pooling_payment\s*=\s*0\.00/.test(document.querySelector('lk-run-panel [data-testid=values]')?.textContent ?? ''), null, { timeout: 30_000 });
    await expect(sx.locator('[data-testid=run-source]').textContent()).resolves.toContain('当前编辑内容');
    await expect(sx.locator('lk-run-panel .lk-finding[data-rule=SX0001]').count()).resolves.toBe(1);
    // Nothing was saved or published: the file on disk and the published version still say 300 / 50.00.
    expect(readFileSync(join(ROOT, 'rulepacks', 'shanxi', 'pack.lk'), 'utf8')).toBe(onDisk);
    const versions = (await (await fetch(`${server.url}api/packs/shanxi.outpatient`)).json()) as { versions: { version: string }[] };
    expect(versions.versions.map((v) => v.version)).toEqual(['2024.1.0']);
    const pub = (await (await fetch(`${server.url}api/eval/shanxi.outpatient/2024.1.0`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: readFileSync(join(ROOT, 'rulepacks', 'shanxi', 'tests', 'visit-with-history.json'), 'utf8'),
    })).json()) as { values: Record<string, number> };
    expect(pub.values.pooling_payment).toBe(50);
    await shot(sx, '/tmp/studio2-15-unpublished-edit-run.png', SHOTS);
    expect(errors).toEqual([]);
    await sx.close();
  }, 120_000);
  it('shows the effective knowledge tables: pages through ~9,000 rows, finds a key, shows validity and provenance', async () => {
    await page.click('[data-testid=panel-knowledge]');
    await page.locator('[data-testid=kb-table]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid=kb-table]').selectOption('gender_drug');
    const csvRows = readFileSync(join(ROOT, 'rulepacks', 'national', 'knowledge', 'gender_drug.csv'), 'utf8').trim().split('\n').length - 1;
    await expect(page.locator('[data-testid=kb-count]').textContent()).resolves.toMatch(new RegExp(`^1–50 / ${csvRows} `));
    await expect(page.locator('[data-testid=kb-rows] tbody tr').count()).resolves.toBe(50);
    await page.click('[data-testid=kb-next]');
    await expect(page.locator('[data-testid=kb-count]').textContent()).resolves.toMatch(new RegExp(`^51–100 / ${csvRows} `));
    await shot(page, '/tmp/studio2-5-knowledge.png', SHOTS);
    // A drug whose row was replaced by the 2026-01 update: two rows, the old one ends the day before the new one starts.
    await page.locator('[data-testid=kb-search]').fill('XA11CCA351E002010101121');
    const rows = page.locator('[data-testid=kb-rows] tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.nth(0).textContent()).resolves.toMatch(/^\s*XA11CCA351E002010101121[\s\S]*2026-01-27[\s\S]*nhsa\.audit@1\.0\.0[\s\S]*gender_drug\.csv:2\b[\s\S]*艾地骨化醇软胶囊/);
    await expect(rows.nth(1).textContent()).resolves.toMatch(/2026-01-28[\s\S]*XA11CCA351E002010101121[\s\S]*nhsa\.audit@1\.0\.0[\s\S]*gender_drug\.csv:3\b/);
    // Text search (a drug name) finds rows too.
    await page.locator('[data-testid=kb-search]').fill('妇康宁片');
    await expect(page.locator('[data-testid=kb-rows] tbody').textContent()).resolves.toContain('ZD01AAF0183010105098');
    for (const r of await rows.allTextContents()) expect(r).toContain('妇康宁片');
    await page.locator('[data-testid=kb-search]').fill('XA11CCA351E002010101121');
    await shot(page, '/tmp/studio2-6-knowledge-search.png', SHOTS);
    expect(errors).toEqual([]);
  });
  it('imports a CSV into a knowledge table: validated in the page, a bad date names its row and column, a good file is previewed', async () => {
    await page.click('[data-testid=panel-knowledge]');
    await page.locator('[data-testid=kb-table]').selectOption('gender_drug');
    const csv = readFileSync(join(ROOT, 'rulepacks', 'national', 'knowledge', 'gender_drug.csv'), 'utf8').split('\n');
    const header = csv[0]!;
    const cols = header.split(',');
    const row = (code: string, from: string): string =>
      cols.map((c) => ({ med_list_codg: code, item_name: '测试导入药品', gender: '2', valid_from: from, published_at: '2026-03-01', valid_to: '', supersedes: '' } as Record<string, string>)[c] ?? (c === 'merged_rows' || c === 'source_row' ? '1' : 'x')).join(',');
    const bad = [header, row('XTEST000000000000000001', '2026-03-01'), row('XTEST000000000000000002', '2026-02-30')].join('\n');
    await page.locator('[data-testid=kb-import-file]').setInputFiles({ name: 'new-drugs.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    const errs = page.locator('[data-testid=kb-import-errors]');
    await errs.waitFor({ timeout: 10_000 });
    await expect(errs.locator('li').count()).resolves.toBe(1);
    await expect(errs.locator('li').textContent()).resolves.toBe('new-drugs.csv: 第 3 行：列 valid_from 应为日期（YYYY-MM-DD），这里是 "2026-02-30"');
    await expect(page.locator('[data-testid=kb-import-preview]').count()).resolves.toBe(0);
    await shot(page, '/tmp/studio2-9-import-errors.png', SHOTS);
    // A good file: two rows, one of them a key the table already has.
    const good = [header, row('XTEST000000000000000001', '2026-03-01'), row('XA11CCA351E002010101121', '2026-03-01')].join('\n');
    await page.locator('[data-testid=kb-import-file]').setInputFiles({ name: 'new-drugs.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.locator('[data-testid=kb-import-preview]').waitFor({ timeout: 10_000 });
    await expect(page.locator('[data-testid=kb-import-count]').textContent()).resolves.toBe('new-drugs.csv：2 行可导入（新增 1，已有键 1）');
    await expect(page.locator('[data-testid=kb-import-preview] tbody tr').count()).resolves.toBe(2);
    await expect(page.locator('[data-testid=kb-import-errors]').count()).resolves.toBe(0);
    await shot(page, '/tmp/studio2-10-import-preview.png', SHOTS);
    expect(errors).toEqual([]);
  });
  it('builds and publishes Xinzhou 2024.1.1 from the studio with a change note; a compile error and another region are refused in words', async () => {
    const xz = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    xz.on('pageerror', (e) => errors.push(e.message));
    await xz.goto(`${server.url}?pack=rulepacks/xinzhou`);
    await xz.waitForFunction(() => /检查完成|Checked/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''), null, { timeout: 30_000 });
    const edit = (from: string, to: string) =>
      xz.evaluate(([a, b]) => {
        const m = (document.querySelector('lk-editor') as unknown as { monacoEditor: { getModel(): { getValue(): string; setValue(v: string): void } } }).monacoEditor.getModel();
        m.setValue(m.getValue().replace(a!, b!));
      }, [from, to]);
    await edit('xinzhou.outpatient 2024.1.0', 'xinzhou.outpatient 2024.1.1');
    await xz.waitForFunction(() => (document.querySelector('lk-studio') as unknown as { analysis?: { version?: string } }).analysis?.version === '2024.1.1', null, { timeout: 10_000 });
    await xz.waitForFunction(() => /检查完成 · 0 错误/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''), null, { timeout: 10_000 });
    await xz.click('[data-testid=publish]');
    const dialog = xz.locator('[data-testid=publish-dialog]');
    await expect(dialog.locator('[data-testid=publish-version]').textContent()).resolves.toBe('2024.1.1');
    await expect(dialog.locator('[data-testid=publish-pack]').textContent()).resolves.toBe('xinzhou.outpatient');
    await dialog.locator('[data-testid=publish-note]').fill('忻医保发〔2024〕3号：签约居民比例不变，补充说明');
    // A city token for another region (太原 140100) is refused with the registry's message.
    await dialog.locator('[data-testid=publish-token]').fill(server.token('publisher', '140100'));
    await dialog.locator('[data-testid=publish-send]').click();
    const answer = dialog.locator('[data-testid=publish-answer]');
    await answer.waitFor({ timeout: 30_000 });
    await expect(answer.textContent()).resolves.toMatch(/403\s+Token "studio-test-publisher-140100" is scoped to region 140100 \(codes starting "1401"\) and may not publish xinzhou\.outpatient for region 140900\./);
    await shot(xz, '/tmp/studio2-11-publish-refused.png', SHOTS);
    // Xinzhou's own token publishes; the answer lists the new version above the bundled one.
    const token = server.token('publisher', '140900');
    await dialog.locator('[data-testid=publish-token]').fill(token);
    await dialog.locator('[data-testid=publish-send]').click();
    await xz.waitForFunction(() => /已发布/.test(document.querySelector('[data-testid=publish-answer]')?.textContent ?? ''), null, { timeout: 30_000 });
    await expect(answer.locator('b.mono').textContent()).resolves.toBe('xinzhou.outpatient@2024.1.1');
    await expect(answer.locator('[data-testid=publish-versions]').textContent()).resolves.toMatch(/2024\.1\.1, 2024\.1\.0$/);
    await expect(xz.evaluate(() => sessionStorage.getItem('liangku.publishToken'))).resolves.toBe(token);
    const listed = (await (await fetch(`${server.url}api/packs/xinzhou.outpatient`)).json()) as { versions: { version: string; note: string | null }[] };
    expect(listed.versions.find((v) => v.version === '2024.1.1')?.note).toBe('忻医保发〔2024〕3号：签约居民比例不变，补充说明');
    await shot(xz, '/tmp/studio2-12-published.png', SHOTS);
    // The same version again: 409 from the ordinary publish route, in words.
    await dialog.locator('[data-testid=publish-send]').click();
    await xz.waitForFunction(() => /409/.test(document.querySelector('[data-testid=publish-answer]')?.textContent ?? ''), null, { timeout: 30_000 });
    await expect(answer.textContent()).resolves.toContain('xinzhou.outpatient@2024.1.1 is already published');
    // A compile error: 422 with path:line:col diagnostics.
    await dialog.locator('[data-testid=publish-cancel]').click();
    await edit('xinzhou.outpatient 2024.1.1', 'xinzhou.outpatient 2024.1.2');
    await edit('set family_doctor_ratio = 60%', 'set family_doctor_ratoi = 60%');
    await xz.waitForFunction(() => (document.querySelector('lk-studio') as unknown as { analysis?: { version?: string } }).analysis?.version === '2024.1.2', null, { timeout: 10_000 });
    await xz.click('[data-testid=publish]');
    await dialog.locator('[data-testid=publish-send]').click();
    await dialog.locator('[data-testid=publish-diagnostics]').waitFor({ timeout: 30_000 });
    await expect(answer.textContent()).resolves.toMatch(/^\s*422\s+The pack does not build/);
    await expect(dialog.locator('[data-testid=publish-diagnostics] li').first().textContent()).resolves.toMatch(/^pack\.lk:8:5 \S+ .*family_doctor_ratoi/);
    await shot(xz, '/tmp/studio2-13-publish-compile-error.png', SHOTS);
    expect(errors).toEqual([]);
    await xz.close();
  });
  it('governance view: rules by false-positive rate (worst first), sortable, the trend chart, retired rules highlighted', async () => {
    // Outcomes: Jinan's retired GZ10000201002000 overturned 60% of the time, a gender-drug rule 10%.
    const months = ['2025-01', '2025-02', '2025-03'];
    const rows: Record<string, unknown>[] = [];
    const add = (rule: string, n: number, overturnedEvery: (i: number) => boolean): void => {
      for (let i = 0; i < n; i++) {
        rows.push({
          request_id: `${rule}-${i}`, rule_code: rule, pack: 'jinan.audit@2024.1.0', region: '370100',
          finding_date: `${months[i % 3]}-1${i % 9}`, amount_flagged: 100 + i,
          stage_reached: i % 2 ? '申诉' : '初审', decision: overturnedEvery(i) ? '撤销' : '维持',
        });
      }
    };
    add('GZ10000201002000', 60, (i) => i % 5 < 3);
    add('GZ10000301004000', 90, (i) => i % 10 === 0);
    const r = await fetch(`${server.url}api/governance/outcomes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token('reviewer')}` },
      body: JSON.stringify({ rows, source: 'studio-test' }),
    });
    expect(r.status, await r.clone().text()).toBe(201);
    const jinan = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    jinan.on('pageerror', (e) => errors.push(e.message));
    await jinan.goto(`${server.url}?pack=rulepacks/jinan`);
    await jinan.waitForFunction(() => /检查完成|Checked/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''), null, { timeout: 30_000 });
    await jinan.click('[data-testid=panel-governance]');
    const body = jinan.locator('[data-testid=gov-table] tbody tr');
    await body.first().waitFor({ timeout: 15_000 });
    await expect(body.count()).resolves.toBe(2);
    const first = body.first();
    await expect(first.getAttribute('data-rule')).resolves.toBe('GZ10000201002000');
    await expect(first.textContent()).resolves.toMatch(/retired[\s\S]*60[\s\S]*60[\s\S]*60\.0%[\s\S]*retire/);
    await expect(first.getAttribute('class')).resolves.toContain('st-retired');
    const chart = jinan.locator('[data-testid=gov-chart]');
    await expect(chart.getAttribute('data-rule')).resolves.toBe('GZ10000201002000');
    await expect(chart.locator('rect.bar').count()).resolves.toBe(3);
    await expect(chart.locator('polyline.fp-line').count()).resolves.toBe(1);
    await expect(chart.textContent()).resolves.toContain('停用');
    await shot(jinan, '/tmp/studio2-7-governance.png', SHOTS);
    // Sort by hits: the gender-drug rule (90) comes first; clicking again reverses.
    await jinan.click('[data-testid=gov-table] th[data-sort=hits]');
    await expect(body.first().getAttribute('data-rule')).resolves.toBe('GZ10000301004000');
    await jinan.click('[data-testid=gov-table] th[data-sort=hits]');
    await expect(body.first().getAttribute('data-rule')).resolves.toBe('GZ10000201002000');
    // Selecting a row shows its chart.
    await body.nth(1).click();
    await expect(chart.getAttribute('data-rule')).resolves.toBe('GZ10000301004000');
    await shot(jinan, '/tmp/studio2-8-governance-sorted.png', SHOTS);
    expect(errors).toEqual([]);
    await jinan.close();
  });
});
