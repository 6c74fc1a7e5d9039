import assert from 'node:assert/strict';
import { cpus, loadavg } from 'node:os';
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

const probePanel = (page: Page) => page.getByRole('region', { name: 'Ask the network', exact: true });
const entry = (page: Page, index: number) => probePanel(page).getByRole('button', { name: new RegExp(`^Entry ${index}:`) });
const cells = async (page: Page) => (await probePanel(page).getByRole('group', { name: 'Input vector' }).getByRole('button').allTextContents()).join('');
const verdict = (page: Page) => probePanel(page).locator('.probe-verdict');
/** The title of the ponder panel's bar for the input made by hand: "Your input, step 1: N = 2, R = …". */
const ponderBar = async (page: Page) =>
  (await page.getByRole('region', { name: 'Ponder per input step', exact: true }).locator('svg rect title').allTextContents()).find((title) => title.startsWith('Your input')) ?? '';
const inputInHash = (page: Page) => new URL(page.url()).hash.match(/[#&]in=([^&]*)/)?.[1];

test('bits clicked on parity are answered by the worker and show in the ponder panel; the link reproduces the input after a reload', { timeout: 120_000 }, async () => {
  // hidden=32: a fresh network (the shipped parity snapshot fits the default size only).
  const { page, errors, close } = await openApp(browser, '/#task=parity&bits=8&hidden=32&in=+-000000');
  try {
    await waitUntilReady(page);
    assert.equal(await cells(page), '+−000000', 'the link’s input is in the editor');
    await eventually('the ponder panel shows the answer to the input', async () => /N = \d+/.test(await ponderBar(page)), 20_000);
    await eventually('the answer has difficulty 2', async () => /difficulty 2\)/.test((await verdict(page).textContent()) ?? ''), 10_000);

    // Click bits until N changes in the ponder panel (an untrained network ponders differently on different inputs, but not on every one).
    const first = await ponderBar(page);
    const seen = new Set([/N = (\d+)/.exec(first)?.[1]]);
    const latencies: number[] = [];
    for (let click = 0; click < 24 && seen.size < 2; click++) {
      const before = await ponderBar(page);
      const started = Date.now();
      await entry(page, 2 + (click % 7)).click();
      await eventually('the ponder panel answers the click', async () => (await ponderBar(page)) !== before || (await probePanel(page).getByRole('alert').count()) > 0, 10_000);
      latencies.push(Date.now() - started);
      seen.add(/N = (\d+)/.exec(await ponderBar(page))?.[1]);
    }
    console.log(`probe: click → ponder panel updated in ${latencies.join(', ')} ms; N seen: ${[...seen].join(', ')}`);
    assert.ok(seen.size >= 2, `N changed in the ponder panel (seen ${[...seen].join(', ')})`);

    const shown = await cells(page);
    await eventually('the link carries the input', async () => inputInHash(page) === shown.replace(/−/g, '-'), 5_000);
    await page.reload();
    await waitUntilReady(page);
    assert.equal(await cells(page), shown, 'the reloaded link gives the same input');
    await eventually('the reloaded input is answered', async () => /N = \d+/.test(await ponderBar(page)), 20_000);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('while training the answer follows the weights, a click is answered between steps, and a reloaded run answers at its step', { timeout: 120_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=parity&bits=8&in=+-+-0000');
  const answerStep = async () => Number(/at step (\d+)/.exec((await verdict(page).textContent()) ?? '')?.[1] ?? Number.NaN);
  try {
    await waitUntilReady(page);
    // The link opens on the pretrained snapshot: it answers at the snapshot's step, and training continues from there.
    await eventually('the model answers before training', async () => Number.isFinite(await answerStep()), 20_000);
    const firstStep = await answerStep();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await eventually('a refresh while training answers with newer weights', async () => (await answerStep()) > firstStep, 30_000);
    const before = await cells(page);
    await entry(page, 6).click();
    await eventually('the click is answered while training', async () => /difficulty 5\)/.test((await verdict(page).textContent()) ?? ''), 10_000);
    assert.notEqual(await cells(page), before);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    // While training, the run is kept now and then: wait for the kept step and the answer's step to reach the paused step.
    const keptStep = async () => Number(/\(step (\d+)\)/.exec((await page.locator('.run-kept').textContent()) ?? '')?.[1]);
    const pausedStep = async () => ((await page.getByRole('button', { name: 'Start', exact: true }).isEnabled()) ? metric(page, 'Step') : Number.NaN);
    await eventually('the paused run is kept, and the answer is, at the paused step', async () => {
      const step = await pausedStep();
      return (await keptStep()) === step && (await answerStep()) === step;
    }, 20_000).catch(async (error: unknown) => {
      throw new Error(`${String(error)}: paused at ${await pausedStep()}, kept step ${await keptStep()}, answer at step ${await answerStep()}`);
    });
    const kept = await keptStep();
    const shown = await cells(page);
    await page.reload();
    await waitUntilReady(page);
    assert.equal(await cells(page), shown);
    await eventually('the restored run answers the input at its step', async () => (await answerStep()) === kept, 20_000);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

/**
 * Clicks the button `selector` in the probe panel `clicks` times, each once the previous click is answered, and
 * measures in the page, by animation frame, the time from the click until the answer's table shows a different
 * input (the editor itself changes at once; the table only with the answer).
 */
/**
 * Records in the page when each answer ('probed') reaches the page from any worker, to tell the workers' part of
 * a latency from the page's (rendering). Installed before the app's scripts run (it wraps Worker).
 */
const RECORD_ANSWERS = `window.__answeredAt = [];
const NativeWorker = window.Worker;
window.Worker = class extends NativeWorker {
  constructor(url, options) {
    super(url, options);
    this.addEventListener('message', (event) => { if (event.data && event.data.type === 'probed') window.__answeredAt.push(performance.now()); });
  }
};`;

/**
 * The page's side of one measured click: [click → the answer's table shows a different input (the editor itself
 * changes at once; the table only with the answer), click → the answer reached the page], in ms, by animation
 * frame. A plain string: the test's compiler would wrap named functions in helpers the page lacks.
 */
const MEASURE_CLICK = `async (target) => {
  const panel = [...document.querySelectorAll('section')].find((section) => section.querySelector('h2')?.textContent === 'Ask the network');
  const shown = () => [...(panel?.querySelectorAll('.probe-input-text') ?? [])].map((cell) => cell.textContent).join('|');
  const button = panel?.querySelector(target);
  if (!button) throw new Error('no ' + target + ' in the probe panel');
  const before = shown();
  const started = performance.now();
  button.click();
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      if (shown() === before && now - started < 10000) return requestAnimationFrame(tick);
      const answered = window.__answeredAt.find((at) => at >= started);
      resolve([now - started, answered === undefined ? NaN : answered - started]);
    };
    requestAnimationFrame(tick);
  });
}`;

/** Clicks the button `selector` in the probe panel `clicks` times, each once the previous click is answered (MEASURE_CLICK). */
async function clickLatencies(page: Page, selector: string, clicks: number): Promise<{ shown: number[]; answered: number[] }> {
  const shown: number[] = [];
  const answered: number[] = [];
  for (let click = 0; click < clicks; click++) {
    const [shownMs, answeredMs] = await page.evaluate<[number, number]>(`(${MEASURE_CLICK})(${JSON.stringify(selector)})`);
    shown.push(shownMs);
    answered.push(answeredMs);
  }
  return { shown, answered };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

test('while training, the probe worker answers a click within a frame or two on the quick presets of parity and logic', { timeout: 180_000 }, async () => {
  for (const [path, selector] of [
    ['/#task=parity&in=+-000000', '[aria-label="Input vector"] button:nth-child(3)'],
    ['/#task=logic', '[aria-label="Vector 1"] button'],
  ] as const) {
    const { page, errors, close } = await openApp(browser, path);
    const answerStep = async () => Number(/at step (\d+)/.exec((await verdict(page).textContent()) ?? '')?.[1] ?? Number.NaN);
    try {
      await page.context().addInitScript(RECORD_ANSWERS);
      await page.reload();
      await waitUntilReady(page);
      await eventually('the input is answered', async () => Number.isFinite(await answerStep()), 20_000);
      const firstStep = await answerStep();
      await page.getByRole('button', { name: 'Start', exact: true }).click();
      await eventually('a refresh while training answers with newer weights', async () => (await answerStep()) > firstStep, 30_000);
      const { shown: latencies, answered } = await clickLatencies(page, selector, 12);
      const msPerStep = await metric(page, 'ms per step');
      const rounded = latencies.map((ms) => Math.round(ms));
      console.log(
        `probe latency while training (${path}): click → answer shown in ${rounded.join(', ')} ms; median ${Math.round(median(latencies))}, max ${Math.max(...rounded)}; ` +
          `click → answer reached the page: median ${Math.round(median(answered))}, max ${Math.round(Math.max(...answered))} ms; training at ${msPerStep} ms per step`,
      );
      assert.equal(await page.getByRole('button', { name: 'Pause', exact: true }).isEnabled(), true, 'still training');
      assert.ok(latencies.every((ms) => ms < 10_000), 'every click is answered');
      // The floor: the same clicks with training paused (the probe worker's forward pass and the page's drawing alone).
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      await page.getByRole('button', { name: 'Start', exact: true }).waitFor();
      const paused = await clickLatencies(page, selector, 12);
      console.log(`probe latency paused (${path}): click → answer shown: median ${Math.round(median(paused.shown))}, max ${Math.round(Math.max(...paused.shown))} ms`);
      // The target is a frame or two. The page's own thread (it also draws the training's progress) and the CPU
      // are shared: the bound is checked only where the machine is not overloaded, else the numbers are only logged.
      const [load] = loadavg();
      if (load <= cpus().length) assert.ok(median(latencies) < 100, `median ${median(latencies)} ms`);
      else console.log(`probe latency bound (median < 100 ms) not checked: load average ${load.toFixed(1)} on ${cpus().length} cores`);
      const notices = (await page.getByRole('alert').allTextContents()).join(' ');
      assert.doesNotMatch(notices, /probe worker failed/);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  }
});

test('a crashing probe worker is replaced with the latest weights; after the third crash the training worker answers, with a notice', { timeout: 120_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=parity&bits=8&in=+-000000');
  const probeWorkers = () => page.workers().filter((worker) => worker.url().includes('probe.worker'));
  const crash = async () => {
    const [worker] = probeWorkers();
    await worker.evaluate(() => setTimeout(() => {
      throw new Error('probe worker crash for the test');
    }));
    await eventually('the crashed worker is gone', async () => !probeWorkers().includes(worker), 10_000);
  };
  const clickAndSeeAnswer = async (entryIndex: number) => {
    const before = await verdict(page).textContent();
    await entry(page, entryIndex).click();
    const difficulty = [...(await cells(page))].filter((cell) => cell !== '0').length;
    await eventually(`the click is answered (difficulty ${difficulty})`, async () => (await verdict(page).textContent()) !== before && new RegExp(`difficulty ${difficulty}\\)`).test((await verdict(page).textContent()) ?? ''), 15_000);
  };
  try {
    await waitUntilReady(page);
    await eventually('the input is answered', async () => /at step \d+/.test((await verdict(page).textContent()) ?? ''), 20_000);
    // Each replacement gets the weights the page kept, and answers the next click.
    await crash();
    await clickAndSeeAnswer(3);
    assert.equal(probeWorkers().length, 1);
    await crash();
    await clickAndSeeAnswer(5);
    await crash();
    const notices = async () => (await page.getByRole('alert').allTextContents()).join(' ');
    await eventually('the notice says the training worker answers now', async () => /probe worker failed \(it crashed: .*\), so the training worker answers/.test(await notices()), 10_000);
    assert.equal(probeWorkers().length, 0, 'no fourth probe worker');
    await clickAndSeeAnswer(4);
    assert.deepEqual(errors.filter((error) => !error.includes('probe worker crash for the test')), []);
  } finally {
    await close();
  }
});

test('a 9th bit on 8-bit parity, and hostile or oversized inputs in the link, are named and ignored without a crash', { timeout: 90_000 }, async () => {
  for (const [input, why] of [
    ['+-000000+', /8 bits .*has 9/],
    [encodeURIComponent('<img src=x onerror=alert(1)>'), /not a row of \+, − and 0/],
    ['%E0%A4%A', /not valid URL encoding/],
    ['+'.repeat(5000), /5,000 characters long/],
  ] as const) {
    const { page, errors, close } = await openApp(browser, `/#task=parity&bits=8&in=${input}`);
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    try {
      await waitUntilReady(page);
      const notices = (await page.getByRole('alert').allTextContents()).join(' ');
      assert.match(notices, /The input in the link \(in=.*\) (was ignored|is)/);
      assert.match(notices, why);
      assert.equal((await cells(page)).length, 8, 'a valid input of the generator stands in');
      await eventually('the stand-in is answered', async () => /N = \d+/.test(await ponderBar(page)), 20_000);
      assert.equal(dialogs, 0);
      assert.equal(await page.locator('img[src=x]').count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  }
});

test('sort: typed numbers are answered with the output and the truth; a number the generator never draws is refused', { timeout: 90_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=sort&in=0.5,-1.25,2');
  try {
    await waitUntilReady(page);
    await eventually('the answer shows six steps', async () => (await probePanel(page).locator('tbody tr').count()) === 6, 20_000);
    const truths = await probePanel(page).locator('tbody tr td:nth-child(6)').allTextContents();
    assert.deepEqual(truths.slice(3), ['#1', '#0', '#2']);
    await probePanel(page).getByRole('textbox', { name: 'Number 2' }).fill('9');
    await eventually('the refusal shows', async () => /beyond ±6\.66/.test((await probePanel(page).getByRole('alert').textContent().catch(() => '')) ?? ''), 5_000);
    await page.screenshot({ path: process.env.PROBE_SCREENSHOT ?? '/tmp/probe-sort.png', fullPage: false });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('copy: a bit flipped in the drawn vectors changes the answer and its truth; a vector added lengthens it; the link reproduces it after a reload', { timeout: 120_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=copy&in=101100,011010');
  const rowBits = async (row: number) => (await probePanel(page).getByRole('group', { name: `Row ${row}` }).getByRole('button').allTextContents()).join('');
  const column = async (n: number) => probePanel(page).locator(`tbody tr td:nth-child(${n})`).allTextContents();
  try {
    await waitUntilReady(page);
    assert.deepEqual([await rowBits(1), await rowBits(2)], ['101100', '011010']);
    await eventually('the answer shows 2 vectors, the delimiter and 2 steps to copy', async () => (await probePanel(page).locator('tbody tr').count()) === 5, 20_000);
    assert.deepEqual((await column(6)).slice(3), ['101100', '011010'], 'the truth is the vectors again');

    await probePanel(page).getByRole('group', { name: 'Row 1' }).getByRole('button', { name: /^Entry 1:/ }).click();
    await eventually('the answer follows the flipped bit', async () => (await column(2))[0] === '001100', 10_000);
    assert.deepEqual((await column(6)).slice(3), ['001100', '011010']);
    await probePanel(page).getByRole('button', { name: 'Add a row' }).click();
    await eventually('the answer has 3 vectors', async () => (await probePanel(page).locator('tbody tr').count()) === 7, 10_000);
    assert.match((await verdict(page).textContent()) ?? '', /difficulty 3\)/);
    await eventually('the link carries the input', async () => inputInHash(page) === '001100,011010,000000', 5_000);

    await page.reload();
    await waitUntilReady(page);
    assert.deepEqual([await rowBits(1), await rowBits(2), await rowBits(3)], ['001100', '011010', '000000']);
    await eventually('the reloaded input is answered', async () => (await probePanel(page).locator('tbody tr').count()) === 7, 20_000);
    await page.screenshot({ path: process.env.PROBE_COPY_SCREENSHOT ?? '/tmp/probe-copy.png', fullPage: false });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('wiki: a text in the link is read by the network as text (its markup never reaches the page), and a pasted one goes into the link', { timeout: 90_000 }, async () => {
  const hostile = '<img src=x onerror=alert(1)>[[cat]]';
  const { page, errors, close } = await openApp(browser, `/#task=wiki&in=${encodeURIComponent(hostile)}`);
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs += 1;
    void dialog.dismiss();
  });
  const wikiPanel = page.getByRole('region', { name: 'Reading with the network', exact: true });
  const caption = async () => (await wikiPanel.locator('.reading-caption').textContent().catch(() => '')) ?? '';
  try {
    await waitUntilReady(page);
    await eventually('the link’s text is read', async () => (await caption()).includes(`Read ${hostile.length} bytes of the text in the link`), 30_000);
    assert.equal(await page.locator('img[src=x]').count(), 0);
    const pasted = 'The cat sat.';
    await wikiPanel.getByRole('textbox').fill(pasted);
    await wikiPanel.getByRole('button', { name: 'Read pasted text' }).click();
    await eventually('the pasted text is read', async () => (await caption()).includes('pasted text'), 30_000);
    await eventually('the link carries the pasted text', async () => decodeURIComponent(inputInHash(page) ?? '') === pasted, 5_000);
    assert.equal(dialogs, 0);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
