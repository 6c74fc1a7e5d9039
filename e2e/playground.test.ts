import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
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

const panel = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true });
const hashValue = (page: Page, key: string) => new URL(page.url()).hash.match(new RegExp(`[#&]${key}=([^&]*)`))?.[1];

/** How many data marks (paths with drawn points, rects) a panel's chart has, scrolled into view as a user would (live charts draw while on screen). */
async function marks(page: Page, title: string, selector: string): Promise<number> {
  await panel(page, title).scrollIntoViewIfNeeded();
  return panel(page, title).locator(`svg ${selector}`).count();
}

test('trains live: panels fill, τ moves by keyboard without a reset, the link survives a reload', { timeout: 90_000 }, async () => {
  const { page, errors, close } = await openApp(browser);
  try {
    await waitUntilReady(page);
    await eventually('the ponder panel shows the first trace', async () => (await marks(page, 'Ponder per input step', 'rect')) > 0, 20_000);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await eventually('the step count passes 20', async () => (await metric(page, 'Step')) > 20);
    await eventually('the learning curves have lines', async () => (await marks(page, 'Learning curves', 'path[stroke-width="2"]')) >= 3);

    const tau = page.getByRole('slider', { name: 'Time penalty τ' });
    const tauBefore = hashValue(page, 'tau');
    const stepBefore = await metric(page, 'Step');
    await tau.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('PageUp');
    // Two key presses may reach the hash as two debounced writes: wait for the control's final value.
    const tauAfter = await page.getByLabel('Time penalty τ, exact value').inputValue();
    await eventually('the hash carries the new τ', async () => hashValue(page, 'tau') === tauAfter, 5_000);
    assert.ok(Number(tauAfter) > Number(tauBefore), `τ grew from ${tauBefore} to ${tauAfter}`);
    await eventually('training goes on past the step before the change', async () => (await metric(page, 'Step')) > stepBefore + 20, 30_000);
    assert.equal(await page.locator('.confirm-bar').count(), 0, 'a live setting asks for no confirmation');

    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await eventually('the paused run is kept', async () => /\(step (\d+)\)/.exec((await page.locator('.run-kept').textContent()) ?? '')?.[1] === String(await metric(page, 'Step')), 10_000);
    const pausedAt = await metric(page, 'Step');
    await page.reload();
    await waitUntilReady(page);
    assert.equal(hashValue(page, 'tau'), tauAfter, 'the reloaded link keeps τ');
    assert.equal(await page.getByLabel('Time penalty τ, exact value').inputValue(), tauAfter);
    assert.equal(await metric(page, 'Step'), pausedAt, 'a reload continues the kept run');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

/** The help text a control points to with aria-describedby. */
async function description(page: Page, role: 'slider' | 'spinbutton', name: string): Promise<string> {
  const control = page.getByRole(role, { name, exact: true });
  const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

test('a setting that refines another says when it has no effect, and wakes with it', { timeout: 60_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=parity&ponderTarget=0');
  try {
    await waitUntilReady(page);
    assert.match(await description(page, 'slider', 'Budget step η'), /^No effect while Ponder budget is 0\. How fast/);
    const budget = page.getByLabel('Ponder budget, exact value');
    await budget.fill('3');
    await budget.press('Enter');
    await eventually('the budget step acts', async () => !(await description(page, 'slider', 'Budget step η')).includes('No effect'), 5_000);
    await eventually('the link carries the budget', async () => hashValue(page, 'ponderTarget') === '3', 5_000);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a link with bad values names them, applies the good ones and uses defaults for the rest', { timeout: 60_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#v=1&tau=abc&eps=7&bits=12&bogus=1');
  try {
    const alert = page.getByRole('alert');
    await eventually('the notice is shown', () => alert.isVisible(), 10_000);
    const text = (await alert.textContent()) ?? '';
    for (const shown of ['tau=abc', 'eps=7', 'bogus=1']) assert.ok(text.includes(shown), `the notice names ${shown}`);
    assert.equal(await page.getByLabel('Bits', { exact: true }).inputValue(), '12');
    assert.equal(await page.getByLabel('Halting threshold ε, exact value').inputValue(), '0.01');
    // v: the current SCHEMA_VERSION (src/config/schema.ts).
    assert.match(page.url(), /#v=14&task=parity&/, 'the link is rewritten in full, with its schema version');
    await waitUntilReady(page);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    assert.equal(await alert.count(), 0);

    // An edit of the hash while the page is open is read the same way.
    await page.evaluate(() => (window.location.hash = '#v=1&task=parity&tau=0.05&nonsense=2'));
    await eventually('the edited τ applies', async () => (await page.getByLabel('Time penalty τ, exact value').inputValue()) === '0.05', 5_000);
    assert.match((await page.getByRole('alert').textContent()) ?? '', /nonsense=2/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a change that needs a new model asks first', { timeout: 60_000 }, async () => {
  const { page, errors, close } = await openApp(browser);
  try {
    await waitUntilReady(page);
    await page.getByRole('button', { name: 'One step', exact: true }).click();
    // The default link opens on the pretrained snapshot, whose training continues from its own step.
    await eventually('one step is done', async () => Number.isFinite(await metric(page, 'Step')), 20_000);
    const stepped = await metric(page, 'Step');
    const hidden = page.getByLabel('Hidden units', { exact: true });
    await hidden.fill('32');
    await hidden.press('Enter');
    const bar = page.locator('.confirm-bar');
    await eventually('the confirm bar shows', () => bar.isVisible(), 5_000);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    await eventually('Escape cancels', async () => (await bar.count()) === 0, 5_000);
    assert.equal(await hidden.inputValue(), '64');
    assert.equal(await metric(page, 'Step'), stepped);

    await hidden.fill('32');
    await hidden.press('Enter');
    await bar.getByRole('button', { name: 'Apply & reset' }).click();
    await eventually('the new model is built', async () => (await metric(page, 'Step')).toString() === 'NaN' && (await page.getByRole('button', { name: 'Start', exact: true }).isEnabled()), 20_000);
    await eventually('the hash follows', async () => hashValue(page, 'hidden') === '32', 5_000);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('step-through walks the ponder steps; panels and metrics export as files', { timeout: 60_000 }, async () => {
  const { page, errors, close } = await openApp(browser);
  try {
    await waitUntilReady(page);
    const stepThrough = panel(page, 'Step through one input step');
    const next = stepThrough.getByRole('button', { name: 'Next ponder step' });
    await eventually('the step-through has a trace', () => next.isVisible(), 20_000);
    assert.match((await stepThrough.textContent()) ?? '', /update 1 of \d+/);
    assert.match((await stepThrough.textContent()) ?? '', /continue|halt/);
    await next.click();
    assert.match((await stepThrough.textContent()) ?? '', /update 2 of \d+/);
    await stepThrough.getByRole('button', { name: 'Previous ponder step' }).click();
    assert.match((await stepThrough.textContent()) ?? '', /update 1 of \d+/);

    await page.getByRole('button', { name: 'One step', exact: true }).click();
    await eventually('one step is done', async () => Number.isFinite(await metric(page, 'Step')), 20_000);
    for (const name of ['Export metrics as CSV', 'Export Ponder per input step as PNG', 'Export Halting probabilities as SVG']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      const path = await download.path();
      assert.ok(path && statSync(path).size > 100, `${name} saved a non-empty file (${download.suggestedFilename()})`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the same link gives the same run', { timeout: 60_000 }, async () => {
  const link = '/#v=1&task=parity&hidden=16&seed=7&bits=6';
  const losses: number[][] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    const { page, errors, close } = await openApp(browser, link);
    try {
      await waitUntilReady(page);
      const seen: number[] = [];
      for (let step = 1; step <= 3; step++) {
        await page.getByRole('button', { name: 'One step', exact: true }).click();
        await eventually(`step ${step} is done`, async () => (await metric(page, 'Step')) === step, 20_000);
        seen.push(await metric(page, 'Loss'), await metric(page, 'Gradient norm'));
      }
      losses.push(seen);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  }
  assert.deepEqual(losses[0], losses[1]);
});
