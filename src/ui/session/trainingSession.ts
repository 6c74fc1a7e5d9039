/**
 * The UI's side of the worker protocol: sends commands, and turns the worker's messages into store updates.
 * Created once per page; it is the only listener on the worker. Settings changes go through the plans of
 * configChanges.ts.
 */
import { parseConfig } from '../../config/codec';
import type { Config, ConfigKey, PresetName } from '../../config/schema';
import { unpackMetrics, CURVE_WIDTH, type FromWorker, type RunId, type ToWorker } from '../../worker/protocol';
import { addCurveRows, addEvaluation, clearLiveData, setEvaluating, setTrace, useLiveData } from '../data/liveData';
import { recordRun } from '../data/runHistory';
import { addNotice, useAppStore, type AppState } from '../store';
import { liveSettingsOf, planPreset, planSettingChange, planChange, type ChangePlan } from './configChanges';

export interface TrainingSession {
  /** Drops the model and builds a new one from the current config, paused. */
  reset(): void;
  start(): void;
  pause(): void;
  stepOnce(): void;
  /** A setting changed in the form: live ones act on the running training, the others may need confirming. */
  changeSetting(key: ConfigKey, value: Config[ConfigKey]): void;
  choosePreset(preset: PresetName): void;
  /** The user edited the link: its valid values apply (defaults fill the rest), its problems are listed. */
  applyLink(text: string): void;
  confirmPending(): void;
  cancelPending(): void;
}

/** A model that has trained would be lost by a reset: only then does a change need confirming. */
const hasTrained = (state: AppState) => state.phase !== 'failed' && (state.metrics?.step ?? 0) > 0;

export function createTrainingSession(): TrainingSession {
  const worker = new Worker(new URL('../../worker/trainer.worker.ts', import.meta.url), { type: 'module' });
  const send = (message: ToWorker) => worker.postMessage(message);
  const pageStamp = Date.now().toString(36);
  let lastRunId: RunId = 0;
  let recordedStep = 0;

  const runKey = () => `${pageStamp}-${useAppStore.getState().runId}`;
  const record = (config: Config) => {
    const evaluations = useLiveData.getState().evaluations;
    const latest = evaluations[evaluations.length - 1];
    if (!latest || latest.step === 0 || latest.step === recordedStep) return;
    recordedStep = latest.step;
    recordRun(runKey(), config, latest);
  };

  /** Records the run that ends (with the settings it ran under) and starts a new one from the current config. */
  const reset = (endingRunConfig: Config = useAppStore.getState().config) => {
    record(endingRunConfig);
    const runId = ++lastRunId;
    recordedStep = 0;
    clearLiveData();
    useAppStore.setState({ runId, phase: 'starting', metrics: null });
    send({ type: 'init', runId, config: useAppStore.getState().config });
  };

  const apply = (plan: ChangePlan) => {
    const before = useAppStore.getState().config;
    useAppStore.setState({ config: plan.config, pending: plan.pending, ...(plan.config.backend !== before.backend ? { backend: null } : {}) });
    if (plan.reset) reset(before);
    else if (plan.sendLive) send({ type: 'setLive', settings: liveSettingsOf(plan.config) });
  };

  worker.onmessage = (event: MessageEvent<FromWorker>) => receive(event.data, record);
  worker.onerror = (event) => {
    event.preventDefault();
    useAppStore.setState({ phase: 'failed' });
    addNotice(`The training worker stopped: ${event.message || 'it could not be loaded'}.`);
  };
  worker.onmessageerror = () => addNotice('A message from the training worker could not be read.');

  return {
    reset: () => reset(),
    start: () => send({ type: 'start' }),
    pause: () => send({ type: 'pause' }),
    stepOnce: () => send({ type: 'step' }),
    changeSetting(key, value) {
      const state = useAppStore.getState();
      apply(planSettingChange(state.config, state.pending, key, value, hasTrained(state)));
    },
    choosePreset(preset) {
      const state = useAppStore.getState();
      apply(planPreset(state.config, state.pending, preset, hasTrained(state)));
    },
    applyLink(text) {
      const { config, problems } = parseConfig(text);
      useAppStore.setState({ problems });
      const state = useAppStore.getState();
      apply(planChange(state.config, config, 'link', hasTrained(state)));
    },
    confirmPending() {
      const { pending } = useAppStore.getState();
      if (pending) apply({ config: pending.config, pending: null, sendLive: false, reset: true });
    },
    cancelPending: () => useAppStore.setState({ pending: null }),
  };
}

function receive(message: FromWorker, record: (config: Config) => void): void {
  const { runId, phase, config } = useAppStore.getState();
  if (message.runId !== runId) return;
  switch (message.type) {
    case 'ready':
      useAppStore.setState({ backend: message.backend });
      return;
    case 'progress':
      addCurveRows(message.rows);
      useAppStore.setState({ metrics: unpackMetrics(message.rows, message.rows.length / CURVE_WIDTH - 1) });
      return;
    case 'trace':
      setTrace(message.trace);
      return;
    case 'evaluating':
      setEvaluating(message.step);
      return;
    case 'evaluation':
      addEvaluation(message.snapshot);
      if (message.snapshot.final) record(config);
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
