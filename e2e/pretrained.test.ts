import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { eventually, launchBrowser, openApp, waitUntilReady } from './browser';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('parity opens on its pretrained snapshot, says how it was trained, and trains from scratch in one click', { timeout: 60_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=parity');
  try {
    await waitUntilReady(page);
    const origin = page.locator('.model-origin');
    await eventually('the pretrained line shows', async () => /Pretrained: the pretrained snapshot \(RNN, 64 units, 1 layer, with ACT\), trained 2,000 steps with the CLI/.test((await origin.textContent()) ?? ''), 20_000);
    assert.match((await origin.textContent()) ?? '', /0\.0% sequence error, ponder 2\.50 on 1,000 held-out sequences/);
    await origin.getByRole('button', { name: 'Train from scratch' }).click();
    await eventually('a fresh model offers the snapshot instead', async () => /A fresh model\./.test((await origin.textContent()) ?? ''), 20_000);
    await origin.getByRole('button', { name: 'Load the pretrained snapshot' }).click();
    await eventually('the snapshot is back', async () => /Pretrained:/.test((await origin.textContent()) ?? ''), 20_000);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('logic opens on its pretrained snapshot, trained under the quick preset\'s ponder budget', { timeout: 60_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=logic');
  try {
    await waitUntilReady(page);
    const origin = page.locator('.model-origin');
    await eventually('the pretrained line shows', async () => /Pretrained: the pretrained snapshot \(LSTM, 64 units, 1 layer, with ACT\), trained 6,000 steps with the CLI \(τ 0\.01, ponder budget 4, lr 0\.003/.test((await origin.textContent()) ?? ''), 20_000);
    assert.match((await origin.textContent()) ?? '', /0\.0% sequence error, ponder 3\.60 on 1,000 held-out sequences/);
    await page.screenshot({ path: process.env.PRETRAINED_SCREENSHOT ?? '/tmp/logic-pretrained.png', fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
