import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/codec';
import type { FromProbeWorker, ProbeToWorker, ToProbeWorker } from '../../worker/probeProtocol';
import type { WorkerHandlers } from '../session/workerConnection';
import { MAX_STARTS, ProbeRouter } from './probeRouter';

const CONFIG = parseConfig('task=parity&bits=4').config;

function harness(gate: SharedArrayBuffer | null = null) {
  const workers: { handlers: WorkerHandlers<FromProbeWorker>; sent: ToProbeWorker[]; closed: boolean }[] = [];
  const toTrainer: ProbeToWorker[] = [];
  const answers: unknown[] = [];
  const notices: string[] = [];
  const router = new ProbeRouter({
    sendToTrainer: (message) => toTrainer.push(message),
    answered: (message) => answers.push(message),
    notice: (text) => notices.push(text),
    gate,
    connect(handlers) {
      const worker = { handlers, sent: [] as ToProbeWorker[], closed: false };
      workers.push(worker);
      return { send: (message) => worker.sent.push(message), close: () => (worker.closed = true) };
    },
  });
  return { router, workers, toTrainer, answers, notices };
}

const request = (id: number, task = 'parity') => ({ id, task, input: [[1, 0, 0, 0]] });
const weights = (step: number) => ({ step, config: CONFIG, values: new Float32Array([step]) });

describe('routing probes to the probe worker', () => {
  it('sends requests to both workers and weights to the probe worker, and passes its answers on', () => {
    const { router, workers, toTrainer, answers } = harness();
    router.ask(request(1));
    router.weights(5, weights(3));
    expect(toTrainer).toEqual([{ type: 'probe', request: request(1) }]);
    expect(workers[0].sent).toEqual([{ type: 'probe', request: request(1) }, { type: 'weights', runId: 5, weights: weights(3) }]);
    const refused: FromProbeWorker = { type: 'probeRefused', runId: 5, id: 1, task: 'parity', message: 'no' };
    workers[0].handlers.message(refused);
    expect(answers).toEqual([refused]);
    // The training worker holds its next step until the probe worker answered (ProbeHold): it is told.
    expect(toTrainer.at(-1)).toEqual({ type: 'probeAnswered' });
    expect(router.onTrainingWorker).toBe(false);
  });

  it('restarts a crashed or silent probe worker with the latest weights and requests, then hands over to the training worker with a notice', () => {
    const { router, workers, toTrainer, notices } = harness();
    router.ask(request(1));
    router.ask(request(2, 'sort'));
    router.ask(request(3));
    router.weights(1, weights(0));
    router.weights(1, weights(9));
    workers[0].handlers.failed('out of memory', true);
    expect(workers[0].closed).toBe(true);
    expect(workers[1].sent).toEqual([
      { type: 'weights', runId: 1, weights: weights(9) },
      { type: 'probe', request: request(3) },
      { type: 'probe', request: request(2, 'sort') },
    ]);
    for (let start = 2; start < MAX_STARTS; start++) workers[start - 1].handlers.silent(12);
    expect(workers).toHaveLength(MAX_STARTS);
    expect(toTrainer.some((message) => message.type === 'probeHere')).toBe(false);
    workers[MAX_STARTS - 1].handlers.failed('again', true);
    expect(workers).toHaveLength(MAX_STARTS);
    expect(toTrainer.at(-1)).toEqual({ type: 'probeHere' });
    expect(notices).toEqual([expect.stringMatching(/probe worker failed \(it crashed: again\), so the training worker answers/)]);
    expect(router.onTrainingWorker).toBe(true);
    // A late message of a closed worker is dropped; a restarted training worker is told again.
    workers[0].handlers.message({ type: 'probeRefused', runId: 1, id: 1, task: 'parity', message: 'late' });
    router.trainerRestarted();
    expect(toTrainer.filter((message) => message.type === 'probeHere')).toHaveLength(2);
  });

  it('hands over at once when the probe worker cannot answer (no backend) or never starts', () => {
    const failed = harness();
    failed.workers[0].handlers.message({ type: 'probeFailed', message: 'No backend could start: wasm: x; cpu: y.' });
    expect(failed.workers).toHaveLength(1);
    expect(failed.toTrainer).toEqual([{ type: 'probeAnswered' }, { type: 'probeHere' }]);
    expect(failed.notices[0]).toMatch(/No backend could start/);

    const unloaded = harness();
    unloaded.workers[0].handlers.failed('it could not be loaded', false);
    expect(unloaded.workers).toHaveLength(1);
    expect(unloaded.notices[0]).toMatch(/it did not start: it could not be loaded/);
  });

  it('shares the probe gate with both workers, raises it with each request, and lowers it when the probe worker fails', () => {
    const gate = new SharedArrayBuffer(4);
    const raised = () => Atomics.load(new Int32Array(gate), 0) !== 0;
    const { router, workers, toTrainer } = harness(gate);
    expect(toTrainer).toEqual([{ type: 'probeGate', gate }]);
    expect(workers[0].sent).toEqual([{ type: 'probeGate', gate }]);
    router.ask(request(1));
    expect(raised()).toBe(true);
    workers[0].handlers.failed('out of memory', true);
    expect(raised()).toBe(false);
    expect(workers[1].sent[0]).toEqual({ type: 'probeGate', gate });
    for (let start = 2; start <= MAX_STARTS; start++) workers[start - 1].handlers.silent(12);
    expect(router.onTrainingWorker).toBe(true);
    // The training worker answers now: it must not hold for its own answer.
    router.ask(request(2));
    expect(raised()).toBe(false);
    router.trainerRestarted();
    expect(toTrainer.filter((message) => message.type === 'probeGate')).toHaveLength(2);
  });
});
