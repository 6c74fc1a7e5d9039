/**
 * Soak test (not part of CI): builds the app into a temporary folder, serves it with `vite preview`, trains in
 * headless Chromium for a while, and every minute logs the worker's tensors, the JavaScript heaps of the page
 * and of the training worker, and the ms per step, to stdout and to a JSON file (rewritten every minute).
 *
 *   npm run soak -- --minutes 30 [--config 'task=parity&hidden=64'] [--out runs/soak.json]
 *
 * A leak shows as tensors or heap growing minute after minute; a slowdown as ms/step drifting up.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { build, preview } from 'vite';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Sample {
  minute: number;
  step: number;
  stepsThisMinute: number;
  /** Wall-clock ms per step over the minute (training, messages and evaluations included). */
  wallMsPerStep: number;
  /** The latest step's own time, as the metric card shows it. */
  stepMs: number;
  tensors: number;
  tensorMegabytes: number;
  pageHeapMegabytes: number;
  workerHeapMegabytes: number;
  alerts: string[];
}

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const minutes = Number(option('minutes', '30'));
const config = option('config', 'task=parity');
const outFile = option('out', join(ROOT, 'runs', 'soak.json'));
if (!Number.isFinite(minutes) || minutes <= 0) throw new Error('--minutes must be a positive number');

const number = async (page: Page, label: string) => Number.parseFloat((await page.getByLabel(label, { exact: true }).textContent()) ?? '');

/** The JavaScript heaps of the page and of the training worker (cross-origin isolation allows the measurement). */
async function heaps(page: Page): Promise<{ page: number; worker: number }> {
  return page.evaluate(async () => {
    interface Breakdown { bytes: number; attribution: { scope: string }[] }
    const measure = (performance as unknown as { measureUserAgentSpecificMemory(): Promise<{ breakdown: Breakdown[] }> }).measureUserAgentSpecificMemory;
    const { breakdown } = await measure.call(performance);
    // No named helpers in here: the function runs in the page as written.
    const heap = { page: 0, worker: 0 };
    for (const { bytes, attribution } of breakdown) {
      if (attribution.some((entry) => entry.scope === 'Window')) heap.page += bytes;
      else if (attribution.some((entry) => entry.scope === 'DedicatedWorkerGlobalScope')) heap.worker += bytes;
    }
    return heap;
  });
}

async function sample(page: Page, minute: number, previousStep: number): Promise<Sample> {
  const step = await number(page, 'Step');
  const memory = /(\d+) tensors, ([\d.]+) MB/.exec((await page.getByLabel('Tensor memory', { exact: true }).textContent()) ?? '');
  const heap = await heaps(page);
  const steps = step - previousStep;
  return {
    minute,
    step,
    stepsThisMinute: steps,
    wallMsPerStep: steps > 0 ? 60_000 / steps : Number.NaN,
    stepMs: await number(page, 'ms per step'),
    tensors: Number(memory?.[1]),
    tensorMegabytes: Number(memory?.[2]),
    pageHeapMegabytes: heap.page / 1e6,
    workerHeapMegabytes: heap.worker / 1e6,
    alerts: await page.getByRole('alert').allTextContents(),
  };
}

const format = (s: Sample) =>
  `min ${String(s.minute).padStart(3)}  step ${String(s.step).padStart(7)}  ${s.wallMsPerStep.toFixed(1).padStart(6)} ms/step (wall)  ${s.stepMs.toFixed(1).padStart(6)} ms/step (card)  ` +
  `${s.tensors} tensors ${s.tensorMegabytes.toFixed(1)} MB  heap page ${s.pageHeapMegabytes.toFixed(1)} MB worker ${s.workerHeapMegabytes.toFixed(1)} MB${s.alerts.length > 0 ? `  ALERTS: ${s.alerts.join(' | ')}` : ''}`;

const outDir = mkdtempSync(join(tmpdir(), 'act-soak-'));
const server = await (async () => {
  await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return preview({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
})();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--enable-blink-features=ForceEagerMeasureMemory', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'],
});
const samples: Sample[] = [];
const errors: string[] = [];
try {
  const address = server.resolvedUrls?.local[0];
  if (!address) throw new Error('vite preview did not say where it listens');
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
  await page.goto(`${address}#${config}`);
  const start = page.getByRole('button', { name: 'Start', exact: true });
  await start.waitFor();
  while (!(await start.isEnabled())) await page.waitForTimeout(200);
  const backend = (await page.getByRole('region', { name: 'Backend' }).textContent()) ?? '';
  console.log(`soak: ${minutes} min of ${config} on ${backend.trim()}; samples every minute to ${outFile}`);
  await start.click();
  let previousStep = 0;
  for (let minute = 1; minute <= minutes; minute++) {
    await page.waitForTimeout(60_000);
    const next = await sample(page, minute, previousStep);
    previousStep = next.step;
    samples.push(next);
    console.log(format(next));
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, `${JSON.stringify({ config, backend, minutes, samples, errors }, null, 1)}\n`);
  }
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
} finally {
  await browser.close();
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
}
if (errors.length > 0) console.log(`soak: ${errors.length} page errors, first: ${errors[0]}`);
const [first, last] = [samples[0], samples[samples.length - 1]];
if (first && last) {
  console.log(
    `soak: tensors ${first.tensors} → ${last.tensors}; worker heap ${first.workerHeapMegabytes.toFixed(1)} → ${last.workerHeapMegabytes.toFixed(1)} MB; ` +
      `page heap ${first.pageHeapMegabytes.toFixed(1)} → ${last.pageHeapMegabytes.toFixed(1)} MB; ms/step (wall) ${first.wallMsPerStep.toFixed(1)} → ${last.wallMsPerStep.toFixed(1)}`,
  );
}
