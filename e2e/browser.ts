import { chromium, type Browser, type Page } from 'playwright-core';

export interface AppPage {
  page: Page;
  /** Console errors and uncaught page errors seen so far, as text. */
  errors: string[];
  close(): Promise<void>;
}

export function baseUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set: run the browser tests with `npm run test:e2e`.');
  return url;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--enable-unsafe-webgpu', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** Opens the app at `path` (e.g. '/#hidden=32') in a fresh page that records errors. */
export async function openApp(browser: Browser, path = '/'): Promise<AppPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  await page.goto(new URL(path, baseUrl()).href);
  return { page, errors, close: () => context.close() };
}

/** The number a metric card shows (NaN while it shows "—"). */
export async function metric(page: Page, label: string): Promise<number> {
  const text = await page.getByLabel(label, { exact: true }).textContent();
  return Number.parseFloat(text ?? '');
}

/** Polls until `check` holds, or throws naming `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Pauses a training run and returns its step once training has stopped: the step in flight when Pause was pressed
 * still finishes, so the step is read after Start is enabled again.
 */
export async function pauseAndReadStep(page: Page, timeoutMs = 30_000): Promise<number> {
  const start = page.getByRole('button', { name: 'Start', exact: true });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await eventually('Start is enabled again', () => start.isEnabled(), timeoutMs);
  return metric(page, 'Step');
}

/**
 * Pauses a training run and waits until the evaluation at the paused step is in the Recorded runs table: a reset
 * before then (a change of settings) records the run without it, or not at all if it had none.
 */
export async function pauseUntilEvaluated(page: Page, timeoutMs = 30_000): Promise<number> {
  const step = await pauseAndReadStep(page, timeoutMs);
  const table = page.getByRole('table', { name: 'Recorded runs' });
  await eventually(`the evaluation at step ${step} is recorded`, async () => (await table.getByRole('cell', { name: String(step), exact: true }).count()) > 0, timeoutMs);
  return step;
}

/** Waits until the model is built and Start can be pressed. */
export async function waitUntilReady(page: Page): Promise<void> {
  const start = page.getByRole('button', { name: 'Start', exact: true });
  await eventually('Start is enabled', () => start.isEnabled(), 30_000);
}
