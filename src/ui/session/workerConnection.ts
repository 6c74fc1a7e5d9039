/**
 * Owns a worker (the training worker unless told another; the probe worker too): starts it, passes its messages
 * on, notices when it fails (an uncaught error in it, a script that does not load, or silence: killed without an
 * error event, or stuck), and replaces it with a fresh one on request.
 */
import { isHeartbeat } from '../../worker/heartbeat';
import { RACE_SOFTWARE_WORKER } from '../../worker/protocol';
import type { FromWorker, ToWorker } from '../../worker/protocol';
import { SilenceWatch } from './silenceWatch';

export interface WorkerHandlers<From = FromWorker> {
  message(message: From): void;
  /** The worker failed; `hadAnswered` is false when it never posted anything (it did not load). */
  failed(reason: string, hadAnswered: boolean): void;
  /** The worker, which had answered, has posted nothing (not even its heartbeat) for `seconds`. */
  silent(seconds: number): void;
}

/** How often the page looks at the worker's silence. */
const SILENCE_CHECK_MS = 1_000;

// The training worker's name carries the page's `?race=software` (backendRace.ts): a worker cannot read the page's URL.
const trainingWorker = () => {
  const name = new URLSearchParams(globalThis.location?.search ?? '').get('race') === 'software' ? RACE_SOFTWARE_WORKER : 'trainer';
  return new Worker(new URL('../../worker/trainer.worker.ts', import.meta.url), { type: 'module', name });
};

export class WorkerConnection<From = FromWorker, To = ToWorker> {
  private worker: Worker;
  private answered = false;
  private readonly silence: SilenceWatch;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly handlers: WorkerHandlers<From>,
    private readonly create: () => Worker = trainingWorker,
  ) {
    this.silence = new SilenceWatch((seconds) => handlers.silent(seconds));
    this.worker = this.spawn();
    this.timer = setInterval(() => {
      if (this.answered) this.silence.check();
    }, SILENCE_CHECK_MS);
  }

  send(message: To): void {
    this.worker.postMessage(message);
  }

  /** Stops the worker for good. */
  close(): void {
    clearInterval(this.timer);
    this.worker.terminate();
  }

  /** Stops the worker (whatever it was doing) and starts a fresh one, which has no model until told. */
  restart(): void {
    this.worker.terminate();
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const worker = this.create();
    this.answered = false;
    this.silence.reset();
    worker.onmessage = (event: MessageEvent<From>) => {
      if (worker !== this.worker) return;
      this.answered = true;
      this.silence.heard(event.data);
      if (!isHeartbeat(event.data)) this.handlers.message(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      if (worker === this.worker) this.handlers.failed(event.message || 'it could not be loaded', this.answered);
    };
    worker.onmessageerror = () => {
      if (worker === this.worker) this.handlers.failed('a message from it could not be read', this.answered);
    };
    return worker;
  }
}
