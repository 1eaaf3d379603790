// The studio in Chromium (the built app, dist/studio, served as static files):
//   - initial load: navigation → an interactive editor on the national pack with its markers
//     (the first check done), median of 3 fresh page loads;
//   - keystroke → updated markers in rulepacks/national/rules/drug-policy.lk: 200 edits (type a
//     letter into a field name, then delete it: an error appears and goes), each timed in the page
//     from the keydown to the editor's `lk-diagnostics` event (markers are applied just before it);
//   - bundle sizes of dist/studio/assets (raw and gzip).
// Usage: node --import tsx bench/studio-bench.ts   (or studioBench(log) from bench/run.ts)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, ensureBuilt, hasChromium, launch, CHROMIUM } from '../test/studio/browser.js';
import { serveDir } from '../test/studio/serve.js';

export interface StudioReport {
  readonly chromium: string;
  readonly loadMs: readonly number[];
  readonly loadMedianMs: number;
  readonly edits: number;
  readonly keyToMarkersP50: number;
  readonly keyToMarkersP95: number;
  readonly keyToMarkersMax: number;
  readonly assets: readonly { file: string; bytes: number; gzip: number }[];
}

const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

export async function studioBench(log: (s: string) => void = console.log, edits = 200): Promise<StudioReport | null> {
  if (!hasChromium) {
    log(`studio bench skipped: no Chromium at ${CHROMIUM} (set LIANGKU_CHROMIUM)`);
    return null;
  }
  await ensureBuilt();
  const site = await serveDir(DIST);
  const browser = await launch();
  try {
    const loadMs: number[] = [];
    let page = null as Awaited<ReturnType<typeof browser.newPage>> | null;
    for (let i = 0; i < 3; i++) {
      await page?.close();
      const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      page = await ctx.newPage();
      const t0 = Date.now();
      await page.goto(`${site.url}?pack=rulepacks/national`);
      await page.waitForSelector('lk-editor .monaco-editor .view-lines', { timeout: 60_000 });
      await page.waitForFunction(() => /检查完成|Checked/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''), null, { timeout: 60_000, polling: 'raf' });
      loadMs.push(Date.now() - t0);
      log(`  load ${i + 1}: ${loadMs[i]} ms`);
    }
    const p = page!;
    await p.click('[data-pack="rulepacks/national"] li:text-is("rules/drug-policy.lk")');
    await p.waitForFunction(() => document.querySelector('.lk-tab.on')?.getAttribute('title') === 'rulepacks/national/rules/drug-policy.lk', null, { timeout: 10_000 });
    await p.waitForTimeout(500);
    // Cursor right after the first `med_list_codg` in the file.
    await p.evaluate(() => {
      const ed = document.querySelector('lk-editor') as unknown as { getText(): string; selectRange(a: number, b: number): void };
      const at = ed.getText().indexOf('med_list_codg') + 'med_list_codg'.length;
      ed.selectRange(at, at);
      const w = window as unknown as { lkKey: number; lkTimes: number[] };
      w.lkTimes = [];
      document.addEventListener('keydown', () => (w.lkKey = performance.now()), true);
      document.addEventListener('lk-diagnostics', () => w.lkTimes.push(performance.now() - w.lkKey));
    });
    for (let i = 0; i < edits; i++) {
      const n = await p.evaluate(() => (window as unknown as { lkTimes: number[] }).lkTimes.length);
      await p.keyboard.press(i % 2 === 0 ? 'x' : 'Backspace');
      await p.waitForFunction((k) => (window as unknown as { lkTimes: number[] }).lkTimes.length > k, n, { timeout: 10_000, polling: 'raf' });
    }
    await p.waitForTimeout(300);
    const times = await p.evaluate(() => (window as unknown as { lkTimes: number[] }).lkTimes);
    const dir = join(DIST, 'assets');
    const assets = readdirSync(dir)
      .map((file) => {
        const buf = readFileSync(join(dir, file));
        return { file, bytes: statSync(join(dir, file)).size, gzip: gzipSync(buf).length };
      })
      .sort((a, b) => b.bytes - a.bytes);
    const report: StudioReport = {
      chromium: browser.version(),
      loadMs,
      loadMedianMs: pct(loadMs, 50),
      edits: times.length,
      keyToMarkersP50: Math.round(pct(times, 50) * 10) / 10,
      keyToMarkersP95: Math.round(pct(times, 95) * 10) / 10,
      keyToMarkersMax: Math.round(Math.max(...times) * 10) / 10,
      assets,
    };
    log(`  keystroke → markers over ${report.edits} edits: p50 ${report.keyToMarkersP50} ms, p95 ${report.keyToMarkersP95} ms, max ${report.keyToMarkersMax} ms`);
    return report;
  } finally {
    await browser.close();
    await site.close();
  }
}

const kb = (n: number): string => `${(n / 1024).toFixed(0)} KB`;

export function studioTable(r: StudioReport | null): string {
  if (!r) return '_studio bench skipped (no Chromium)_';
  const rows = [
    '| studio (Chromium ' + r.chromium + ') | measured | target |',
    '| --- | --- | --- |',
    `| initial load → interactive editor, national pack (median of 3) | ${r.loadMedianMs} ms (${r.loadMs.join(', ')}) | ≤ 2000 ms |`,
    `| keystroke → updated markers, national rules/drug-policy.lk, p50 (${r.edits} edits) | ${r.keyToMarkersP50} ms | |`,
    `| keystroke → updated markers, p95 | ${r.keyToMarkersP95} ms | ≤ 100 ms |`,
    '',
    '| dist/studio/assets | size | gzip |',
    '| --- | --- | --- |',
    ...r.assets.map((a) => `| ${a.file} | ${kb(a.bytes)} | ${kb(a.gzip)} |`),
    `| **total** | ${kb(r.assets.reduce((n, a) => n + a.bytes, 0))} | ${kb(r.assets.reduce((n, a) => n + a.gzip, 0))} |`,
  ];
  return rows.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await studioBench();
  console.log('\n' + studioTable(r));
}
