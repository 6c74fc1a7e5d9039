import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { eventually, launchBrowser, metric, openApp, pauseAndReadStep, waitUntilReady } from './browser';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Trains until at least `steps` steps are done, pauses, and returns the step training stopped at. */
async function trainPast(page: Page, steps: number, timeoutMs: number): Promise<number> {
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await eventually(`${steps} steps are done`, async () => (await metric(page, 'Step')) >= steps, timeoutMs);
  return pauseAndReadStep(page);
}

test('copy: the curriculum\'s range is shown live, the difficulty panel shades the trained lengths', { timeout: 360_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=copy&cell=lstm&hidden=16&batch=8&copyMaxLength=2&copyIncrement=1&copyEvery=20');
  try {
    await waitUntilReady(page);
    const range = page.getByLabel('Training vectors to copy', { exact: true });
    assert.equal(await range.textContent(), '—');
    const step = await trainPast(page, 40, 120_000);
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

test('parity: a curriculum on the non-zero count shows its live range; without one there is no such row', { timeout: 120_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=parity&bits=6&hidden=8&batch=16&trainNonZero=1&nonZeroEvery=10');
  try {
    await waitUntilReady(page);
    const range = page.getByLabel('Training non-zero bits', { exact: true });
    assert.equal(await range.textContent(), '—');
    const step = await trainPast(page, 30, 60_000);
    assert.equal(await range.textContent(), `1–${Math.min(6, 1 + Math.floor(step / 10))}`);
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/parity-curriculum.png`, fullPage: true });
    // The same task without the curriculum: the row is gone.
    await page.goto(new URL('/#task=parity&bits=6&hidden=8&batch=16&trainNonZero=0', page.url()).href);
    await page.reload();
    await waitUntilReady(page);
    assert.equal(await page.getByLabel('Training non-zero bits', { exact: true }).count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
