import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const p = await b.newPage({ viewport: { width: 1440, height: 900 } });
await p.goto('http://127.0.0.1:7399/?pack=rulepacks/shanxi');
await p.waitForTimeout(5000);
await p.getByText('运行测试').first().click();
await p.waitForTimeout(6000);
await p.screenshot({ path: '/tmp/lead-2.png' });
await b.close();
