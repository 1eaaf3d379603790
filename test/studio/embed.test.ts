// examples/embed: a plain host page loading the library bundle (dist/studio-lib), hosting
// <lk-editor> and <lk-studio> and logging their events. Served as static files (no registry), so
// the studio's test run reports runner "none". Screenshot: /tmp/studio-embed.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ROOT, ensureBuilt, hasChromium, launch, shot } from './browser.js';
import { serveDir } from './serve.js';

interface Logged {
  source: string;
  name: string;
  text: string;
}
const SHOTS: string[] = [];

describe.skipIf(!hasChromium)('examples/embed hosts the components and hears their events', () => {
  let browser: Browser;
  let page: Page;
  let site: { url: string; close: () => Promise<void> };
  const errors: string[] = [];
  const events = (): Promise<Logged[]> => page.evaluate(() => (window as unknown as { lkEvents: Logged[] }).lkEvents);
  const waitEvent = (source: string, name: string, re = '') =>
    page.waitForFunction(
      ([s, n, r]) => (window as unknown as { lkEvents?: Logged[] }).lkEvents?.some((e) => e.source === s && e.name === n && new RegExp(r!).test(e.text)) ?? false,
      [source, name, re],
      { timeout: 30_000 },
    );

  beforeAll(async () => {
    await ensureBuilt('lib');
    [site, browser] = await Promise.all([serveDir(ROOT), launch()]);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${site.url}examples/embed/index.html`);
    await page.waitForSelector('#ed .monaco-editor .view-lines', { timeout: 30_000 });
    await page.waitForSelector('lk-studio lk-editor .monaco-editor .view-lines', { timeout: 30_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (SHOTS.length) console.log(`embed screenshots:\n  ${SHOTS.join('\n  ')}`);
  });

  it('the host hears lk-diagnostics from both components, and an out-of-bounds parameter error from the editor', async () => {
    await waitEvent('editor', 'lk-diagnostics', '^city: 0 error');
    await waitEvent('studio', 'lk-diagnostics', '^rulepacks/xinzhou');
    // Raise annual_limit beyond Shanxi's bounds in the host's editor.
    await page.evaluate(() => {
      const ed = document.getElementById('ed') as unknown as { monacoEditor: { getModel(): { getValue(): string; setValue(v: string): void } } };
      const m = ed.monacoEditor.getModel();
      m.setValue(m.getValue().replace('annual_limit = 400', 'annual_limit = 99999'));
    });
    await waitEvent('editor', 'lk-change', '^city/pack\\.lk');
    await waitEvent('editor', 'lk-diagnostics', 'layer/out-of-bounds');
    await expect(page.locator('[data-testid=log]').textContent()).resolves.toMatch(/editor lk-diagnostics city: 1 error\(s\)\n\s+layer\/out-of-bounds/);
  });

  it('typing in the studio fires lk-change; 运行测试 fires lk-test-run; 发布 fires lk-publish with the pack files', async () => {
    await page.locator('lk-studio lk-editor .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n// 嵌入页面的修改');
    await waitEvent('studio', 'lk-change', '^rulepacks/xinzhou/');
    await page.click('lk-studio [data-testid=run-tests]');
    await waitEvent('studio', 'lk-test-run', '^xinzhou\\.\\S+@\\S+: [1-9]\\d* test\\(s\\), runner none');
    await page.click('lk-studio [data-testid=publish]');
    await waitEvent('studio', 'lk-publish', '^xinzhou\\.\\S+@\\S+: [1-9]\\d* file\\(s\\), 0 error');
    const names = new Set((await events()).map((e) => `${e.source} ${e.name}`));
    expect([...names].sort()).toEqual(['editor lk-change', 'editor lk-diagnostics', 'studio lk-change', 'studio lk-diagnostics', 'studio lk-publish', 'studio lk-test-run']);
    await shot(page, '/tmp/studio-embed.png', SHOTS);
    expect(errors).toEqual([]);
  });
});
