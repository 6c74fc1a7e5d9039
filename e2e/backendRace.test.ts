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

test('backend=auto races the backends on the model: WASM beats WebGL on SwiftShader here, and the numbers are shown', { timeout: 300_000 }, async () => {
  // ?race=software: SwiftShader WebGL is raced too (by default software renderers are not, see backendRace.ts).
  const { page, errors, close } = await openApp(browser, '/?race=software#task=parity');
  try {
    const race = page.getByLabel('Backend race');
    // WebGL's first step compiles its shaders on SwiftShader: seconds on this machine, more under load.
    const backendLine = page.getByRole('region', { name: 'Backend' });
    await eventually('the race is shown', () => race.isVisible(), 180_000).catch(async (error: Error) => {
      throw new Error(`${error.message}; the Backend region says: ${await backendLine.textContent()}; errors: ${errors.join('; ')}`);
    });
    const text = (await race.textContent()) ?? '';
    assert.match(text, /Auto picked wasm/, text);
    assert.match(text, /wasm \d+(\.\d+)? ms\/step/, `WASM's time a step is shown: ${text}`);
    assert.match(text, /webgl( \d+(\.\d+)? ms\/step|: [^·]*first step \d+ ms)/, `WebGL's numbers are shown: ${text}`);
    assert.match((await backendLine.textContent()) ?? '', /Backend: wasm/);
    await waitUntilReady(page);

    // The pick is remembered for this config shape: a reload does not race again.
    await page.reload();
    await eventually('the remembered race is shown', async () => /remembered from an earlier race/.test((await race.textContent().catch(() => '')) ?? ''), 120_000);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('without a GPU, auto does not race software renderers: WASM, untimed; a backend chosen by hand is used as is', { timeout: 120_000 }, async () => {
  const auto = await openApp(browser, '/#task=parity');
  try {
    const race = auto.page.getByLabel('Backend race');
    await eventually('the pick is shown', () => race.isVisible(), 60_000);
    const text = (await race.textContent()) ?? '';
    assert.match(text, /Auto picked wasm, the only backend to race/, text);
    assert.match(text, /webgl: software renderer: not raced/, text);
    assert.deepEqual(auto.errors, []);
  } finally {
    await auto.close();
  }

  const { page, errors, close } = await openApp(browser, '/#task=parity&backend=wasm');
  try {
    await waitUntilReady(page);
    assert.match((await page.getByRole('region', { name: 'Backend' }).textContent()) ?? '', /Backend: wasm/);
    assert.equal(await page.getByLabel('Backend race').count(), 0, 'no race for a manual choice');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
