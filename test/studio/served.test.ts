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
});
