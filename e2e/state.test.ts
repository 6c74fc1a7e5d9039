import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { eventually, launchBrowser, metric, openApp, waitUntilReady } from './browser';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const statePanel = (page: Page) => page.getByRole('region', { name: 'State', exact: true });
/** The picture of the LSTM's hidden state h as the panel draws it now. */
const hPicture = (page: Page) => statePanel(page).locator('g[data-view="h"] image.state-heatmap').getAttribute('href');

test('the State panel draws the cell\'s views; scrubbing time and choosing a ponder update change them', { timeout: 120_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=addition&hidden=16&batch=8&seed=2');
  try {
    await waitUntilReady(page);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await eventually('the step count passes 10', async () => (await metric(page, 'Step')) > 10, 60_000);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    // The last example is the longest; the selection is shared with the halting panel.
    const examples = page.getByRole('region', { name: 'Halting probabilities', exact: true }).getByLabel('Example', { exact: true });
    await examples.selectOption({ index: (await examples.locator('option').count()) - 1 });

    const panel = statePanel(page);
    const time = panel.getByRole('slider', { name: 'Input step' });
    await eventually('the scrubber is there', () => time.isVisible(), 20_000);
    assert.deepEqual(await panel.locator('g.state-view').evaluateAll((views) => views.map((view) => view.getAttribute('data-view'))), ['h', 'c']);
    assert.match((await panel.locator('g[data-view="c"]').textContent()) ?? '', /cell state c \[16\]/);
    const first = await hPicture(page);
    assert.match(first ?? '', /^data:image\/png;base64,/);
    assert.match((await time.getAttribute('aria-valuetext')) ?? '', /^input step 1 of \d+$/);

    await time.focus();
    await page.keyboard.press('ArrowRight');
    await eventually('the scrubber moved to input step 2', async () => (await time.getAttribute('aria-valuetext'))?.startsWith('input step 2 of') ?? false, 5_000);
    assert.match((await panel.locator('.panel-caption').textContent()) ?? '', /input step 2:/);
    const second = await hPicture(page);
    assert.notEqual(second, first, 'the state at input step 2 is drawn differently from step 1');
    // The other panels follow the same selection.
    assert.match((await page.getByRole('region', { name: 'Halting probabilities', exact: true }).locator('.panel-caption').textContent()) ?? '', /input step 2:/);

    // A fresh model ponders more than once (the halting bias starts at +1), and this one has barely trained.
    const update = panel.getByLabel('Ponder update');
    await update.selectOption('1');
    await eventually('the caption names the update', async () => /after ponder update 1 of/.test((await panel.locator('.panel-caption').textContent()) ?? ''), 5_000);
    assert.notEqual(await hPicture(page), second, 'the state after update 1 differs from the mean field');
    assert.match((await page.getByRole('region', { name: 'Step through one input step', exact: true }).textContent()) ?? '', /update 1 of/);
    // The step-through's buttons move the State panel too.
    const afterFirst = await hPicture(page);
    await page.getByRole('button', { name: 'Next ponder step' }).click();
    await eventually('the State panel follows the step-through', async () => /after ponder update 2 of/.test((await panel.locator('.panel-caption').textContent()) ?? ''), 5_000);
    assert.notEqual(await hPicture(page), afterFirst);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the State panel also draws a cell\'s derived views: the aLSTM\'s policy π, per layer', { timeout: 180_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=addition&cell=alstm&hidden=8&adaptSize=4&layers=2&batch=8&seed=2');
  try {
    await waitUntilReady(page);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await eventually('the step count passes 3', async () => (await metric(page, 'Step')) > 3, 120_000);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    const examples = page.getByRole('region', { name: 'Halting probabilities', exact: true }).getByLabel('Example', { exact: true });
    await examples.selectOption({ index: (await examples.locator('option').count()) - 1 });
    const panel = statePanel(page);
    await eventually('the scrubber is there', () => panel.getByRole('slider', { name: 'Input step' }).isVisible(), 60_000);
    await panel.screenshot({ path: 'test-results/state-alstm-policy.png' });
    const names = await panel.locator('g.state-view').evaluateAll((views) => views.map((view) => view.getAttribute('data-view')));
    const stored = ['h', 'c', 'z', 'cz'];
    assert.deepEqual(names, [...stored.map((name) => `layer0/${name}`), ...stored.map((name) => `layer1/${name}`), 'layer0/policy', 'layer1/policy']);
    // π is in + 13·H wide: layer 1 reads layer 0's h (8), layer 0 the digits and ACT's flag.
    assert.match((await panel.locator('g[data-view="layer1/policy"]').textContent()) ?? '', /Policy π = tanh\(V z\) \(layer 2\) \[112\]/);
    assert.match((await panel.locator('g[data-view="layer0/policy"]').textContent()) ?? '', /Policy π = tanh\(V z\) \(layer 1\) \[\d+\]/);
    // Scrubbing time redraws the policy too.
    const before = await panel.locator('g[data-view="layer0/policy"] image.state-heatmap').getAttribute('href');
    await panel.getByRole('slider', { name: 'Input step' }).focus();
    await page.keyboard.press('ArrowRight');
    await eventually('the policy at input step 2 is drawn differently', async () => (await panel.locator('g[data-view="layer0/policy"] image.state-heatmap').getAttribute('href')) !== before, 5_000);
    assert.match((await panel.locator('g[data-view="layer1/policy"] image.state-heatmap').getAttribute('href')) ?? '', /^data:image\/png;base64,/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
