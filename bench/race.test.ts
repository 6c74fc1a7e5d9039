import { describe, expect, it } from 'vitest';
import { parseRaceLine, type RaceResult } from './race';
import type { BackendResult, ConfigResult } from './results';
import { evaluateTargets } from './targets';

const LINE = 'Auto picked wasm, the fastest of a 2.4 s race on this model: wasm 24.1 ms/step (first step 80 ms) · ' +
  'webgl 131.5 ms/step (first step 9120 ms) · webgpu: software fallback adapter: not raced';

describe('the race line the app shows', () => {
  it('gives the pick, the timed backends and why the others were not timed', () => {
    expect(parseRaceLine(LINE)).toEqual({
      picked: 'wasm',
      timings: [
        { backend: 'wasm', msPerStep: 24.1 },
        { backend: 'webgl', msPerStep: 131.5 },
        { backend: 'webgpu', note: 'software fallback adapter: not raced' },
      ],
    });
  });
});

const chromium = (backend: 'wasm' | 'webgl', msPerStep: number): BackendResult => ({
  environment: 'chromium',
  backend,
  configs: [{ name: 'parity', config: 'task=parity', load: [0, 0, 0], ours: { msPerStep } } as ConfigResult],
});
const race = (text: string): RaceResult => ({ config: 'parity', text, ...parseRaceLine(text), load: [0, 0, 0] });
const raceTarget = (races: RaceResult[], backends: BackendResult[]) =>
  evaluateTargets({ backends, frames: [], races }).find((t) => t.name === 'auto picks the fastest backend')!;

describe('the target: auto picks the fastest backend', () => {
  it('is met when the pick is the backend the bench times fastest among those raced', () => {
    const target = raceTarget([race(LINE)], [chromium('wasm', 23.6), chromium('webgl', 127.5)]);
    expect(target.met).toBe(true);
    expect(target.measured).toContain('bench: wasm 24 ms, webgl 128 ms');
  });

  it('is not met when the bench times another raced backend faster', () => {
    const target = raceTarget([race(LINE)], [chromium('wasm', 140), chromium('webgl', 127.5)]);
    expect(target.met).toBe(false);
    expect(target.gap).toBe('the bench times webgl fastest');
  });

  it('is not met, saying why, when the race failed or did not run', () => {
    const failed: RaceResult = { config: 'parity', text: '', timings: [], load: [0, 0, 0], error: 'timeout' };
    expect(raceTarget([failed], [chromium('wasm', 20)])).toMatchObject({ met: false, gap: 'timeout' });
    expect(raceTarget([], [])).toMatchObject({ met: false, gap: 'the browser half did not run' });
  });
});
