// The version diff view served by the real registry server, in Chromium: the published pack against
// its base (diffArtifacts in the page), and a claims file evaluated by both versions on the server.
// Screenshots: /tmp/studio-diff-*.png.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DIST, ROOT, ensureBuilt, hasChromium, launch, shot } from './browser.js';
import { startLiveServer, type LiveServer } from './live-server.js';

const SHOTS: string[] = [];

/** The reason text of a `set NAME = … because "…"` in a pack file. */
function reasonOf(pack: string, pattern: RegExp): string {
  const m = pattern.exec(readFileSync(join(ROOT, 'rulepacks', pack, 'pack.lk'), 'utf8'));
  if (!m?.[1]) throw new Error(`no reason matching ${pattern} in ${pack}`);
  return m[1];
}

describe.skipIf(!hasChromium)('version diff view served by the registry server', () => {
  let browser: Browser;
  let server: LiveServer;
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    [server, browser] = await Promise.all([startLiveServer(DIST), launch()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (SHOTS.length) console.log(`studio diff screenshots:\n  ${SHOTS.join('\n  ')}`);
  });

  async function openDiff(pack: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}?pack=rulepacks/${pack}`);
    await page.waitForFunction(() => /检查完成|Checked/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''), null, { timeout: 30_000 });
    await page.click('[data-testid=panel-diff]');
    await page.locator('[data-testid=sdiff]').waitFor({ timeout: 30_000 });
    return page;
  }

  it('Xinzhou against Shanxi: exactly family_doctor_ratio none → 0.6, set by the Xinzhou layer with its reason; no rule or knowledge change', async () => {
    const page = await openDiff('xinzhou');
    await expect(page.locator('[data-testid=sdiff-head]').textContent()).resolves.toMatch(/shanxi\.outpatient@2024\.1\.0\s*→\s*xinzhou\.outpatient@2024\.1\.0/);
    const params = page.locator('[data-testid=sdiff-params] tbody tr');
    await expect(params.count()).resolves.toBe(1);
    const row = params.first();
    await expect(row.getAttribute('data-param')).resolves.toBe('family_doctor_ratio');
    await expect(row.locator('[data-testid=old]').textContent()).resolves.toBe('none');
    await expect(row.locator('[data-testid=new]').textContent()).resolves.toBe('0.6');
    await expect(row.locator('[data-testid=layer]').textContent()).resolves.toBe('xinzhou.outpatient@2024.1.0');
    await expect(row.locator('[data-testid=reason]').textContent()).resolves.toBe(reasonOf('xinzhou', /set family_doctor_ratio = 60% because "([^"]+)"/));
    await expect(page.locator('[data-testid=sdiff-rules]').count()).resolves.toBe(0);
    await expect(page.locator('[data-testid=sdiff-none-rules]').count()).resolves.toBe(1);
    await expect(page.locator('[data-testid=sdiff-tables]').count()).resolves.toBe(0);
    await expect(page.locator('[data-testid=sdiff-none-tables]').count()).resolves.toBe(1);
    await expect(page.locator('[data-testid=sdiff-none-other]').count()).resolves.toBe(1);
    // The source-level view of the pack being edited is still there, below.
    await expect(page.locator('[data-testid=diff]').count()).resolves.toBe(1);
    await shot(page, '/tmp/studio-diff-1-xinzhou.png', SHOTS);

    // A claims file: a family-doctor-signed resident visiting the signed grassroots institution, and the plain visit.
    const visit = JSON.parse(readFileSync(join(ROOT, 'rulepacks', 'shanxi', 'tests', 'visit.json'), 'utf8')) as {
      request_id: string; patient: Record<string, unknown>; encounter: Record<string, unknown>;
    };
    const signed = {
      ...visit, request_id: 'SX-SIGNED',
      patient: { ...visit.patient, family_doctor_signed: true, signed_medins_code: visit.encounter.fixmedins_code },
      encounter: { ...visit.encounter, fee_price_class: '2', grassroots_flag: true },
    };
    const jsonl = [signed, visit].map((r) => JSON.stringify(r)).join('\n') + '\n';
    await page.locator('[data-testid=sdiff-claims-file]').setInputFiles({ name: 'claims.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(jsonl) });
    const summary = page.locator('[data-testid=sdiff-claims-summary]');
    await summary.waitFor({ timeout: 30_000 });
    await expect(summary.textContent()).resolves.toMatch(/^claims\.jsonl：审核 2 条请求；发现 \d+ → \d+$/);
    await expect(page.locator('[data-testid=sdiff-claims-none]').textContent()).resolves.toBe('没有发现新出现或消失');
    await expect(page.locator('[data-testid=sdiff-claims-rules]').count()).resolves.toBe(0);
    await expect(page.locator('[data-testid=sdiff-claims-failed]').count()).resolves.toBe(0);
    await page.locator('[data-testid=sdiff-claims]').scrollIntoViewIfNeeded();
    await shot(page, '/tmp/studio-diff-2-xinzhou-claims.png', SHOTS);

    // A file with a broken line is refused in the page, naming the line.
    await page.locator('[data-testid=sdiff-claims-file]').setInputFiles({ name: 'bad.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(`${JSON.stringify(visit)}\n{ "encounter": \n`) });
    await expect(page.locator('[data-testid=sdiff-claims-errors]').textContent()).resolves.toContain('bad.jsonl: line 2: not valid JSON');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Jinan against the national pack: the disabled rule (active → retired, with the reason) and the parameter set', async () => {
    const page = await openDiff('jinan');
    await expect(page.locator('[data-testid=sdiff-head]').textContent()).resolves.toMatch(/nhsa\.audit@1\.0\.0\s*→\s*jinan\.audit@2024\.1\.0/);
    const retired = page.locator('[data-testid=sdiff-rules] tr[data-rule=GZ10000201002000]');
    await expect(retired.locator('[data-field=state]').textContent()).resolves.toBe('state: active → retired');
    const reason = reasonOf('jinan', /disable GZ10000201002000 because "([^"]+)"/);
    await expect(retired.locator('[data-testid=reason]').textContent()).resolves.toBe(reason);
    await expect(retired.locator('[data-field=stateReason]').textContent()).resolves.toBe(`stateReason: none → ${reason}`);
    await expect(retired.locator('[data-testid=layer]').textContent()).resolves.toBe('jinan.audit@2024.1.0');
    const param = page.locator('[data-testid=sdiff-params] tr[data-param=readmit_window_days]');
    await expect(param.locator('[data-testid=old]').textContent()).resolves.toBe('15');
    await expect(param.locator('[data-testid=new]').textContent()).resolves.toBe('14');
    await expect(param.locator('[data-testid=reason]').textContent()).resolves.toBe(reasonOf('jinan', /set readmit_window_days = 14\S* because "([^"]+)"/));
    // Jinan's own rules are added; it changes no knowledge rows.
    await expect(page.locator('[data-testid=sdiff-rules] tr[data-rule=JN0001] .k-added').count()).resolves.toBe(1);
    await expect(page.locator('[data-testid=sdiff-none-tables]').count()).resolves.toBe(1);
    await retired.scrollIntoViewIfNeeded();
    await shot(page, '/tmp/studio-diff-3-jinan.png', SHOTS);
    // A claim whose line 2 total (45.00) is not cnt × pric (2 × 20.00): the national pack flags it, Jinan
    // retired that rule, so the finding disappears with its money.
    const visit = JSON.parse(readFileSync(join(ROOT, 'rulepacks', 'shanxi', 'tests', 'visit.json'), 'utf8')) as { request_id: string; encounter: { feedetail: { det_item_fee_sumamt: number }[] } };
    visit.request_id = 'JN-MISMATCH';
    visit.encounter.feedetail[1]!.det_item_fee_sumamt = 45;
    await page.locator('[data-testid=sdiff-claims-file]').setInputFiles({ name: 'mismatch.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify([visit])) });
    await page.locator('[data-testid=sdiff-claims-summary]').waitFor({ timeout: 30_000 });
    await expect(page.locator('[data-testid=sdiff-claims-summary]').textContent()).resolves.toMatch(/^mismatch\.json：审核 1 条请求；/);
    const moved = page.locator('[data-testid=sdiff-claims-rules] tbody tr');
    await expect(moved.count()).resolves.toBe(1);
    await expect(moved.first().getAttribute('data-rule')).resolves.toBe('GZ10000201002000');
    await expect(moved.first().textContent()).resolves.toMatch(/\+0 \(\+0\.00 元\)[\s\S]*−1 \(−5\.00 元\)[\s\S]*− JN-MISMATCH · \w+ · 5\.00 元 · 违规明细 2 ·/);
    await page.locator('[data-testid=sdiff-claims]').scrollIntoViewIfNeeded();
    await shot(page, '/tmp/studio-diff-4-jinan-claims.png', SHOTS);
    expect(errors).toEqual([]);
    await page.close();
  });
});
