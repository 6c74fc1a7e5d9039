/**
 * `npm run bench:memory [-- --slots 16,64,128,256,1024,4096] [--cells dnc,sam,sdnc] [--backend wasm] [--profile 3]
 * [--chromium]`: how a training
 * step of the memory cells scales with the number of slots N (issue #12). For each cell and N: the median ms
 * of a training step (forward, backward, Adam update) and the tensor bytes the step holds at its peak above the
 * resident ones (tf.profile's peakBytes − the bytes before it), on a copy-like task built here: 8 random bit
 * vectors (8 bits + a delimiter channel) to be echoed during 8 blank steps, length 16, batch 8, sigmoid
 * loss on the echo. Sizes: W = 16, R = 1, K = 4, LSTM controller 64, no ACT. A cell whose step passes 30 s
 * is not run at larger N; a size the cell's own options refuse is reported with the reason. `--profile S`: also
 * the costliest kernels over S profiled steps (bench/profile.ts), in the JSON lines and the results file.
 * `--chromium`: the same sweep, after the Node one, in headless Chromium on the same backend (the bench page of
 * bench/browser.ts, served as the app is; no WASM threads, as in a production build).
 * Writes bench/results/memory.json and docs/memory-scaling.svg (log-log step time vs N).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BackendName } from '../src/core/backend';
import { initBackend } from '../src/core/backend';
import { chromiumVersion, withServedBench } from './browser';
import type { ScalingPoint } from './memoryMeasure';
import { STEP_LIMIT_MS, measureScalingPoint } from './memoryMeasure';
import { scalingSvg } from './memoryPlot';
import type { BenchWindow } from './page';

type MeasurePoint = (cell: string, slots: number) => Promise<ScalingPoint>;

/** Every cell at every N, in order; a cell whose step passed the limit is not run at larger N. */
async function sweep(cells: readonly string[], slotList: readonly number[], environment: string, measure: MeasurePoint): Promise<ScalingPoint[]> {
  const points: ScalingPoint[] = [];
  for (const cell of cells) {
    let tooSlow: string | undefined;
    for (const slots of slotList) {
      const point: ScalingPoint = { ...(tooSlow ? { cell, slots, skipped: tooSlow } : await measure(cell, slots)), environment };
      if (!tooSlow && (point.msPerStep ?? 0) > STEP_LIMIT_MS) tooSlow = `a step took ${(point.msPerStep! / 1000).toFixed(0)} s at N = ${slots}`;
      points.push(point);
      console.log(JSON.stringify(point));
    }
  }
  return points;
}

/** The sweep in headless Chromium: one page, the backend started as the app's worker starts it. */
function chromiumSweep(backend: BackendName, cells: readonly string[], slotList: readonly number[], timed: number, profiled: number): Promise<{ detail: string; points: ScalingPoint[] }> {
  return withServedBench(async (browser, baseUrl) => {
    const page = await browser.newPage();
    await page.goto(new URL('/bench/page.html', baseUrl).href);
    await page.waitForFunction(() => 'actBench' in globalThis);
    const info = await page.evaluate((name) => (globalThis as unknown as BenchWindow).actBench.start(name), backend);
    const points = await sweep(cells, slotList, `chromium ${backend}`, (cell, slots) => page.evaluate(
      (args) => (globalThis as unknown as BenchWindow).actBench.memoryPoint(...args),
      [cell, slots, timed, profiled] as [string, number, number, number],
    ));
    return { detail: `${chromiumVersion()}, ${info.name} (${info.detail})`, points };
  }, false);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      slots: { type: 'string', default: '16,64,128,256,1024,4096' },
      cells: { type: 'string', default: 'dnc,sam,sdnc' },
      backend: { type: 'string', default: 'wasm' },
      timed: { type: 'string', default: '5' },
      profile: { type: 'string', default: '0' },
      chromium: { type: 'boolean', default: false },
      out: { type: 'string', default: fileURLToPath(new URL('results/memory.json', import.meta.url)) },
      svg: { type: 'string', default: fileURLToPath(new URL('../docs/memory-scaling.svg', import.meta.url)) },
    },
  });
  const backend = values.backend as BackendName;
  const [cells, slotList, timed, profiled] = [values.cells.split(','), values.slots.split(',').map(Number), Number(values.timed), Number(values.profile)];
  const info = await initBackend(backend);
  const environments = [{
    name: `node ${backend}`, detail: `Node ${process.version}, ${info.name} (${info.detail})`,
    points: await sweep(cells, slotList, `node ${backend}`, (cell, slots) => measureScalingPoint(cell, slots, timed, profiled)),
  }];
  if (values.chromium) environments.push({ name: `chromium ${backend}`, ...await chromiumSweep(backend, cells, slotList, timed, profiled) });
  const points = environments.flatMap((environment) => environment.points);
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify({ date: new Date().toISOString(), environments }, null, 2)}\n`);
  writeFileSync(values.svg, scalingSvg(points));
  console.log(`wrote ${values.out} and ${values.svg}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
