import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, eventually, launchBrowser, metric, openApp, pauseUntilEvaluated, waitUntilReady } from './browser';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const SMALL_RUN = '/#v=1&task=parity&bits=6&hidden=16&seed=5';

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const keptStep = async (page: Page) => Number(/\(step (\d+)\)/.exec((await page.locator('.run-kept').textContent()) ?? '')?.[1]);
/**
 * The drawn lines of the learning curves (their shapes, as the path data), once the chart is on screen (a live chart
 * draws only there, at most 2.5 times a second) and its drawing has settled.
 */
async function curveLines(page: Page): Promise<(string | null)[]> {
  const chart = page.getByRole('region', { name: 'Learning curves', exact: true });
  await chart.scrollIntoViewIfNeeded();
  const read = () => chart.locator('svg path').evaluateAll((paths) => paths.map((path) => path.getAttribute('d')));
  let lines = await read();
  await eventually('the learning curves are drawn and settled', async () => {
    await page.waitForTimeout(600);
    const again = await read();
    const settled = again.length > 0 && JSON.stringify(again) === JSON.stringify(lines);
    lines = again;
    return settled;
  });
  return lines;
}

function trainingWorker(page: Page) {
  const worker = page.workers().find((candidate) => candidate.url().includes('trainer.worker'));
  assert.ok(worker, 'the training worker is running');
  return worker;
}

/** Trains for a moment, pauses, and waits until the paused run is kept and its final evaluation recorded. */
async function trainAndKeep(page: Page): Promise<number> {
  await waitUntilReady(page);
  await button(page, 'Start').click();
  await eventually('the step count passes 30', async () => (await metric(page, 'Step')) > 30);
  const step = await pauseUntilEvaluated(page, 20_000);
  await eventually('the paused run is kept', async () => (await keptStep(page)) === step, 20_000);
  await page.waitForTimeout(300);
  return step;
}

