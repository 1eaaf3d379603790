// Shared by the browser tests: build the studio once (a lock directory keeps two test files from
// building at the same time), launch Chromium, take screenshots.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

export const ROOT = join(import.meta.dirname, '..', '..');
export const DIST = join(ROOT, 'dist', 'studio');
/** The library bundle of the components (`vite build --mode lib`), used by examples/embed. */
export const LIB = join(ROOT, 'dist', 'studio-lib');
export const CHROMIUM = process.env.LIANGKU_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function fresh(index = join(DIST, 'index.html')): boolean {
  const sources = Math.max(newest(join(ROOT, 'studio')), newest(join(ROOT, 'rulepacks')), newest(join(ROOT, 'dsl')), newest(join(ROOT, 'compiler')));
  return existsSync(index) && statSync(index).mtimeMs > sources;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Build dist/studio unless it is newer than every source; one builder at a time. */
export async function ensureBuilt(mode: 'app' | 'lib' = 'app'): Promise<void> {
  const lock = join(ROOT, 'dist', '.studio-build.lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A stale lock (a killed run) is taken over after 3 minutes.
      if (i > 1800 || (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 180_000)) {
        rmSync(lock, { recursive: true, force: true });
      }
      await sleep(100);
    }
  }
  try {
    const out = mode === 'app' ? join(DIST, 'index.html') : join(LIB, 'lk-studio.js');
    const args = mode === 'app' ? ['build'] : ['build', '--mode', 'lib'];
    if (!fresh(out)) execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), ...args], { cwd: ROOT, stdio: 'pipe' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function shot(page: Page, path: string, list: string[], fullPage = false): Promise<void> {
  await page.screenshot({ path, fullPage });
  list.push(path);
}
