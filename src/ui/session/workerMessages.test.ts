import { beforeEach, describe, expect, it } from 'vitest';
import type { StepMetrics } from '../../core/trainer';
import { packMetrics } from '../../worker/protocol';
import { clearLiveData, curves } from '../data/liveData';
import { useAppStore } from '../store';
import { useSessionStore } from './sessionStore';
import { applyWorkerMessage, type MessageHooks } from './workerMessages';

const hooks: MessageHooks = { recordRun: () => undefined, steppedWhilePaused: () => undefined, runningChanged: () => undefined, evaluated: () => undefined };
const metrics = (step: number): StepMetrics => ({ step, loss: 1 / step, taskLoss: 1, seqError: 0.5, bitsPerTarget: 1.4, ponder: 1, computedSteps: 1, tau: 0.001, lr: 0.001, gradNorm: 1, updates: [], work: [], msPerStep: 3 });

beforeEach(() => {
  clearLiveData();
  useAppStore.setState({ runId: 1, phase: 'running', notices: [] });
  useSessionStore.setState({ divergence: null });
});

describe('worker messages', () => {
  it('on divergence, drops the curve points past the restored step and says what happened until training resumes', () => {
    applyWorkerMessage({ type: 'progress', runId: 1, rows: packMetrics([1, 2, 3, 4, 5].map(metrics)), tau: 0.001 }, hooks);
    applyWorkerMessage({ type: 'diverged', runId: 1, step: 6, what: ['loss', 'gradients'], restoredStep: 3 }, hooks);
    expect(Array.from(curves.points().columns[0])).toEqual([1, 2, 3]);
    expect(useAppStore.getState().metrics?.step).toBe(3);
    expect(useSessionStore.getState().divergence).toEqual({ step: 6, what: ['loss', 'gradients'], restoredStep: 3 });
    applyWorkerMessage({ type: 'state', runId: 1, state: 'running' }, hooks);
    expect(useSessionStore.getState().divergence).toBeNull();
  });

  it('keeps how many helper threads train, and says once why they stopped', () => {
    const backend = { name: 'wasm' as const, detail: 'WebAssembly, 1 thread, SIMD', software: false, threads: 1 };
    applyWorkerMessage({ type: 'ready', runId: 1, backend, failed: [], step: 0, threads: { helpers: 1 } }, hooks);
    expect(useAppStore.getState().trainingThreads).toEqual({ helpers: 1 });
    expect(useAppStore.getState().notices).toEqual([]);
    applyWorkerMessage({ type: 'threads', runId: 1, threads: { helpers: 0, note: 'A helper thread failed (gone); …' } }, hooks);
    expect(useAppStore.getState().trainingThreads?.helpers).toBe(0);
    expect(useAppStore.getState().notices.map((notice) => notice.text)).toEqual(['A helper thread failed (gone); …']);
  });

  it('names the backends that did not start and the one used instead', () => {
    const backend = { name: 'cpu' as const, detail: 'plain JavaScript', software: false };
    applyWorkerMessage({ type: 'ready', runId: 1, backend, failed: [{ backend: 'webgpu', reason: 'the device was lost' }], step: 0, threads: { helpers: 0 } }, hooks);
    expect(useAppStore.getState().notices.map((notice) => notice.text)).toEqual([
      'These backends did not start: webgpu (the device was lost). Training runs on cpu instead; choose another Backend under Run to try again.',
    ]);
  });
});
