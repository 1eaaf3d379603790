// The studio in a real browser: builds it with Vite (unless dist/studio is newer than every studio
// source), serves dist/studio on a random port, drives Debian's Chromium with playwright-core.
// Screenshots of each step go to /tmp/studio-*.png (printed at the end).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serveDir } from './serve.js';
import { ensureBuilt } from './browser.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist', 'studio');
const CHROMIUM = process.env.LIANGKU_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS: string[] = [];
interface LkEditorApi {
  getText(): string;
  revealOffset(offset: number): void;
}
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`studio browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set LIANGKU_CHROMIUM)`);



async function shot(page: Page, name: string): Promise<void> {
  const path = `/tmp/studio-${name}.png`;
  await page.screenshot({ path });
  SHOTS.push(path);
}

/** Text of the editor's model, through the component's public API. */
const editorText = (page: Page): Promise<string> => page.evaluate(() => (document.querySelector('lk-editor') as unknown as LkEditorApi).getText());

/** Select the first occurrence of `needle` in the open file (cursor via the component, then real keys). */
async function select(page: Page, needle: string): Promise<void> {
  const text = await editorText(page);
  const at = text.indexOf(needle);
  expect(at, `\`${needle}\` in the open file`).toBeGreaterThanOrEqual(0);
  await page.evaluate((o) => (document.querySelector('lk-editor') as unknown as LkEditorApi).revealOffset(o), at);
  await page.keyboard.down('Shift');
  for (let i = 0; i < needle.length; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.up('Shift');
}

describe.skipIf(!hasChromium)('studio in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let server: { url: string; close: () => Promise<void> };
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    server = await serveDir(DIST);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForSelector('lk-editor .monaco-editor .view-lines', { timeout: 30_000 });
    await page.waitForFunction(() => /检查完成|Checked/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''), null, { timeout: 30_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (SHOTS.length) console.log(`studio screenshots:\n  ${SHOTS.join('\n  ')}`);
  });

  it('loads with the bundled packs in the explorer, Chinese first, no page errors', async () => {
    const explorer = page.locator('[data-testid=explorer]');
    for (const p of ['national', 'shanxi', 'xinzhou']) await expect(explorer.locator(`[data-pack="rulepacks/${p}"]`).count()).resolves.toBe(1);
    await expect(explorer.textContent()).resolves.toContain('规则包');
    await expect(page.locator('[data-pack="rulepacks/shanxi"]').textContent()).resolves.toMatch(/基础包 · 只读/);
    expect(await page.locator('lk-editor').getAttribute('read-only')).toBeNull();
    await shot(page, '1-loaded');
    expect(errors).toEqual([]);
  });

  it('shows the parameters by layer and the diff against the base (xinzhou vs shanxi)', async () => {
    await page.click('[data-testid=panel-params]');
    const row = page.locator('[data-testid=params] tr', { hasText: 'family_doctor_ratio' });
    await expect(row.textContent()).resolves.toMatch(/0\.6[\s\S]*xinzhou\.outpatient@2024\.1\.0/);
    await shot(page, '2-params');
    await page.click('[data-testid=panel-diff]');
    const diff = page.locator('[data-testid=diff] tr', { hasText: 'family_doctor_ratio' });
    await expect(diff.textContent()).resolves.toMatch(/none[\s\S]*0\.6[\s\S]*忻医保发/);
    await shot(page, '3-diff');
  });

  it('marks an unknown field with its did-you-mean and applies the quick fix', async () => {
    await page.click('[data-pack="rulepacks/national"] .lk-pack-head');
    await page.click('[data-pack="rulepacks/national"] li:has-text("rules/drug-policy.lk")');
    await page.waitForFunction(() => (document.querySelector('lk-editor') as unknown as LkEditorApi).getText().includes('line.med_list_codg'));
    await select(page, 'med_list_codg]');
    await page.keyboard.type('med_list_code]');
    await page.click('[data-testid=panel-problems]');
    const problem = page.locator('[data-testid=problems] tr', { hasText: 'med_list_code' });
    await problem.first().waitFor({ timeout: 10_000 });
    await expect(problem.first().textContent()).resolves.toContain('是否想写 `med_list_codg`');
    await page.waitForSelector('lk-editor .squiggly-error');
    await shot(page, '4-marker');
    // Quick fix from the marker: cursor inside the word (this focuses the editor), Ctrl+. opens the code actions.
    const at = (await editorText(page)).indexOf('med_list_code]') + 3;
    await page.evaluate((o) => (document.querySelector('lk-editor') as unknown as LkEditorApi).revealOffset(o), at);
    await page.keyboard.press('Control+Period');
    const action = page.locator('.action-widget', { hasText: '改为 `med_list_codg`' });
    await action.waitFor({ timeout: 10_000 });
    await shot(page, '5-quick-fix');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !(document.querySelector('lk-editor') as unknown as LkEditorApi).getText().includes('med_list_code]'));
    await page.locator('[data-testid=no-problems]').waitFor({ timeout: 10_000 });
    expect(await editorText(page)).toContain('injury_drug[line.med_list_codg]');
  });

  it('completes `encounter.` with med_type and its Chinese title', async () => {
    await select(page, '  for line in encounter.feedetail');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('when encounter.');
    const item = page.locator('.suggest-widget .monaco-list-row', { hasText: 'med_type' });
    await item.waitFor({ timeout: 10_000 });
    await expect(item.textContent()).resolves.toContain('医疗类别');
    await shot(page, '6-completion');
    await page.keyboard.press('Escape');
  });

  it('switches the UI text between Chinese and English', async () => {
    await expect(page.locator('.lk-title').textContent()).resolves.toBe('两库 规则工作室');
    await page.click('[data-testid=locale]');
    await expect(page.locator('.lk-title').textContent()).resolves.toBe('liangku Studio');
    await expect(page.locator('[data-testid=panel-problems]').textContent()).resolves.toContain('Problems');
    await expect(page.locator('[data-testid=explorer] h2').textContent()).resolves.toBe('Packs');
    await shot(page, '7-english');
    await page.click('[data-testid=locale]');
    await expect(page.locator('.lk-title').textContent()).resolves.toBe('两库 规则工作室');
  });

  it('lists the pack tests and says how to evaluate them without a server', async () => {
    await page.click('[data-pack="rulepacks/shanxi"] .lk-pack-head');
    await page.click('[data-testid=run-tests]');
    const rows = page.locator('[data-testid=tests] .lk-test');
    // The panel follows the newly active pack once its check is back.
    await rows.filter({ hasText: '三类收费价格机构：60%' }).waitFor({ timeout: 10_000 });
    const declared = readdirSync(join(ROOT, 'rulepacks', 'shanxi'))
      .filter((f) => f.endsWith('.lk'))
      .reduce((n, f) => n + (readFileSync(join(ROOT, 'rulepacks', 'shanxi', f), 'utf8').match(/^test "/gm) ?? []).length, 0);
    await expect(rows.count()).resolves.toBe(declared);
    await expect(page.locator('[data-testid=test-note]').textContent()).resolves.toContain('npm start');
    await shot(page, '8-tests');
    expect(errors).toEqual([]);
  });
});

describe.skipIf(!hasChromium)('embedding <lk-editor> in a host page (studio/embed.html)', () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    await ensureBuilt();
    server = await serveDir(DIST);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('checks the host\'s own pack over the bundled bases and reports edits through events', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}embed.html`);
    const log = page.locator('[data-testid=log]');
    await page.waitForFunction(() => /lk-diagnostics city: 0 error/.test(document.getElementById('log')?.textContent ?? ''), null, { timeout: 30_000 });
    await select(page, '400');
    await page.keyboard.type('5000');
    await page.waitForFunction(() => /lk-diagnostics city: [1-9]\d* error/.test(document.getElementById('log')?.textContent ?? ''), null, { timeout: 10_000 });
    await expect(log.textContent()).resolves.toMatch(/lk-change city\/pack\.lk/);
    await page.waitForSelector('lk-editor .squiggly-error');
    await shot(page, '9-embed');
    console.log(`studio screenshot: /tmp/studio-9-embed.png`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
