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

test('a DNC with ACT trains in the page, its own settings shown', { timeout: 120_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=parity&bits=4&cell=dnc&memSlots=8&memWidth=8&readHeads=2&hidden=16&batch=16&maxSteps=5');
  try {
    assert.equal(await page.getByLabel('Memory slots N', { exact: true }).inputValue(), '8');
    assert.equal(await page.getByLabel('Read heads R', { exact: true }).inputValue(), '2');
    await waitUntilReady(page);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await eventually('ten training steps', async () => (await metric(page, 'Step')) >= 10, 90_000);
    assert.ok(Number.isFinite(await metric(page, 'Loss')), 'the loss is a finite number');
    assert.ok((await metric(page, 'Ponder (mean N)')) >= 1, 'ponder is shown');
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
