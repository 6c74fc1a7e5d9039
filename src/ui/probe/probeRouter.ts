/**
 * Where the inputs made by hand are answered. The probe worker holds a copy of the training run's weights (each
 * 'weights' message of the training worker, passed on here) and answers at once; the training worker is only the
 * fallback. Every request goes to both: the training worker keeps the latest per task without answering, so that
 * when the probe worker fails for good it can take over ('probeHere') with nothing lost.
 *
 * Failures: a probe worker that crashes or falls silent is started again (with the latest weights and requests)
 * up to MAX_STARTS times in all; one that says it cannot answer (no backend started, an answer failed), and the
 * last failure of all, hand probing to the training worker, with a notice.
 */
import type { FromProbeWorker, ModelWeights, ProbeRequest, ProbeToWorker, ToProbeWorker } from '../../worker/probeProtocol';
import { createProbeGate, lowerProbeGate, raiseProbeGate } from '../../worker/probeGate';
import type { FromWorker, RunId } from '../../worker/protocol';
import { WorkerConnection, type WorkerHandlers } from '../session/workerConnection';

export interface ProbeConnection {
  send(message: ToProbeWorker): void;
  close(): void;
}

export interface ProbeRouterHost {
  sendToTrainer(message: ProbeToWorker): void;
  /** An answer of the probe worker, handled as the training worker's would be (the session drops other runs'). */
  answered(message: Extract<FromWorker, { type: 'probed' | 'probeRefused' }>): void;
  notice(text: string): void;
  /** Starts a probe worker (tests give a fake). */
  connect?(handlers: WorkerHandlers<FromProbeWorker>): ProbeConnection;
  /** The probe gate shared with both workers; by default a new one where the page is cross-origin isolated. */
  gate?: SharedArrayBuffer | null;
}

/** How many probe workers a page starts at most (the first and two replacements) before the training worker answers. */
export const MAX_STARTS = 3;

const probeWorker = (handlers: WorkerHandlers<FromProbeWorker>): ProbeConnection =>
  new WorkerConnection<FromProbeWorker, ToProbeWorker>(handlers, () => new Worker(new URL('../../worker/probe.worker.ts', import.meta.url), { type: 'module' }));

export class ProbeRouter {
  private connection: ProbeConnection | null = null;
  /** The latest weights (kept: a replacement worker gets them) and the latest request per task. */
  private latest: { runId: RunId; weights: ModelWeights } | null = null;
  private readonly requests = new Map<string, ProbeRequest>();
  private starts = 0;
  private fallenBack = false;
  /** Raised with each request, so that training holds inside its step while the probe worker answers (probeGate.ts). */
  private readonly gate: SharedArrayBuffer | null;

  constructor(private readonly host: ProbeRouterHost) {
    this.gate = host.gate === undefined ? createProbeGate() : host.gate;
    this.shareGateWithTrainer();
    this.open();
  }

  /** True once the training worker answers (the probe worker failed for good). */
  get onTrainingWorker(): boolean {
    return this.fallenBack;
  }

  ask(request: ProbeRequest): void {
    this.requests.set(request.task, request);
    // The training worker answers itself once fallen back: it must not hold for that answer.
    if (this.gate && this.connection) raiseProbeGate(this.gate);
    this.host.sendToTrainer({ type: 'probe', request });
    this.connection?.send({ type: 'probe', request });
  }

  /** New weights from the training worker: copied to the probe worker (the page keeps this copy). */
  weights(runId: RunId, weights: ModelWeights): void {
    this.latest = { runId, weights };
    this.connection?.send({ type: 'weights', runId, weights });
  }

  /** A fresh training worker answers nothing until told to: tell it again when it is the one answering. */
  trainerRestarted(): void {
    this.shareGateWithTrainer();
    if (this.fallenBack) this.host.sendToTrainer({ type: 'probeHere' });
  }

  private shareGateWithTrainer(): void {
    if (this.gate) this.host.sendToTrainer({ type: 'probeGate', gate: this.gate });
  }

  private open(): void {
    this.starts += 1;
    const connection = (this.host.connect ?? probeWorker)({
      message: (message) => {
        if (this.connection === connection) this.receive(message);
      },
      failed: (reason, answered) => this.failed(answered ? `it crashed: ${reason}` : `it did not start: ${reason}`, answered),
      silent: (seconds) => this.failed(`it stopped answering for ${seconds} s`, true),
    });
    this.connection = connection;
    if (this.gate) connection.send({ type: 'probeGate', gate: this.gate });
    if (this.latest) connection.send({ type: 'weights', ...this.latest });
    for (const request of this.requests.values()) connection.send({ type: 'probe', request });
  }

  private receive(message: FromProbeWorker): void {
    switch (message.type) {
      case 'probed':
      case 'probeRefused':
        // The training worker holds its next step for this answer (ProbeHold).
        this.host.sendToTrainer({ type: 'probeAnswered' });
        return this.host.answered(message);
      case 'probeFailed':
        this.host.sendToTrainer({ type: 'probeAnswered' });
        return this.failed(message.message, false);
      case 'probeBackend':
        return;
    }
  }

  /** Starts another probe worker when that may help (it had worked, and not too often), else falls back. */
  private failed(reason: string, retry: boolean): void {
    if (this.fallenBack) return;
    this.connection?.close();
    this.connection = null;
    if (this.gate) lowerProbeGate(this.gate);
    if (retry && this.starts < MAX_STARTS) return this.open();
    this.fallenBack = true;
    this.host.sendToTrainer({ type: 'probeHere' });
    this.host.notice(`The probe worker failed (${reason}), so the training worker answers the inputs made by hand from now on: while it trains, between two training steps.`);
  }
}
