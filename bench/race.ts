/**
 * Issue 16 §2b: does `backend=auto` pick the fastest backend? The built app is opened on a bench config with
 * `backend=auto` and `?race=software` (so that SwiftShader WebGL is raced too, as a GPU would be), and the pick it
 * shows is compared with the bench page's own measurement of the same config on each backend (bench/browser.ts):
 * an independent timing, many more steps than the app's short race.
 */
import type { Browser } from 'playwright-core';
import { encodeConfig } from '../src/config/codec';
import { benchConfig, REFERENCE_CONFIGS, type ConfigName } from './configs';
import { load } from './node';
import type { LoadAverage } from './results';

/** The configs raced: the small ones, where the bench times WASM and WebGL both. */
const RACED_CONFIGS: Record<'full' | 'quick', ConfigName[]> = { full: ['parity', 'logic'], quick: ['parity'] };
/** WebGL's first step compiles its shaders on SwiftShader: tens of seconds under load. */
const RACE_TIMEOUT_MS = 240_000;

export interface RaceTiming {
  backend: string;
  /** The app's median ms/step in its race; absent when it was not timed (`note` says why). */
  msPerStep?: number;
  note?: string;
}

export interface RaceResult {
  config: ConfigName;
  /** The backend `auto` picked, as the page shows it. */
  picked?: string;
  /** The race line as shown ("Auto picked wasm, the fastest of a … s race on this model: …"). */
  text: string;
  timings: RaceTiming[];
  load: LoadAverage;
  error?: string;
}

/** The race line's entries: "wasm 24.1 ms/step (first step 80 ms)" or "webgpu: software fallback: not raced". */
export function parseRaceLine(text: string): { picked?: string; timings: RaceTiming[] } {
  const picked = /Auto picked (\w+)/.exec(text)?.[1];
  const list = text.slice(text.indexOf(': ') + 2);
  const timings = list.split(' · ').map((entry): RaceTiming => {
    const timed = /^(\w+) (\d+(?:\.\d+)?) ms\/step/.exec(entry);
    if (timed) return { backend: timed[1], msPerStep: Number(timed[2]) };
    const [backend, ...note] = entry.split(': ');
    return { backend: backend.trim(), note: note.join(': ').trim() };
  });
  return { picked, timings };
}

async function raceOne(browser: Browser, baseUrl: string, config: ConfigName): Promise<RaceResult> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const reference = REFERENCE_CONFIGS.find((c) => c.name === config)!;
  const hash = encodeConfig({ ...benchConfig(reference), backend: 'auto' });
  try {
    await page.goto(new URL(`/?race=software#${hash}`, baseUrl).href);
    const line = page.getByLabel('Backend race');
    await line.waitFor({ state: 'visible', timeout: RACE_TIMEOUT_MS });
    const text = ((await line.textContent()) ?? '').trim();
    return { config, text, ...parseRaceLine(text), load: load() };
  } catch (error) {
    const first = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { config, text: '', timings: [], load: load(), error: [first, ...errors].join('; ') };
  } finally {
    await context.close();
  }
}

export async function measureRaces(browser: Browser, baseUrl: string, quick: boolean, log: (line: string) => void): Promise<RaceResult[]> {
  const results: RaceResult[] = [];
  for (const config of RACED_CONFIGS[quick ? 'quick' : 'full']) {
    const result = await raceOne(browser, baseUrl, config);
    log(`race (${config}): ${result.error ? `failed: ${result.error}` : result.text}`);
    results.push(result);
  }
  return results;
}
