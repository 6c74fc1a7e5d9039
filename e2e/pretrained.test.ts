import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { eventually, launchBrowser, metric, openApp, pauseUntilEvaluated, waitUntilReady } from './browser';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('parity opens on its pretrained snapshot, says how it was trained, and trains from scratch in one click', { timeout: 60_000 }, async () => {
  // τ 0.001 on the page, so that its settings differ from the snapshot's (trained at the quick preset's τ 0.003).
  const { page, errors, close } = await openApp(browser, '/#task=parity&tau=0.001');
  try {
    await waitUntilReady(page);
    const origin = page.locator('.model-origin');
    await eventually('the pretrained line shows', async () => /Pretrained: the pretrained snapshot \(RNN, 64 units, 1 layer, with ACT, halting bias −2\), trained 20,000 steps with the CLI \(τ 0\.003 reached over 4,000 steps, halting-logit penalty 0\.0001, lr 0\.01 halving every 6,000 steps, seed 1\); a curriculum: training non-zero at most 1 → 10/.test((await origin.textContent()) ?? ''), 20_000);
    assert.match((await origin.textContent()) ?? '', /0\.7% sequence error, ponder 3\.89 on 1,000 held-out sequences\. Start continues its training from step 20,000 with the settings on this page; it was trained with time penalty τ 0\.003 \(here 0\.001\)\./);
    // One click gives the run the snapshot's own settings: the form and the link follow, the line says so.
    await origin.getByRole('button', { name: 'Use its settings' }).click();
    await eventually('the line says it continues under its own settings', async () => /Start continues its training from step 20,000, with the settings it was trained with\./.test((await origin.textContent()) ?? ''), 5_000);
    assert.equal(await page.getByLabel('Time penalty τ, exact value').inputValue(), '0.003');
    await eventually('the link carries it', async () => /&tau=0\.003&/.test(page.url()), 5_000);
    assert.equal(await origin.getByRole('button', { name: 'Use its settings' }).count(), 0);
    // Start goes on from the snapshot's step (its learning-rate schedule with it), and the run is recorded there.
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await eventually('training goes on past step 20,000', async () => (await page.getByLabel('Step', { exact: true }).count()) > 0 && (await metric(page, 'Step')) > 20_000, 20_000);
    const step = await pauseUntilEvaluated(page);
    assert.ok(step > 20_000, `paused at step ${step}`);
    await origin.getByRole('button', { name: 'Train from scratch' }).click();
    await eventually('a fresh model offers the snapshot instead', async () => /A fresh model\./.test((await origin.textContent()) ?? ''), 20_000);
    await origin.getByRole('button', { name: 'Load the pretrained snapshot' }).click();
    await eventually('the snapshot is back', async () => /Pretrained:/.test((await origin.textContent()) ?? ''), 20_000);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

/** The tasks with a paper-preset snapshot: choosing the preset switches the pretrained run to it, and back. */
const PAPER_SNAPSHOTS = [
  {
    task: 'parity',
    quick: /Pretrained: the pretrained snapshot \(RNN, 64 units/,
    paper: /Pretrained: the pretrained snapshot \(RNN, 128 units, 1 layer, with ACT\), trained 180,500 steps/,
    heldOut: /0\.9% sequence error, ponder 2\.00 on 1,000 held-out sequences/,
  },
  {
    task: 'logic',
    quick: /Pretrained: the pretrained snapshot \(LSTM, 64 units/,
    paper: /Pretrained: the pretrained snapshot \(LSTM, 128 units, 1 layer, with ACT\), trained 32,750 steps with the CLI \(τ [\d.]+, ponder budget 5, lr 0\.003/,
    heldOut: /1\.4% sequence error, ponder 4\.98 on 1,000 held-out sequences/,
  },
];

for (const { task, quick, paper, heldOut } of PAPER_SNAPSHOTS) {
  test(`${task}'s paper preset opens on the paper-size snapshot, the quick preset on its own again`, { timeout: 90_000 }, async () => {
    const { page, errors, close } = await openApp(browser, `/#task=${task}`);
    try {
      await waitUntilReady(page);
      const origin = page.locator('.model-origin');
      await eventually('the quick snapshot shows', async () => quick.test((await origin.textContent()) ?? ''), 20_000);
      await page.getByRole('button', { name: /^paper/ }).click();
      await eventually('the paper snapshot shows', async () => paper.test((await origin.textContent()) ?? ''), 30_000);
      assert.match((await origin.textContent()) ?? '', heldOut);
      await page.screenshot({ path: `${process.env.PRETRAINED_SCREENSHOT_DIR ?? '/tmp'}/${task}-paper-pretrained.png`, fullPage: true });
      await page.getByRole('button', { name: /^quick/ }).click();
      await eventually('the quick snapshot is back', async () => quick.test((await origin.textContent()) ?? ''), 30_000);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}

/** Each task's snapshot line: how it was trained and its recorded held-out numbers (docs/results.md). */
const SNAPSHOT_LINES = [
  { task: 'logic', trained: /trained 12,000 steps with the CLI \(τ 0\.01, ponder budget 5\.5, lr 0\.006/, heldOut: /0\.6% sequence error, ponder 5\.43 on 1,000/ },
  { task: 'addition', trained: /\(LSTM, 128 units, 1 layer, with ACT\), trained 20,000 steps with the CLI \(τ 0\.03, lr 0\.003, seed 2\)/, heldOut: /2\.1% sequence error, ponder 3\.67 on 1,000/ },
  { task: 'sort', trained: /trained 15,000 steps with the CLI \(τ 0\.003 reached over 5,000 steps, halting-logit penalty 0\.001, ε 0\.25, lr 0\.003 halving every 5,000 steps, seed 3\)/, heldOut: /3\.6% sequence error, ponder 1\.27 on 1,000/ },
  { task: 'copy', trained: /\(DNC.*\), trained 2,000 steps with the CLI \(lr 0\.01, seed 1\)/, heldOut: /0\.0% sequence error.* on 500/ },
  { task: 'delaycopy', trained: /\(LSTM, 50 units, 2 layers.*\), trained 1,000 steps with the CLI/, heldOut: /4\.1% sequence error.* on 1,000/ },
];

for (const { task, trained, heldOut } of SNAPSHOT_LINES) {
  test(`${task} opens on its pretrained snapshot`, { timeout: 60_000 }, async () => {
    const { page, errors, close } = await openApp(browser, `/#task=${task}`);
    try {
      await waitUntilReady(page);
      const origin = page.locator('.model-origin');
      await eventually('the pretrained line shows', async () => trained.test((await origin.textContent()) ?? ''), 20_000);
      assert.match((await origin.textContent()) ?? '', heldOut);
      // The quick preset says what it reached, as measured (the task's presetResults).
      assert.match((await page.getByRole('button', { name: /^quick/ }).textContent()) ?? '', /Measured: \d/);
      await page.screenshot({ path: `${process.env.PRETRAINED_SCREENSHOT_DIR ?? '/tmp'}/${task}-pretrained.png`, fullPage: true });
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}

test('logic opens on ponder rising with the gates: 48 sequences at each difficulty, and each vector by its own gates, dashed', { timeout: 60_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=logic');
  try {
    await waitUntilReady(page);
    const panel = page.getByRole('region', { name: 'Error and ponder by difficulty' });
    await eventually('the snapshot is evaluated', async () => /Latest, at step 12000/.test((await panel.locator('.panel-caption').textContent()) ?? ''), 30_000);
    assert.match((await panel.locator('.panel-caption').textContent()) ?? '', /Each point: 48 fresh held-out sequences drawn at that difficulty.*Dashed: the ponder at each input step by its own gates in the vector/);
    const chart = panel.getByRole('img', { name: /Held-out sequence error and ponder against/ });
    const dots = await chart.locator('circle title').allTextContents();
    assert.equal(dots.filter((title) => title.endsWith('(48 sequences)')).length, 20, 'error and ponder at each of 10 difficulties');
    // The snapshot: about 3.2 updates at a vector of 1 gate, 8.0 at 10 (docs/results.md).
    const steps = (await chart.locator('.step-difficulty rect title').allTextContents()).map((title) => /^gates in the vector (\d+): ([\d.]+) \((\d+) input steps\)$/.exec(title));
    assert.deepEqual(steps.map((match) => Number(match?.[1])), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const ponder = steps.map((match) => Number(match?.[2]));
    assert.ok(ponder[9] - ponder[0] > 3, `ponder by a vector's gates: ${ponder.join(' ')}`);
    assert.match((await chart.textContent()) ?? '', /each step, by gates in the vector/);
    await panel.screenshot({ path: `${process.env.PRETRAINED_SCREENSHOT_DIR ?? '/tmp'}/logic-by-difficulty.png` });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('sort opens on the spike at the end of the input, drawn along the sequence; parity has no such panel', { timeout: 60_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=sort');
  try {
    await waitUntilReady(page);
    const panel = page.getByRole('region', { name: 'Ponder along the sequence' });
    const caption = panel.locator('.panel-caption');
    await eventually('the snapshot is evaluated', async () => /: \d\.\d\d×\./.test((await caption.textContent()) ?? ''), 30_000);
    const [, last, earlier, ratio] = /ponders (\d\.\d\d) updates on the last input step \(the last before the first scored one\) and (\d\.\d\d) on the input steps before it: (\d\.\d\d)×/.exec((await caption.textContent()) ?? '') ?? [];
    // The snapshot's spike (trace --by-step: 1.80 ÷ 1.00 on 2,000 sequences), here on the page's held-out sequences.
    assert.ok(Number(last) > 1.6 && Number(earlier) < 1.2 && Number(ratio) > 1.5, `${last} ÷ ${earlier} = ${ratio}`);
    const chart = panel.getByRole('img', { name: /ponder at each step of the sequence, one line per numbers to sort/ });
    assert.equal(await chart.locator('path').count(), 4, 'one line for each of 2–5 numbers');
    assert.match((await chart.textContent()) ?? '', /numbers to sort: 5/);
    await panel.screenshot({ path: `${process.env.PRETRAINED_SCREENSHOT_DIR ?? '/tmp'}/sort-along-sequence.png` });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
  const parity = await openApp(browser, '/#task=parity');
  try {
    await waitUntilReady(parity.page);
    await eventually('parity shows its difficulty panel', async () => (await parity.page.getByRole('region', { name: 'Error and ponder by difficulty' }).count()) === 1, 20_000);
    assert.equal(await parity.page.getByRole('region', { name: 'Ponder along the sequence' }).count(), 0, 'parity is one step long');
    assert.deepEqual(parity.errors, []);
  } finally {
    await parity.close();
  }
});
