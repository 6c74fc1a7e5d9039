/**
 * Owns the training worker: starts it, passes its messages on, notices when it fails (an uncaught error in
 * it, or a script that does not load), and replaces it with a fresh one on request.
 */
import type { FromWorker, ToWorker } from '../../worker/protocol';

export interface WorkerHandlers {
  message(message: FromWorker): void;
  /** The worker failed; `hadAnswered` is false when it never posted anything (it did not load). */
  failed(reason: string, hadAnswered: boolean): void;
}

export class WorkerConnection {
  private worker: Worker;
  private answered = false;

  constructor(private readonly handlers: WorkerHandlers) {
    this.worker = this.spawn();
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  /** Stops the worker (whatever it was doing) and starts a fresh one, which has no model until told. */
  restart(): void {
    this.worker.terminate();
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('../../worker/trainer.worker.ts', import.meta.url), { type: 'module' });
    this.answered = false;
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      if (worker !== this.worker) return;
      this.answered = true;
      this.handlers.message(event.data);
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
