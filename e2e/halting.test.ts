import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { eventually, launchBrowser, metric, openApp, pauseUntilEvaluated, waitUntilReady } from './browser';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const hash = (page: Page) => page.evaluate(() => decodeURIComponent(window.location.hash));
const runsTable = (page: Page) => page.getByRole('region', { name: 'Runs compared', exact: true }).getByRole('table');

/** Trains a few steps with one click on Start, then pauses (which records the run in Runs compared). */
async function trainBriefly(page: Page): Promise<void> {
  await waitUntilReady(page);
  await button(page, 'Start').click();
  await eventually('a few steps are done', async () => (await metric(page, 'Step')) >= 20, 90_000);
  await pauseUntilEvaluated(page);
}

/** Chooses a halting method; once the model has trained, the change asks for a new model. */
async function chooseHalting(page: Page, method: string): Promise<void> {
  await field(page, 'Halting').selectOption(method);
  const apply = button(page, 'Apply & reset');
  if (await apply.isVisible()) await apply.click();
  await eventually(`halting=${method} is in the link`, async () => (await hash(page)).includes(`halting=${method}`), 10_000);
}

test('a shared link carries the halting method and its knobs, and each method shows only its own', { timeout: 60_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=parity&bits=6&halting=pondernet&lambdaP=0.3&beta=0.02');
  try {
    await waitUntilReady(page);
    assert.equal(await field(page, 'Halting').inputValue(), 'pondernet');
    assert.equal(await page.getByRole('spinbutton', { name: 'Prior halting probability λ_p' }).inputValue(), '0.3');
    assert.equal(await field(page, 'Time penalty τ').count(), 0, 'τ belongs to ACT');
    assert.match(await hash(page), /halting=pondernet.*beta=0\.02&lambdaP=0\.3/);
    await chooseHalting(page, 'repeat');
    assert.equal(await field(page, 'Prior halting probability λ_p').count(), 0, 'λ_p belongs to PonderNet');
    await page.getByRole('spinbutton', { name: 'Updates per input step ρ' }).fill('3');
    await page.getByRole('spinbutton', { name: 'Updates per input step ρ' }).press('Enter');
    await eventually('ρ = 3 is in the link', async () => /halting=repeat.*repeats=3/.test(await hash(page)), 10_000);
    assert.doesNotMatch(await hash(page), /lambdaP|beta|tau=/);
    // The link opens the same settings elsewhere.
    const shared = await openApp(browser, `/${await hash(page)}`);
    try {
      await waitUntilReady(shared.page);
      assert.equal(await field(shared.page, 'Halting').inputValue(), 'repeat');
      assert.equal(await shared.page.getByRole('spinbutton', { name: 'Updates per input step ρ' }).inputValue(), '3');
      assert.deepEqual(shared.errors, []);
    } finally {
      await shared.close();
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a run replaced while it trains is recorded in Runs compared at its last step', { timeout: 180_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=parity&bits=6&hidden=16&batch=32&halting=act&tau=0.01');
  try {
    await waitUntilReady(page);
    await button(page, 'Start').click();
    await eventually('a few steps are done', async () => (await metric(page, 'Step')) >= 20, 90_000);
    await chooseHalting(page, 'repeat');
    const row = runsTable(page).getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'ACT τ=0.01' }) });
    await eventually('the replaced run is listed', async () => (await row.count()) === 1, 30_000);
    const steps = Number((await row.getByRole('cell').nth(2).textContent())?.replace(/[^0-9]/g, ''));
    // Periodic evaluations come at multiples of 250 steps; the final one at whatever step the run had reached.
    assert.ok(steps >= 20 && steps % 250 !== 0, `recorded at its last step (${steps}), not at an earlier evaluation`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('trains ACT, PonderNet and fixed repetition one after another and compares them in Runs compared', { timeout: 360_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=parity&bits=6&hidden=16&batch=32&halting=act&tau=0.001');
  try {
    await trainBriefly(page);
    await chooseHalting(page, 'pondernet');
    await trainBriefly(page);
    await chooseHalting(page, 'repeat');
    await trainBriefly(page);
    const table = runsTable(page);
    for (const setting of ['ACT τ=0.001', 'PonderNet λp=0.1', 'repeat ρ=2']) {
      await eventually(`the run ${setting} is listed`, async () => (await table.getByRole('rowheader', { name: setting }).count()) === 1, 20_000);
    }
    const chart = page.getByRole('img', { name: 'Held-out error of the recorded runs; the values are in the table below' });
    const text = (await chart.textContent()) ?? '';
    for (const label of ['ACT', 'PonderNet', 'repeat', 'τ=0.001', 'λp=0.1', 'ρ=2']) assert.ok(text.includes(label), `the methods chart shows ${label}`);
    const byDifficulty = page.getByRole('img', { name: 'Held-out sequence error by difficulty, one line per halting method and knob' });
    assert.ok(((await byDifficulty.textContent()) ?? '').includes('PonderNet λp=0.1'), 'error by difficulty has a PonderNet line');
    await page.getByRole('region', { name: 'Runs compared', exact: true }).screenshot({ path: process.env.HALTING_SCREENSHOT ?? '/tmp/halting-runs.png' });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
