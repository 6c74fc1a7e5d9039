import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { configOf } from '../config/testing';
import type { BackendInfo, BackendName } from '../core/backend';
import { initBackend } from '../core/backend';
import type { Trainer } from '../core/trainer';
import { createTrainer } from '../run/engine';
import type { BackendStarter } from './backendFallback';
import { RACE_STEPS, memoryRaceCache, raceForBackend, raceKey } from './backendRace';
import { COMPILE_ALLOWANCE_MS, CompileAllowance } from './compileAllowance';

const CONFIG = configOf('task=parity&bits=8&hidden=16&batch=16');

/** Backends whose steps take a fixed time on a fake clock; those not listed do not start. */
function fakeMachine(stepMs: Partial<Record<BackendName, number>>, software: BackendName[] = []) {
  let clock = 0;
  let running: BackendName = 'cpu';
  const trained: BackendName[] = [];
  const start: BackendStarter = async (choice) => {
    const name = choice as BackendName;
    if (stepMs[name] === undefined) throw new Error(`${name} is not here`);
    running = name;
    return { name, detail: `fake ${name}`, software: software.includes(name) } satisfies BackendInfo;
  };
  const activated: BackendName[] = [];
  const activate = async (name: BackendName) => {
    activated.push(name);
    running = name;
    return true;
  };
  const trainer = (): Trainer => {
    const on = running;
    trained.push(on);
    return { step: async () => void (clock += stepMs[on]!), dispose: () => undefined } as unknown as Trainer;
  };
  return { deps: { start, createTrainer: trainer, cache: memoryRaceCache(), now: () => clock, activate }, trained, activated };
}

describe('the backend race of auto', () => {
  it('picks the fastest backend that starts, after a warm-up step and a few timed ones; a software WebGPU adapter is not raced', async () => {
    const { deps, trained, activated } = fakeMachine({ wasm: 20, webgl: 8, webgpu: 2 }, ['webgpu']);
    const { name, race } = await raceForBackend(CONFIG, {}, deps);
    // Each raced backend runs in turn, then the winner again.
    expect([name, race.winner, activated]).toEqual(['webgl', 'webgl', ['wasm', 'webgl', 'webgl']]);
    expect(trained).toEqual(['wasm', 'webgl']);
    expect(race.entries.find((e) => e.backend === 'webgpu')?.note).toMatch(/software renderer: not raced/);
  });

  it('tells the watchdog that a GPU backend\'s race steps may block while its shaders compile, not WASM\'s', async () => {
    const { deps } = fakeMachine({ wasm: 20, webgl: 8 });
    const gaps: number[] = [];
    await raceForBackend(CONFIG, {}, { ...deps, compiling: new CompileAllowance((ms) => gaps.push(ms)) });
    expect(gaps).toEqual([COMPILE_ALLOWANCE_MS, 0]);
  });

  it('races software renderers only when asked; a lone candidate is picked untimed', async () => {
    const lone = fakeMachine({ wasm: 20, webgl: 8 }, ['webgl']);
    const { race } = await raceForBackend(CONFIG, {}, lone.deps);
    expect(race.winner).toBe('wasm');
    expect(lone.trained).toEqual([]);
    expect(race.entries.map((e) => e.note)).toEqual(['the only candidate', 'software renderer: not raced', expect.stringMatching(/did not start/)]);
    const asked = fakeMachine({ wasm: 20, webgl: 8, webgpu: 1 }, ['webgl', 'webgpu']);
    expect((await raceForBackend(CONFIG, {}, { ...asked.deps, softwareToo: true })).race.winner).toBe('webgl');
    expect(asked.trained).toEqual(['wasm', 'webgl']);
  });

  it('prefers WASM when a GPU backend is slower, remembers the pick per config shape, and races a new shape', async () => {
    const { deps, trained } = fakeMachine({ wasm: 10, webgl: 70 });
    const picked = await raceForBackend(CONFIG, {}, deps);
    expect([picked.race.winner, picked.race.cached]).toEqual(['wasm', false]);
    const wasm = picked.race.entries.find((e) => e.backend === 'wasm')!;
    expect([wasm.msPerStep, wasm.steps, wasm.warmupMs]).toEqual([10, RACE_STEPS, 10]);
    expect(picked.race.entries.find((e) => e.backend === 'webgl')?.msPerStep).toBe(70);
    expect(picked.race.entries.find((e) => e.backend === 'webgpu')?.note).toMatch(/did not start/);
    expect(trained).toEqual(['wasm', 'webgl']);

    const again = await raceForBackend(configOf('task=parity&bits=8&hidden=16&batch=16&tau=0.1&seed=9'), {}, deps);
    expect([again.name, again.race.cached]).toEqual(['wasm', true]);
    expect(trained).toEqual(['wasm', 'webgl']);
    await raceForBackend(configOf('task=parity&bits=8&hidden=32&batch=16'), {}, deps);
    expect(trained).toEqual(['wasm', 'webgl', 'wasm', 'webgl']);
  });

  it('does not time a backend further whose first step takes far longer than the leader\'s whole race', async () => {
    const { deps, trained } = fakeMachine({ wasm: 10, webgl: 5000 });
    const { race } = await raceForBackend(CONFIG, {}, deps);
    expect(race.winner).toBe('wasm');
    expect(race.entries.find((e) => e.backend === 'webgl')).toMatchObject({ steps: 0, warmupMs: 5000, note: expect.stringMatching(/too slow/) });
    expect(trained).toEqual(['wasm', 'webgl']);
  });

  it('keys picks by what decides speed: model, batch, M and task, not τ, seed or learning rate', () => {
    expect(raceKey(CONFIG)).toBe(raceKey(configOf('task=parity&bits=8&hidden=16&batch=16&tau=0.1&seed=4&lr=0.01')));
    expect(raceKey(CONFIG)).not.toBe(raceKey(configOf('task=parity&bits=8&hidden=16&batch=32')));
    expect(raceKey(CONFIG)).not.toBe(raceKey(configOf('task=parity&bits=8&hidden=16&batch=16&maxSteps=5')));
  });

  it('races real training steps on real backends (WASM, and CPU standing in for WebGL), leaves the winner running, keeps no tensors', async () => {
    const standIn = (name: string): BackendName => (name === 'webgl' ? 'cpu' : (name as BackendName));
    const start: BackendStarter = (choice) => initBackend(standIn(choice));
    const activate = (name: BackendName) => tf.setBackend(standIn(name));
    await initBackend('wasm');
    const before = tf.memory().numTensors;
    const picked = await raceForBackend(CONFIG, {}, { start, activate, createTrainer: (raced) => createTrainer(raced), cache: memoryRaceCache() });
    const [wasm, cpu] = ['wasm', 'webgl'].map((name) => picked.race.entries.find((e) => e.backend === name)!);
    // Which one wins depends on the load of this shared machine; the pick must be the faster one measured.
    expect(picked.race.winner).toBe(wasm.msPerStep! <= cpu.msPerStep! ? 'wasm' : 'webgl');
    expect(tf.getBackend()).toBe(standIn(picked.race.winner));
    expect([wasm.steps, cpu.steps].every((steps) => steps >= 1 && steps <= RACE_STEPS)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
