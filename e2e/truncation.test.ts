import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { eventually, launchBrowser, metric, openApp } from './browser';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('an aLSTM on delay copy with adaptive truncation shows K and the gradient decay that chose it', { timeout: 300_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=delaycopy&cell=alstm&hidden=12&adaptSize=6&layers=1&batch=8&tbpttDelta=0.5');
  try {
    assert.equal(await page.getByLabel('Cell', { exact: true }).inputValue(), 'alstm');
    const start = page.getByRole('button', { name: 'Start', exact: true });
    await eventually('Start is enabled', () => start.isEnabled());
    await start.click();
    const panel = page.getByRole('region', { name: 'Adaptive truncation' });
    await eventually('the first probe is drawn', async () => /the probe chose \d+/.test((await panel.textContent()) ?? ''), 240_000);
    await eventually('a few steps ran', async () => (await metric(page, 'Step')) > 2, 60_000);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    assert.equal(await panel.locator('svg path').count() >= 4, true, 'K line, φ curve, fitted line, δ̂ curve');
    await panel.screenshot({ path: join(process.env.SCREENSHOT_DIR ?? tmpdir(), 'truncation-panel.png') });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
