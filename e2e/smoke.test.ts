import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { eventually, launchBrowser, metric, openApp } from './browser';

const BACKEND_NAME = /\b(webgpu|webgl|wasm|cpu)\b/;

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('trains from Start to Pause without errors', { timeout: 120_000 }, async () => {
  const { page, errors, close } = await openApp(browser);
  try {
    const backend = page.getByRole('region', { name: 'Backend' });
    await eventually('a backend is named', async () => BACKEND_NAME.test((await backend.textContent()) ?? ''));
    const backendLine = (await backend.textContent()) ?? '';
    if (/\bwasm\b/.test(backendLine)) {
      // Every logical core but one trains (the page keeps one: src/worker/machine.ts trainingThreads; TF.js alone
      // would take half of them: src/core/wasmThreadCount.ts).
      const threads = Math.max(1, (await page.evaluate(() => navigator.hardwareConcurrency)) - 1);
      assert.match(backendLine, new RegExp(threads > 1 ? `\\b${threads} threads\\b` : '\\b1 thread\\b'));
    }

    const start = page.getByRole('button', { name: 'Start', exact: true });
    await eventually('Start is enabled', () => start.isEnabled());
    await start.click();

    await eventually('the step count passes 0', async () => (await metric(page, 'Step')) > 0);
    const firstSeen = await metric(page, 'Step');
    await eventually('the step count advances', async () => (await metric(page, 'Step')) > firstSeen);
    assert.ok(Number.isFinite(await metric(page, 'Loss')), 'the loss is a finite number');

    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await eventually('Start is enabled again', () => start.isEnabled());
    const pausedAt = await metric(page, 'Step');
    await page.waitForTimeout(500);
    assert.equal(await metric(page, 'Step'), pausedAt, 'no steps after pausing');

    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('names the settings in the link that were not used', { timeout: 60_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#hidden=lots&bits=12&nonsense=1');
  try {
    const alert = page.getByRole('alert');
    await eventually('an alert is shown', () => alert.isVisible(), 10_000);
    const text = (await alert.textContent()) ?? '';
    assert.match(text, /hidden=lots/);
    assert.match(text, /nonsense=1/);
    assert.doesNotMatch(text, /bits=/, 'a valid value is not a problem');
    assert.equal(await page.getByLabel('Bits', { exact: true }).inputValue(), '12', 'the valid value applies');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
