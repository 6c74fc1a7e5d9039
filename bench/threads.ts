/**
 * Issue 16 §1: the same configs on Chromium's WASM backend with one thread and with every thread the page gets,
 * each on a fresh bench page (a WASM module starts its thread pool once), one right after the other.
 */
import type { Browser } from 'playwright-core';
import { REFERENCE_CONFIGS, type ConfigName } from './configs';
import type { Plan } from './measure';
import type { BenchWindow } from './page';
import { plan } from './plans';
import { load } from './node';
import type { LoadAverage } from './results';

/** The configs for the comparison, and how many steps each side runs. */
const THREAD_PLANS: Record<'full' | 'quick', Partial<Record<ConfigName, Plan>>> = {
  full: { characters: plan(2, 5, 0, 0, 0), addition: plan(2, 5, 0, 0, 0) },
  quick: { addition: plan(1, 2, 0, 0, 0) },
};

export interface ThreadSide {
  /** The backend line, e.g. "WebAssembly, 2 threads, SIMD". */
  detail: string;
  msPerStep: number;
}

export interface ThreadsResult {
  config: ConfigName;
  oneThread?: ThreadSide;
  allThreads?: ThreadSide;
  /** ms/step with one thread over ms/step with all. */
  speedup?: number;
  error?: string;
  load: LoadAverage;
}

async function measureSide(browser: Browser, baseUrl: string, config: ConfigName, steps: Plan, threads: boolean): Promise<ThreadSide> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(new URL(`/bench/page.html${threads ? '?threads' : ''}`, baseUrl).href);
    await page.waitForFunction(() => 'actBench' in globalThis);
    const info = await page.evaluate(() => (globalThis as unknown as BenchWindow).actBench.start('wasm'));
    const bench = REFERENCE_CONFIGS.find((c) => c.name === config)!;
    const measured = await page.evaluate(([b, p]) => (globalThis as unknown as BenchWindow).actBench.measure(b, p), [bench, steps] as const);
    return { detail: info.detail, msPerStep: measured.ours.msPerStep };
  } finally {
    await context.close();
  }
}

export async function measureThreads(browser: Browser, baseUrl: string, quick: boolean, log: (line: string) => void): Promise<ThreadsResult[]> {
  const results: ThreadsResult[] = [];
  for (const [config, steps] of Object.entries(THREAD_PLANS[quick ? 'quick' : 'full']) as [ConfigName, Plan][]) {
    try {
      const oneThread = await measureSide(browser, baseUrl, config, steps, false);
      const allThreads = await measureSide(browser, baseUrl, config, steps, true);
      const speedup = oneThread.msPerStep / allThreads.msPerStep;
      results.push({ config, oneThread, allThreads, speedup, load: load() });
      log(`chromium wasm threads ${config}: ${oneThread.msPerStep.toFixed(0)} ms/step (${oneThread.detail}) vs ${allThreads.msPerStep.toFixed(0)} ms/step (${allThreads.detail}) = ${speedup.toFixed(2)}×`);
    } catch (error) {
      results.push({ config, error: error instanceof Error ? error.message.split('\n')[0] : String(error), load: load() });
    }
  }
  return results;
}
