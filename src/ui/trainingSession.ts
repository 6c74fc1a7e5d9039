/**
 * The UI's side of the worker protocol: sends commands, and turns the worker's messages into store updates.
 * Created once per page; it is the only listener on the worker.
 */
import { withValue } from '../config/codec';
import { SCHEMA, type Config, type ConfigKey } from '../config/schema';
import type { LiveSettings } from '../core/trainer';
import type { FromWorker, RunId, ToWorker } from '../worker/protocol';
import { addNotice, useAppStore } from './store';

export interface TrainingSession {
  /** Drops the model and builds a new one from the current config, paused. */
  reset(): void;
  start(): void;
  pause(): void;
  stepOnce(): void;
  /** Applies a setting: live ones act on the running training, the others start a new model. */
  changeSetting(key: ConfigKey, value: unknown): void;
}

function liveSettingsOf({ tau, eps, maxSteps, lr, clip }: Config): LiveSettings {
  return { tau, eps, maxSteps, lr, clip };
}

export function createTrainingSession(): TrainingSession {
  const worker = new Worker(new URL('../worker/trainer.worker.ts', import.meta.url), { type: 'module' });
  const send = (message: ToWorker) => worker.postMessage(message);
  let lastRunId: RunId = 0;

  worker.onmessage = (event: MessageEvent<FromWorker>) => receive(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    useAppStore.setState({ phase: 'failed' });
    addNotice(`The training worker stopped: ${event.message || 'it could not be loaded'}.`);
  };
  worker.onmessageerror = () => addNotice('A message from the training worker could not be read.');

  const reset = () => {
    const runId = ++lastRunId;
    const { config } = useAppStore.getState();
    useAppStore.setState({ runId, phase: 'starting', metrics: null });
    send({ type: 'init', runId, config });
  };

  return {
    reset,
    start: () => send({ type: 'start' }),
    pause: () => send({ type: 'pause' }),
    stepOnce: () => send({ type: 'step' }),
    changeSetting(key, value) {
      const result = withValue(useAppStore.getState().config, key, value);
      if ('error' in result) {
        addNotice(result.error);
        return;
      }
      useAppStore.setState(key === 'backend' ? { config: result.config, backend: null } : { config: result.config });
      if (SCHEMA[key].resets) reset();
      else send({ type: 'setLive', settings: liveSettingsOf(result.config) });
    },
  };
}

function receive(message: FromWorker): void {
  const { runId, phase } = useAppStore.getState();
  if (message.runId !== runId) return;
  switch (message.type) {
    case 'ready':
      useAppStore.setState({ backend: message.backend });
      return;
    case 'metrics':
      useAppStore.setState({ metrics: message.metrics });
      return;
    case 'state':
      useAppStore.setState({ phase: message.state });
      return;
    case 'error':
      addNotice(message.message);
      if (phase === 'starting') useAppStore.setState({ phase: 'failed', backend: null });
      return;
  }
}
