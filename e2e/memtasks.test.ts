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

test('copy: the curriculum\'s range is shown live, the difficulty panel shades the trained lengths', { timeout: 360_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=copy&cell=lstm&hidden=16&batch=8&copyMaxLength=2&copyIncrement=1&copyEvery=20');
  try {
    await waitUntilReady(page);
    const range = page.getByLabel('Training vectors to copy', { exact: true });
    assert.equal(await range.textContent(), '—');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await eventually('40 steps are done', async () => (await metric(page, 'Step')) >= 40, 120_000);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    // The step in flight when Pause was pressed still finishes: read the step once training has stopped.
    await eventually('training has stopped', () => page.getByRole('button', { name: 'Start', exact: true }).isEnabled(), 30_000);
    const step = await metric(page, 'Step');
    assert.equal(await range.textContent(), `1–${2 + Math.floor(step / 20)}`);
    const panel = page.getByRole('region', { name: 'Error and ponder by difficulty' });
    await eventually('the final evaluation marks the trained lengths', async () => ((await panel.textContent()) ?? '').includes(`Latest, at step ${step}:`), 240_000);
    assert.match((await panel.textContent()) ?? '', /shaded: the lengths trained on, 1–\d+/);
    assert.ok((await panel.locator('svg text', { hasText: 'trained' }).count()) >= 2, 'both charts label the trained range');
    if (process.env.SCREENSHOT_DIR) {
      await panel.screenshot({ path: `${process.env.SCREENSHOT_DIR}/copy-difficulty.png` });
      await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/copy-page.png`, fullPage: true });
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
