import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { eventually, launchBrowser, metric, openApp, pauseAndReadStep, waitUntilReady } from './browser';

// Helper threads (src/worker/helperThreads.ts): a batch of 128 on one WASM thread is split with a helper Web Worker
// on a machine of 2 or more cores; a batch of 32 is not (a part of 16 rows is slower than the whole).

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const backendText = async (page: import('playwright-core').Page) => (await page.getByRole('region', { name: 'Backend' }).textContent()) ?? '';

test('a large batch trains split over two threads, and a live change to dropout goes back to one', { timeout: 120_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=logic&logicLength=3&maxGates=3&hidden=16&batch=128&backend=wasm');
  try {
    await waitUntilReady(page);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    if (cores < 2) {
      assert.doesNotMatch(await backendText(page), /split/);
      return;
    }
    await eventually('the backend line names the split', async () => /each batch split over 2 threads \(a helper beside the trainer\)/.test(await backendText(page)), 20_000);
    assert.match(await backendText(page), /WebAssembly, 1 thread/);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await eventually('the run trains a few steps', async () => (await metric(page, 'Step')) >= 3, 60_000);
    assert.ok(Number.isFinite(await metric(page, 'Loss')), 'the loss is a finite number');

    const dropout = page.getByLabel('Output dropout, exact value');
    await dropout.fill('0.1');
    await dropout.press('Enter');
    const notice = page.getByRole('alert').filter({ hasText: 'Training went back to one thread' });
    await eventually('the page says the split ended', () => notice.isVisible(), 20_000);
    await eventually('the backend line no longer names it', async () => !/split/.test(await backendText(page)), 5_000);
    const before = await metric(page, 'Step');
    await eventually('training goes on', async () => (await metric(page, 'Step')) > before + 2, 30_000);
    await pauseAndReadStep(page);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a small batch is not split', { timeout: 60_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=logic&logicLength=3&maxGates=3&hidden=16&batch=32&backend=wasm');
  try {
    await waitUntilReady(page);
    await eventually('the backend is named', async () => /Backend: wasm/.test(await backendText(page)), 20_000);
    assert.doesNotMatch(await backendText(page), /split/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
