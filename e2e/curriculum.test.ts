import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { eventually, launchBrowser, metric, openApp, waitUntilReady } from './browser';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('parity: a curriculum on the non-zero count shows its live range; without one there is no such row', { timeout: 120_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=parity&bits=6&hidden=8&batch=16&trainNonZero=1&nonZeroEvery=10');
  try {
    await waitUntilReady(page);
    const range = page.getByLabel('Training non-zero bits', { exact: true });
    assert.equal(await range.textContent(), '—');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await eventually('30 steps are done', async () => (await metric(page, 'Step')) >= 30, 60_000);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await eventually('training has stopped', () => page.getByRole('button', { name: 'Start', exact: true }).isEnabled(), 30_000);
    const step = await metric(page, 'Step');
    assert.equal(await range.textContent(), `1–${Math.min(6, 1 + Math.floor(step / 10))}`);
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/parity-curriculum.png`, fullPage: true });
    // The same task without the curriculum: the row is gone.
    await page.goto(new URL('/#task=parity&bits=6&hidden=8&batch=16', page.url()).href);
    await page.reload();
    await waitUntilReady(page);
    assert.equal(await page.getByLabel('Training non-zero bits', { exact: true }).count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
