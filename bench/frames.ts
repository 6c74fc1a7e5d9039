/**
 * Main-thread frame times of the built app while it trains: open it, press Start, wait for the first step, then
 * record requestAnimationFrame intervals inside the page for a few seconds. Training runs in the app's worker;
 * what this measures is how smoothly the main thread keeps drawing meanwhile. When p95 misses the goal, a
 * second window is traced (tracing slows the page, so not the measured one) to say why.
 */
import type { Browser, Page } from 'playwright-core';
import { traceMainThread } from './mainThread';
import type { FrameResult, LoadAverage } from './results';
import { FRAME_P95_GOAL_MS } from './targets';

export interface FrameView {
  name: string;
  viewport: { width: number; height: number };
}

/** The e2e viewport (the panels start below the fold), and one tall enough to show every panel at once. */
export const FRAME_VIEWS: readonly FrameView[] = [
  { name: 'first screen', viewport: { width: 1280, height: 860 } },
  { name: 'all panels visible', viewport: { width: 1280, height: 4000 } },
];

/** The app's default run: what a visitor trains first. */
const APP_PATH = '/';
const SECONDS = { full: 10, quick: 3 };
/** When p95 misses the goal: a second window, traced, to say where the main thread's time goes. */
const TRACE_SECONDS = { full: 5, quick: 2 };
/** An interval this long means at least one 60 Hz frame was dropped. */
const DROPPED_MS = 1.5 * (1000 / 60);

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function stepShown(page: Page): Promise<number> {
  const text = await page.getByLabel('Step', { exact: true }).textContent();
  const step = Number.parseInt(text ?? '', 10);
  return Number.isFinite(step) ? step : 0;
}

/**
 * rAF intervals (ms) over `seconds`, recorded inside the page. Passed as source text: tsx would wrap a named
 * function in a helper that does not exist in the page.
 */
function recordFrames(page: Page, seconds: number): Promise<number[]> {
  return page.evaluate<number[]>(`new Promise((resolve) => {
    const stamps = [];
    const tick = (now) => {
      stamps.push(now);
      if (now - stamps[0] < ${seconds * 1000}) requestAnimationFrame(tick);
      else resolve(stamps.slice(1).map((stamp, i) => stamp - stamps[i]));
    };
    requestAnimationFrame(tick);
  })`);
}

export async function measureFrames(browser: Browser, baseUrl: string, view: FrameView, quick: boolean, load: () => LoadAverage): Promise<FrameResult> {
  const seconds = quick ? SECONDS.quick : SECONDS.full;
  const context = await browser.newContext({ viewport: view.viewport });
  const page = await context.newPage();
  const base = { view: view.name, viewport: view.viewport, path: APP_PATH, seconds };
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  try {
    await page.goto(new URL(APP_PATH, baseUrl).href);
    const start = page.getByRole('button', { name: 'Start', exact: true });
    await start.click({ timeout: 30_000 });
    const deadline = Date.now() + 60_000;
    while ((await stepShown(page)) === 0) {
      if (Date.now() > deadline) throw new Error('the app showed no training step within 60 s of Start');
      await page.waitForTimeout(200);
    }
    const before = await stepShown(page);
    const intervals = await recordFrames(page, seconds);
    const steps = (await stepShown(page)) - before;
    // Its first line (the backend and its threads); the race's line follows it.
    const backend = await page.getByRole('region', { name: 'Backend', exact: true }).innerText({ timeout: 5000 })
      .then((text) => text.trim().split('\n')[0].trim(), () => 'not shown');
    const sorted = [...intervals].sort((a, b) => a - b);
    const p95 = percentile(sorted, 95);
    const mainThread = p95 > FRAME_P95_GOAL_MS ? await traceMainThread(browser, page, quick ? TRACE_SECONDS.quick : TRACE_SECONDS.full) : undefined;
    return {
      ...base,
      frames: intervals.length,
      p50: percentile(sorted, 50),
      p95,
      max: sorted[sorted.length - 1] ?? Number.NaN,
      dropped: intervals.filter((ms) => ms >= DROPPED_MS).length,
      steps,
      backend,
      load: load(),
      mainThread,
    };
  } catch (error) {
    const text = [error instanceof Error ? error.message.split('\n')[0] : String(error), ...pageErrors].join('; ');
    return { ...base, frames: 0, p50: Number.NaN, p95: Number.NaN, max: Number.NaN, dropped: 0, steps: 0, backend: '', load: load(), error: text };
  } finally {
    await context.close();
  }
}