test('a reload restores the kept run with its step and curves, and it resumes', { timeout: 90_000 }, async () => {
  const { page, errors, close } = await openApp(browser, SMALL_RUN);
  try {
    const step = await trainAndKeep(page);
    const lines = await curveLines(page);
    await page.reload();
    await waitUntilReady(page);
    assert.match((await page.getByRole('status').filter({ hasText: 'Restored your run' }).textContent()) ?? '', new RegExp(`step ${step}\\b`));
    assert.equal(await metric(page, 'Step'), step);
    assert.deepEqual(await curveLines(page), lines, 'the curves are drawn as before the reload');
    await button(page, 'Start').click();
    await eventually('training goes on from the kept step', async () => (await metric(page, 'Step')) > step + 5, 30_000);
    await button(page, 'Pause').click();
    await eventually('the resumed run is kept', async () => (await keptStep(page)) === (await metric(page, 'Step')), 10_000);
    const resumedStep = await metric(page, 'Step');

    // A link with other settings wins over the kept run, which is offered instead.
    const other = await page.context().newPage();
    await other.goto(new URL(SMALL_RUN.replace('bits=6', 'bits=7'), baseUrl()).href);
    await waitUntilReady(other);
    assert.ok(Number.isNaN(await metric(other, 'Step')), 'the link builds a new model');
    await button(other, 'Restore the kept run').click();
    await eventually('the kept run is restored', async () => (await metric(other, 'Step')) === resumedStep, 20_000);
    await eventually('the link follows the restored run', async () => /bits=6/.test(other.url()), 5_000);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a reload resumes exactly: the step after it has the loss it has without the reload', { timeout: 90_000 }, async () => {
  const losses: number[] = [];
  for (const reload of [false, true]) {
    const { page, errors, close } = await openApp(browser, SMALL_RUN);
    try {
      await waitUntilReady(page);
      for (let step = 1; step <= 4; step++) {
        if (reload && step === 4) {
          await eventually('step 3 is kept', async () => (await keptStep(page)) === 3, 10_000);
          await page.reload();
          await waitUntilReady(page);
        }
        await button(page, 'One step').click();
        await eventually(`step ${step} is done`, async () => (await metric(page, 'Step')) === step, 20_000);
      }
      losses.push(await metric(page, 'Loss'));
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  }
  assert.equal(losses[1], losses[0]);
});

test('an exported run imports back at its step; a truncated file is refused and changes nothing', { timeout: 90_000 }, async () => {
  const { page, errors, close } = await openApp(browser, SMALL_RUN);
  try {
    const step = await trainAndKeep(page);
    const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Export run').click()]);
    const zip = readFileSync((await download.path())!);
    const name = download.suggestedFilename();
    assert.match(name, /^act-parity-run-step-\d+-.*\.zip$/);

    await button(page, 'Reset').click();
    await eventually('a new model is built', async () => Number.isNaN(await metric(page, 'Step')) && (await button(page, 'Start').isEnabled()), 20_000);
    const fileInput = page.getByLabel(/^Run to import/);
    await fileInput.setInputFiles({ name, mimeType: 'application/zip', buffer: zip });
    await eventually('the run is imported', async () => (await metric(page, 'Step')) === step, 20_000);
    assert.match((await page.getByRole('status').filter({ hasText: 'Imported' }).textContent()) ?? '', new RegExp(`Imported ${name}: step ${step}`));

    await fileInput.setInputFiles({ name: 'truncated.zip', mimeType: 'application/zip', buffer: zip.subarray(0, zip.length >> 1) });
    const refusal = page.getByRole('alert').filter({ hasText: 'Could not import truncated.zip' });
    await eventually('the truncated file is refused', () => refusal.isVisible(), 10_000);
    assert.match((await refusal.textContent()) ?? '', /not a readable \.zip \(it may be truncated or damaged\).*Your current run is unchanged/);
    assert.equal(await metric(page, 'Step'), step, 'the current run is untouched');
    await button(page, 'One step').click();
    await eventually('it trains on', async () => (await metric(page, 'Step')) === step + 1, 20_000);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a worker that stops answering without an error is noticed within seconds and replaced', { timeout: 90_000 }, async () => {
  const { page, errors, close } = await openApp(browser, SMALL_RUN);
  try {
    const step = await trainAndKeep(page);
    const worker = trainingWorker(page);
    // Stuck forever, as in a kernel that never returns: no error event, no more messages.
    void worker.evaluate(() => void setTimeout(() => {
      for (;;) {
        // spin
      }
    })).catch(() => undefined);
    const stuckAt = Date.now();
    const notice = page.getByRole('alert').filter({ hasText: 'The training worker stopped answering' });
    await eventually('the silence is reported', () => notice.isVisible(), 30_000);
    const detectedAfter = Date.now() - stuckAt;
    console.log(`silent worker detected after ${(detectedAfter / 1000).toFixed(1)} s`);
    assert.ok(detectedAfter < 20_000, `detected after ${detectedAfter} ms`);
    assert.match((await notice.textContent()) ?? '', new RegExp(`restored from step ${step}`));
    await eventually('the new worker has the run', async () => (await metric(page, 'Step')) === step && (await button(page, 'Start').isEnabled()), 20_000);
    await button(page, 'Start').click();
    await eventually('training goes on', async () => (await metric(page, 'Step')) > step + 5, 30_000);
    await button(page, 'Pause').click();
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a crashed worker is restarted and the run continues from where it was kept', { timeout: 90_000 }, async () => {
  const { page, errors, close } = await openApp(browser, SMALL_RUN);
  try {
    const step = await trainAndKeep(page);
    const worker = trainingWorker(page);
    // An uncaught error thrown inside the worker itself, through the browser's debugging protocol: no test hook in the app.
    await worker.evaluate(() => void setTimeout(() => {
      throw new Error('simulated crash');
    }));
    const notice = page.getByRole('alert').filter({ hasText: 'The training worker crashed' });
    await eventually('the crash is reported', () => notice.isVisible(), 10_000);
    assert.match((await notice.textContent()) ?? '', new RegExp(`simulated crash.*restored from step ${step}`));
    await eventually('the restarted worker has the run', async () => (await metric(page, 'Step')) === step && (await button(page, 'Start').isEnabled()), 20_000);
    await button(page, 'Start').click();
    await eventually('training goes on', async () => (await metric(page, 'Step')) > step + 5, 30_000);
    await button(page, 'Pause').click();
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

/** The GPU backends and the notice's name for each; every cell kind is trained on them before the loss. */
const GPU_BACKENDS = ['webgl', 'webgpu'] as const;
/** Every cell kind, at tiny sizes and few ponder updates (the software GPU backends here are slow). */
const CELLS_FOR_GPU_LOSS = [
  'cell=rnn', 'cell=lstm', 'cell=gru', 'cell=alstm&adaptSize=4',
  'cell=dnc&memSlots=4&memWidth=4&readHeads=1', 'cell=sam&sparseSlots=8&sparseWidth=4&sparseReads=2',
  'cell=sdnc&sparseSlots=8&sparseWidth=4&sparseReads=2&temporalReads=2',
];

/**
 * Trains two kept steps of `cell` on `backend`, breaks the GPU (`lose`: the device or context is lost;
 * `invalid`: WebGPU rejects a call, as it does a kernel beyond its limits), and checks that the run goes on
 * from the kept step on another backend.
 */
async function trainThroughGpuFailure(backend: (typeof GPU_BACKENDS)[number], cell: string, how: 'lose' | 'invalid'): Promise<void> {
  const { page, errors, close } = await openApp(browser, `${SMALL_RUN.replace('hidden=16', 'hidden=8')}&maxSteps=4&${cell}&backend=${backend}`);
  try {
    await waitUntilReady(page);
    const backendLine = page.getByRole('region', { name: 'Backend' });
    assert.match((await backendLine.textContent()) ?? '', new RegExp(`Backend: ${backend}\\b`), `${backend} starts here`);
    // Single steps (software GPU backends are slow here): each one is kept. The first compiles the step's shaders
    // (32 s for the SDNC on SwiftShader WebGL on an idle 2-core machine), and must not be taken for a dead worker.
    for (let step = 1; step <= 2; step++) {
      await button(page, 'One step').click();
      await eventually(`step ${step} is done (${cell} on ${backend})`, async () => (await metric(page, 'Step')) === step, 180_000);
    }
    const step = 2;
    await eventually('step 2 is kept', async () => (await keptStep(page)) === step, 20_000);
    assert.deepEqual(await page.getByRole('alert').allTextContents(), [], `${cell} on ${backend} trains without a notice`);
    const did = await trainingWorker(page).evaluate((kind) => (self as unknown as { loseGpuForTesting: (how: string) => string }).loseGpuForTesting(kind), how);
    assert.match(did, /lost|destroyed|invalid/, `${backend}: ${did}`);
    const notice = page.getByRole('alert').filter({ hasText: `The ${backend} backend stopped working` });
    await eventually(`the ${backend} failure is reported (${cell})`, () => notice.isVisible(), 30_000);
    assert.match((await notice.textContent()) ?? '', new RegExp(`restored from step ${step}`));
    if (how === 'invalid') assert.match((await notice.textContent()) ?? '', /WebGPU reported an error/);
    await eventually('the run is back on another backend', async () => (await metric(page, 'Step')) === step && (await button(page, 'Start').isEnabled()), 60_000);
    assert.doesNotMatch((await backendLine.textContent()) ?? '', new RegExp(`Backend: ${backend}\\b`));
    await button(page, 'Start').click();
    await eventually(`training goes on (${cell})`, async () => (await metric(page, 'Step')) > step + 2, 60_000);
    await button(page, 'Pause').click();
    assert.deepEqual(errors.filter((error) => !/context lost|WebGL|WebGPU|device/i.test(error)), []);
  } finally {
    await close();
  }
}

test('a lost WebGL context or WebGPU device moves training to another backend from the last kept state', { timeout: 1_200_000 }, async () => {
  for (const backend of GPU_BACKENDS) {
    for (const cell of CELLS_FOR_GPU_LOSS) await trainThroughGpuFailure(backend, cell, 'lose');
  }
});

test('a WebGPU error (a call the device rejects) also moves training to another backend', { timeout: 300_000 }, async () => {
  await trainThroughGpuFailure('webgpu', 'cell=lstm', 'invalid');
});

test('a link asking for more than the machine has builds nothing, says what to lower, and the page stays usable', { timeout: 90_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=parity&bits=64&cell=lstm&hidden=2048&layers=4&batch=1024&maxSteps=100');
  try {
    const notice = page.getByRole('alert').filter({ hasText: 'The model was not built' });
    await eventually('the refusal is shown', () => notice.isVisible(), 30_000);
    assert.match((await notice.textContent()) ?? '', /Lower hidden \(Hidden units\) from 2048 to at most \d+/);
    const hidden = page.getByLabel('Hidden units', { exact: true });
    assert.equal(await hidden.inputValue(), '2048', 'the settings of the link are kept');
    assert.match((await page.getByText(/Too big for this machine: at most \d+/).first().textContent()) ?? '', /at most \d+/);
    // Lowering the setting builds the model.
    await hidden.fill('64');
    await hidden.press('Enter');
    await waitUntilReady(page);
    assert.deepEqual(errors.filter((error) => /Aborted|out of memory/i.test(error)), []);
  } finally {
    await close();
  }
});
