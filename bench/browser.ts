/**
 * The Chromium half of the bench: builds the app with the bench page beside it (into a temporary folder, so
 * dist/ is left alone), serves the build with `vite preview` (cross-origin isolated, as the app is served),
 * and drives the bench page once per backend and the app itself for frame times.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build, preview } from 'vite';
import { keepTypeofGuards } from '../scripts/keepTypeofGuards';
import { encodeConfig } from '../src/config/codec';
import type { BackendName } from '../src/core/backend';
import { TEXT_BYTES, TEXT_FILE, benchConfig } from './configs';
import { FRAME_VIEWS, measureFrames } from './frames';
import { TEXT_SOURCE, load } from './node';
import type { BenchWindow } from './page';
import type { MatMulRate } from './measure';
import { BACKENDS, MATMUL_REPS, MATMUL_REPS_PER_CONFIG, matMulSize, plansFor } from './plans';
import type { BackendResult, FrameResult } from './results';
import { configResult } from './results';
import { measureRaces, type RaceResult } from './race';
import { measureThreads, type ThreadsResult } from './threads';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserResults {
  chromium: string;
  backends: BackendResult[];
  threads: ThreadsResult[];
  frames: FrameResult[];
  races: RaceResult[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function buildInto(outDir: string, withText: boolean): Promise<void> {
  await build({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    // The bench page runs the threaded WASM backend on the page itself (bench/threads.ts).
    plugins: [keepTypeofGuards()],
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      rolldownOptions: { input: { main: join(ROOT, 'index.html'), bench: join(ROOT, 'bench/page.html') } },
    },
  });
  if (withText) writeFileSync(join(outDir, TEXT_FILE), readFileSync(TEXT_SOURCE).subarray(0, TEXT_BYTES));
}

/**
 * The e2e launcher's flags (e2e/browser.ts), plus an exposed gc and unrounded heap sizes for the memory check, plus
 * BENCH_CHROMIUM_ARGS (space-separated): what a machine's GPU needs, e.g. Vulkan for WebGPU on Linux.
 */
function launch(): Promise<Browser> {
  const extra = (process.env.BENCH_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--enable-unsafe-webgpu', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run',
      '--js-flags=--expose-gc', '--enable-precise-memory-info', ...extra,
    ],
  });
}

const message = (error: unknown): string => (error instanceof Error ? error.message.split('\n')[0] : String(error));

async function runBackend(browser: Browser, baseUrl: string, backend: BackendName, quick: boolean, log: (line: string) => void): Promise<BackendResult> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.goto(new URL('/bench/page.html', baseUrl).href);
    await page.waitForFunction(() => 'actBench' in globalThis);
    let result: BackendResult;
    try {
      const info = await page.evaluate((name) => (globalThis as unknown as BenchWindow).actBench.start(name), backend);
      result = { environment: 'chromium', backend, detail: info.detail, software: info.software, configs: [] };
    } catch (error) {
      return { environment: 'chromium', backend, error: message(error), configs: [] };
    }
    const matMulNow = (reps: number): Promise<MatMulRate> => page.evaluate(
      ([size, count]) => (globalThis as unknown as BenchWindow).actBench.matMul(size, count),
      [matMulSize(quick), reps] as const,
    );
    result.matMul = await matMulNow(MATMUL_REPS[backend]);
    log(`chromium ${backend}: ${result.detail}; ${result.matMul.size}² matMul ${result.matMul.gflops.toFixed(2)} GFLOP/s`);
    // The full counts skip what the software fallbacks here cannot run in minutes; a hardware adapter runs it all.
    const onHardware = !result.software && (backend === 'webgpu' || backend === 'webgl');
    for (const planned of plansFor('chromium', backend, quick ? 'quick' : onHardware ? 'gpu' : 'full')) {
      const config = encodeConfig(benchConfig(planned.config));
      let outcome = null;
      let matMul = result.matMul;
      if (planned.plan) {
        try {
          if (MATMUL_REPS_PER_CONFIG[backend] > 0) matMul = await matMulNow(MATMUL_REPS_PER_CONFIG[backend]);
          const measurement = await page.evaluate(
            ([bench, plan]) => (globalThis as unknown as BenchWindow).actBench.measure(bench, plan),
            [planned.config, planned.plan] as const,
          );
          outcome = { measurement };
        } catch (error) {
          outcome = { error: [message(error), ...errors].join('; ') };
        }
      }
      const entry = configResult(planned, config, outcome, matMul, load());
      result.configs.push(entry);
      log(`chromium ${backend} ${planned.config.name}: ${entry.skipped ? `skipped (${entry.skipped})` : entry.error ?? `${entry.ours?.msPerStep.toFixed(1)} ms/step`}`);
    }
    return result;
  } finally {
    await context.close();
  }
}

/**
 * Builds the app and the bench page into a temporary folder, serves it with `vite preview` and launches Chromium;
 * `run` gets the browser and the base URL; everything is closed and removed afterwards. `withText`: serve the
 * text task's data file too (the memory bench needs none).
 */
export async function withServedBench<T>(run: (browser: Browser, baseUrl: string) => Promise<T>, withText = true): Promise<T> {
  const outDir = mkdtempSync(join(tmpdir(), 'act-bench-'));
  const port = await freePort();
  let server: Awaited<ReturnType<typeof preview>> | undefined;
  let browser: Browser | undefined;
  try {
    await buildInto(outDir, withText);
    server = await preview({
      root: ROOT,
      configFile: join(ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port, strictPort: true },
    });
    browser = await launch();
    return await run(browser, `http://127.0.0.1:${port}`);
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

export const chromiumVersion = (): string => execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

export function runBrowser(quick: boolean, log: (line: string) => void): Promise<BrowserResults> {
  return withServedBench(async (browser, baseUrl) => {
    const backends: BackendResult[] = [];
    for (const backend of BACKENDS.chromium) backends.push(await runBackend(browser, baseUrl, backend, quick, log));
    const threads = await measureThreads(browser, baseUrl, quick, log);
    const frames: FrameResult[] = [];
    for (const view of FRAME_VIEWS) {
      frames.push(await measureFrames(browser, baseUrl, view, quick, load));
      log(`frames (${view.name}): p95 ${frames[frames.length - 1].p95.toFixed(1)} ms`);
    }
    const races = await measureRaces(browser, baseUrl, quick, log);
    return { chromium: chromiumVersion(), backends, threads, frames, races };
  });
}
