import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Browser, Page, Worker } from 'playwright-core';
import { eventually, launchBrowser, metric, openApp, waitUntilReady } from './browser';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const PAYLOADS = ['<script>window.__pwned=1;alert(1)</script>', '<img src=x onerror="window.__pwned=1;alert(1)">', 'javascript:alert(1)'];
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** Fails on anything a payload could have created: script or image elements, event-handler attributes, javascript: links. */
async function assertNoMarkup(page: Page, dialogs: string[]): Promise<void> {
  const found = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: number }).__pwned ?? 0,
    images: document.querySelectorAll('img').length,
    inlineScripts: [...document.scripts].filter((script) => !script.src).length,
    handlers: [...document.querySelectorAll('*')].filter((element) => [...element.attributes].some((attribute) => attribute.name.startsWith('on'))).length,
    scriptLinks: [...document.querySelectorAll('[href]')].filter((element) => /^\s*javascript:/i.test(element.getAttribute('href') ?? '')).length,
  }));
  assert.deepEqual(found, { pwned: 0, images: 0, inlineScripts: 0, handlers: 0, scriptLinks: 0 });
  assert.deepEqual(dialogs, []);
}

function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

test('no markup or script from the link, run history or imported runs reaches the page', { timeout: 90_000 }, async () => {
  const hostile = PAYLOADS.map((payload) => `${encodeURIComponent(payload)}=${encodeURIComponent(payload)}`).join('&');
  const { page, errors, close } = await openApp(browser, `/#v=1&task=parity&bits=6&hidden=16&${hostile}&tau=${encodeURIComponent(PAYLOADS[0])}`);
  const dialogs = watchDialogs(page);
  try {
    const problems = page.getByRole('alert').filter({ hasText: 'were not used' });
    await eventually('the link problems are listed', () => problems.isVisible(), 10_000);
    for (const payload of PAYLOADS) assert.ok(((await problems.textContent()) ?? '').includes(payload), `the notice shows ${payload} as text`);
    await waitUntilReady(page);
    await page.evaluate((payload) => (window.location.hash = `#v=1&task=parity&bits=6&hidden=16&${encodeURIComponent(payload)}=1`), PAYLOADS[1]);
    await eventually('an edited link is listed too', async () => ((await problems.textContent()) ?? '').includes(PAYLOADS[1]), 5_000);

    // Run history from storage: its texts are shown as text, its links stay in-page.
    await page.evaluate((payloads) => {
      const runs = payloads.map((payload, i) => ({ id: payload, task: 'parity', act: true, tau: 0.001 * (i + 1), cell: payload, hidden: 16, step: 5, ponder: 1.2, seqError: 0.5, hash: payload, recordedAt: 1 }));
      localStorage.setItem('act-playground/runs/v1', JSON.stringify(runs));
    }, PAYLOADS);
    await page.reload();
    await waitUntilReady(page);
    const table = page.getByRole('table', { name: 'Recorded runs' });
    for (const payload of PAYLOADS) assert.equal(await table.getByText(`${payload} 16`, { exact: true }).count(), 1, `the cell ${payload} is text`);
    const hrefs = await table.locator('a').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    assert.ok(hrefs.length === 3 && hrefs.every((href) => href.startsWith('#')), `run links stay in the page: ${hrefs.join(' ')}`);
    await table.locator('a').first().click();
    await assertNoMarkup(page, dialogs);

    // Imported runs: a hostile file name and run id are text; hostile settings are refused, shown as text.
    await button(page, 'One step').click();
    await eventually('one step is done', async () => (await metric(page, 'Step')) >= 1, 20_000);
    const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Export run').click()]);
    const entries = unzipSync(readFileSync((await download.path())!));
    const trainer = JSON.parse(strFromU8(entries['trainer.json']));
    const withTrainer = (changes: Record<string, unknown>) => Buffer.from(zipSync({ ...entries, 'trainer.json': strToU8(JSON.stringify({ ...trainer, ...changes })) }));
    const input = page.getByLabel(/^Run to import/);
    await input.setInputFiles({ name: `${PAYLOADS[1]}.zip`, mimeType: 'application/zip', buffer: withTrainer({ historyId: PAYLOADS[0] }) });
    await eventually('the hostile-named run is imported', async () => ((await page.getByRole('status').filter({ hasText: 'Imported' }).textContent()) ?? '').includes(`${PAYLOADS[1]}.zip`), 20_000);
    await input.setInputFiles({ name: 'settings.zip', mimeType: 'application/zip', buffer: withTrainer({ link: `task=parity&${PAYLOADS[2]}=${encodeURIComponent(PAYLOADS[0])}` }) });
    const refusal = page.getByRole('alert').filter({ hasText: 'Could not import settings.zip' });
    await eventually('hostile settings are refused', () => refusal.isVisible(), 10_000);
    assert.ok(((await refusal.textContent()) ?? '').includes(PAYLOADS[2]));
    await assertNoMarkup(page, dialogs);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

/** A page or a worker: somewhere to run code. */
type Scope = Pick<Worker, 'evaluate'>;

/** Records Content-Security-Policy violations in a page or worker global, from now on. */
const recordViolations = (where: Scope) =>
  where.evaluate(() => {
    const scope = globalThis as unknown as { __violations?: string[] };
    scope.__violations = [];
    globalThis.addEventListener('securitypolicyviolation', (event) => scope.__violations!.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
const violations = (where: Scope) => where.evaluate(() => (globalThis as unknown as { __violations: string[] }).__violations);
/** Whether code generation from strings is refused there (the policy applies, without 'unsafe-eval'). */
const refusesEval = (where: Scope) =>
  where.evaluate(
    () =>
      new Promise<boolean>((resolve) =>
        setTimeout(() => {
          try {
            new Function('return 1')();
            resolve(false);
          } catch {
            resolve(true);
          }
        }),
      ),
  );

test('trains under a Content-Security-Policy without unsafe-eval on WASM, WebGL and CPU, page and worker', { timeout: 150_000 }, async () => {
  for (const backend of ['wasm', 'webgl', 'cpu']) {
    const { page, errors, close } = await openApp(browser, `/#v=1&task=parity&bits=6&hidden=16&backend=${backend}`);
    try {
      await recordViolations(page);
      const worker = page.workers().find((candidate) => candidate.url().includes('trainer.worker')) ?? (await page.waitForEvent('worker'));
      await recordViolations(worker);
      await waitUntilReady(page);
      assert.match((await page.getByRole('region', { name: 'Backend' }).textContent()) ?? '', new RegExp(`Backend: ${backend}\\b`));
      await button(page, 'One step').click();
      await eventually(`a ${backend} step is done`, async () => (await metric(page, 'Step')) === 1, 90_000);
      assert.deepEqual([await violations(page), await violations(worker)], [[], []], `no violations on ${backend}`);
      assert.deepEqual([await refusesEval(page), await refusesEval(worker)], [true, true], 'the policy applies to the page and the worker');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  }
});
