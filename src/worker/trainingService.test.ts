import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/codec';
import type { BackendChoice } from '../config/schema';
import { setPausePoint } from '../core/pausePoint';
import { COMPILE_ALLOWANCE_MS } from './compileAllowance';
import { PROBE_GATE_CAP_MS, raiseProbeGate } from './probeGate';
import { EVALUATION_PER_DIFFICULTY, EVALUATION_SEQUENCES } from './protocol';
import { SMALL_RUN, serviceHarness, startCpu, stepsIn } from './serviceHarness';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('training service', () => {
  it('builds a model, paused, and trains one step at a time', async () => {
    const { service, nth } = serviceHarness();
    await service.receive({ type: 'init', runId: 1, config: SMALL_RUN, avoid: [] });
    expect((await nth('ready')).backend.name).toBe('cpu');
    expect((await nth('state')).state).toBe('paused');
    await service.receive({ type: 'step' });
    expect(stepsIn([await nth('progress')]).map((metrics) => metrics.step)).toEqual([1]);
  });

  it('refuses a model too big for the machine before building it, and builds the next one that fits', async () => {
    const { service, nth, trainers } = serviceHarness();
    const huge = parseConfig('task=parity&bits=64&cell=lstm&hidden=2048&layers=4&batch=1024&maxSteps=100').config;
    await service.receive({ type: 'init', runId: 1, config: huge, avoid: [] });
    expect((await nth('error')).message).toMatch(/^The model was not built\. This model needs about .* GB .* Lower hidden \(Hidden units\) from 2048 to at most \d+/);
    expect(trainers).toHaveLength(0);
    await service.receive({ type: 'init', runId: 2, config: SMALL_RUN, avoid: [] });
    expect((await nth('ready')).runId).toBe(2);
  });

  it('posts every example\'s state views with its trace, as transferred typed arrays', async () => {
    const { service, nth, messages, transfers } = serviceHarness();
    await service.receive({ type: 'init', runId: 1, config: SMALL_RUN, avoid: [] });
    const { trace } = await nth('trace');
    const sent = transfers[messages.findIndex((message) => message.type === 'trace')];
    for (const example of trace.examples) {
      const [frames] = example.states!;
      expect(frames.views.map((view) => [view.name, view.rows, view.cols])).toEqual([['h', 1, SMALL_RUN.hidden]]);
      expect([...frames.updates]).toEqual([example.ponder[0][0].steps]);
      expect(frames.values[0]).toHaveLength((example.ponder[0][0].steps + 1) * SMALL_RUN.hidden);
      for (const array of [frames.steps, frames.updates, frames.values[0]]) expect(sent).toContain(array.buffer);
    }
    expect(sent).toHaveLength(trace.examples.length * 3);
  });

  it('evaluates the difficulty curve of a task that asks for it on an even draw, and of others on the sequences as drawn', async () => {
    const curveOf = async (config: typeof SMALL_RUN) => {
      const { service, nth, runDelayed } = serviceHarness();
      await service.receive({ type: 'init', runId: 1, config, avoid: [] });
      runDelayed();
      return (await nth('evaluation')).snapshot.evaluation;
    };
    const logic = await curveOf(parseConfig('task=logic&cell=lstm&hidden=4&maxSteps=3&logicLength=3&maxGates=3').config);
    expect(logic.perDifficulty).toBe(EVALUATION_PER_DIFFICULTY);
    expect(logic.byDifficulty.map(({ difficulty, count }) => [difficulty, count])).toEqual([1, 2, 3].map((d) => [d, EVALUATION_PER_DIFFICULTY]));
    expect(logic.count).toBe(EVALUATION_SEQUENCES);
    const parity = await curveOf(SMALL_RUN);
    expect(parity.perDifficulty).toBeUndefined();
    expect(parity.byDifficulty.reduce((sum, { count }) => sum + count, 0)).toBe(EVALUATION_SEQUENCES);
  });

  it('drops an evaluation under way when a step comes, instead of making the step wait for it', async () => {
    const { service, messages, nth, runDelayed } = serviceHarness();
    await service.receive({ type: 'init', runId: 1, config: SMALL_RUN, avoid: [] });
    runDelayed();
    await nth('evaluating');
    await service.receive({ type: 'step' });
    await nth('progress');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const order = messages.map((message) => message.type).filter((type) => type.startsWith('evaluat') || type === 'progress');
    expect(order).toEqual(['evaluating', 'evaluationDropped', 'progress']);
  });

  it('evaluates a run replaced after it trained past its last evaluation, under its own run id, before the next starts', async () => {
    const { service, messages, nth } = serviceHarness();
    await service.receive({ type: 'init', runId: 1, config: SMALL_RUN, avoid: [] });
    await service.receive({ type: 'step' });
    await service.receive({ type: 'step' });
    await service.receive({ type: 'init', runId: 2, config: SMALL_RUN, avoid: [] });
    const ending = await nth('evaluation');
    expect([ending.runId, ending.snapshot.step, ending.snapshot.final]).toEqual([1, 2, true]);
    const order = messages.filter((message) => message.type === 'evaluation' || message.type === 'ready').map((message) => `${message.type} ${message.runId}`);
    expect(order).toEqual(['ready 1', 'evaluation 1', 'ready 2']);
    // A run evaluated at its last step already, or never trained, is replaced at once.
    await service.receive({ type: 'init', runId: 3, config: SMALL_RUN, avoid: [] });
    expect(messages.filter((message) => message.type === 'evaluation')).toHaveLength(1);
  });

  it('pauses on divergence, names the step, what went non-finite and the step restored, and resumes at a lower rate', async () => {
    const { service, trainers, all, nth } = serviceHarness();
    await service.receive({ type: 'init', runId: 1, config: SMALL_RUN, avoid: [] });
    await service.receive({ type: 'start' });
    await nth('progress');
    const [{ name, variable }] = trainers[0].model.variables;
    variable.assign(tf.fill(variable.shape, Number.NaN));
    const diverged = await nth('diverged');
    expect(diverged.what).toEqual(expect.arrayContaining(['loss', `weights (${name})`]));
    expect(diverged.restoredStep).toBe(0);
    expect(diverged.step).toBeGreaterThan(0);
    expect(all('state').map((message) => message.state)).toEqual(['paused', 'running', 'paused']);

    const progressBefore = all('progress').length;
    await service.receive({ type: 'setLive', settings: { lr: SMALL_RUN.lr / 10 } });
    await service.receive({ type: 'step' });
    const [resumed] = stepsIn([await nth('progress', progressBefore + 1)]);
    expect(resumed.step).toBe(1);
    expect(Number.isFinite(resumed.loss)).toBe(true);
  });

  it('restores a snapshot that continues exactly, and refuses a broken one changing nothing', async () => {
    const first = serviceHarness();
    await first.service.receive({ type: 'init', runId: 1, config: SMALL_RUN, avoid: [] });
    for (let i = 0; i < 3; i++) await first.service.receive({ type: 'step' });
    await first.service.receive({ type: 'snapshot' });
    const { state } = await first.nth('snapshot');
    const saved = structuredClone(state);
    for (let i = 0; i < 2; i++) await first.service.receive({ type: 'step' });
    const expected = stepsIn(first.messages).slice(3);

    const broken = { ...saved, weights: saved.weights.slice(0, 64) };
    await first.service.receive({ type: 'restore', runId: 2, state: broken, backend: 'auto', avoid: [] });
    expect((await first.nth('restoreFailed')).message).toMatch(/weights.bin has 64 bytes/);
    await first.service.receive({ type: 'step' });
    const after = (await first.nth('progress', 6));
    expect([after.runId, stepsIn([after])[0].step]).toEqual([1, 6]);

    const second = serviceHarness();
    await second.service.receive({ type: 'restore', runId: 7, state: saved, backend: 'auto', avoid: [] });
    expect((await second.nth('ready')).runId).toBe(7);
    for (let i = 0; i < 2; i++) await second.service.receive({ type: 'step' });
    expect(stepsIn(second.messages).map(({ step, loss }) => ({ step, loss }))).toEqual(expected.map(({ step, loss }) => ({ step, loss })));
  });

  it('falls back to the next backend when one does not start, and says which failed and why', async () => {
    const startOnlyCpu = async (choice: BackendChoice) => {
      if (choice !== 'cpu') throw new Error(`${choice} is broken here`);
      return startCpu();
    };
    const { service, nth } = serviceHarness({ startBackend: startOnlyCpu });
    await service.receive({ type: 'init', runId: 1, config: { ...SMALL_RUN, backend: 'webgpu' }, avoid: [] });
    const ready = await nth('ready');
    expect(ready.backend.name).toBe('cpu');
    expect(ready.failed).toEqual([
      { backend: 'webgpu', reason: 'webgpu is broken here' },
      { backend: 'webgl', reason: 'webgl is broken here' },
      { backend: 'wasm', reason: 'wasm is broken here' },
    ]);
  });

  it('passes over a fallback GPU backend on a software renderer for WASM, but keeps one chosen by hand', async () => {
    const softwareGpu = async (choice: BackendChoice) => {
      const info = await startCpu();
      if (choice === 'webgpu') throw new Error('webgpu is broken here');
      if (choice === 'webgl') return { name: 'webgl' as const, detail: 'SwiftShader', software: true };
      if (choice === 'wasm') return { ...info, name: 'wasm' as const, detail: 'WebAssembly' };
      return info;
    };
    const fallback = serviceHarness({ startBackend: softwareGpu });
    await fallback.service.receive({ type: 'init', runId: 1, config: { ...SMALL_RUN, backend: 'webgpu' }, avoid: [] });
    const ready = await fallback.nth('ready');
    expect(ready.backend.name).toBe('wasm');
    expect(ready.failed).toEqual([
      { backend: 'webgpu', reason: 'webgpu is broken here' },
      { backend: 'webgl', reason: expect.stringMatching(/software renderer, not a GPU \(SwiftShader\): WASM is usually much faster/) },
    ]);
    const chosen = serviceHarness({ startBackend: softwareGpu });
    await chosen.service.receive({ type: 'init', runId: 1, config: { ...SMALL_RUN, backend: 'webgl' }, avoid: [] });
    expect((await chosen.nth('ready')).backend.name).toBe('webgl');
  });

  it('tells the watchdog that the first trace, evaluation and step on a GPU backend may block while shaders compile', async () => {
    const gaps: number[] = [];
    const gpu = async () => ({ ...(await startCpu()), name: 'webgl' as const, detail: 'a GPU' });
    const { service, nth, runDelayed } = serviceHarness({ startBackend: gpu, expectGap: (ms) => gaps.push(ms) });
    await service.receive({ type: 'init', runId: 1, config: { ...SMALL_RUN, backend: 'webgl' }, avoid: [] });
    expect(gaps).toEqual([COMPILE_ALLOWANCE_MS, 0]);
    runDelayed();
    await nth('evaluation');
    await service.receive({ type: 'step' });
    await service.receive({ type: 'step' });
    await nth('trace', 3);
    // Once each: the trace (init), the baseline evaluation, the first step; the second step and traces compile nothing new.
    expect(gaps).toEqual([COMPILE_ALLOWANCE_MS, 0, COMPILE_ALLOWANCE_MS, 0, COMPILE_ALLOWANCE_MS, 0]);
    // A new model compiles anew.
    await service.receive({ type: 'init', runId: 2, config: { ...SMALL_RUN, backend: 'webgl', hidden: 12 }, avoid: [] });
    expect(gaps).toHaveLength(8);
  });

  it('holds its next step for an input made by hand until the probe worker answered (or the cap passed)', async () => {
    const { service, trainers, runDelayed } = serviceHarness();
    await service.receive({ type: 'init', runId: 1, config: SMALL_RUN, avoid: [] });
    await service.receive({ type: 'start' });
    const trainer = trainers[0];
    const until = async (what: () => boolean) => {
      for (let i = 0; i < 2000 && !what(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await until(() => trainer.stepCount >= 2);
    await service.receive({ type: 'probe', request: { id: 1, task: 'parity', input: [1, 0, 0, 0, 0, 0] } });
    const held = trainer.stepCount;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(trainer.stepCount, 'no step while the probe worker has not answered').toBe(held);
    await service.receive({ type: 'probeAnswered' });
    await until(() => trainer.stepCount > held + 2);
    expect(trainer.stepCount).toBeGreaterThan(held + 2);
    // Unanswered, the hold ends at its cap (the harness runs deferred tasks by hand).
    await service.receive({ type: 'probe', request: { id: 2, task: 'parity', input: [1, 1, 0, 0, 0, 0] } });
    const heldAgain = trainer.stepCount;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(trainer.stepCount).toBe(heldAgain);
    runDelayed();
    await until(() => trainer.stepCount > heldAgain + 2);
    expect(trainer.stepCount).toBeGreaterThan(heldAgain + 2);
    await service.receive({ type: 'pause' });
  });

  it('holds inside a step at a raised probe gate, until the gate is lowered or its cap has passed', async () => {
    const { service, nth } = serviceHarness();
    const gate = new SharedArrayBuffer(4);
    try {
      await service.receive({ type: 'probeGate', gate });
      await service.receive({ type: 'init', runId: 1, config: SMALL_RUN, avoid: [] });
      await nth('ready');
      raiseProbeGate(gate);
      const start = performance.now();
      await service.receive({ type: 'step' });
      // Nobody lowers it here: the first pause point waits out the cap and lowers the gate itself.
      expect(performance.now() - start).toBeGreaterThanOrEqual(PROBE_GATE_CAP_MS - 5);
      expect(Atomics.load(new Int32Array(gate), 0)).toBe(0);
      expect(stepsIn([await nth('progress')]).map((metrics) => metrics.step)).toEqual([1]);
    } finally {
      setPausePoint(null);
    }
  });

  it('shows a sign of life at every cell update of an evaluation and a step, beside the probe gate\'s hold', async () => {
    let signs = 0;
    const { service, nth, runDelayed } = serviceHarness({ signOfLife: () => signs++ });
    try {
      await service.receive({ type: 'init', runId: 1, config: SMALL_RUN, avoid: [] });
      await nth('ready');
      const beforeEvaluation = signs;
      runDelayed();
      await nth('evaluation');
      expect(signs, 'the baseline evaluation: every ponder update of every batch').toBeGreaterThan(beforeEvaluation + 4);
      await service.receive({ type: 'probeGate', gate: new SharedArrayBuffer(4) });
      const beforeStep = signs;
      await service.receive({ type: 'step' });
      await nth('progress');
      expect(signs, 'a step, with a probe gate installed').toBeGreaterThan(beforeStep);
    } finally {
      setPausePoint(null);
    }
  });

  it('reports a lost backend and stops using the model', async () => {
    let loseDevice: (reason: string) => void = () => undefined;
    const { service, all, nth } = serviceHarness({ watchBackend: (_, lost) => (loseDevice = lost) });
    await service.receive({ type: 'init', runId: 1, config: SMALL_RUN, avoid: [] });
    loseDevice('the GPU was reset');
    expect(await nth('backendLost')).toEqual({ type: 'backendLost', runId: 1, backend: 'cpu', reason: 'the GPU was reset' });
    await service.receive({ type: 'step' });
    expect(all('progress')).toEqual([]);
  });
});
