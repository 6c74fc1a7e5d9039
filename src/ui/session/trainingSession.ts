/**
 * The UI's side of the worker protocol: sends commands, and turns the worker's messages into store updates.
 * Created once per page; it owns the worker (see workerConnection.ts) and keeps the run in this browser (see
 * runPersistence.ts). Settings changes go through the plans of configChanges.ts; saved runs are restored
 * through runRestore.ts.
 */
import { encodeConfig, parseConfig } from '../../config/codec';
import type { Config, ConfigKey, PresetName } from '../../config/schema';
import type { BackendName } from '../../core/backend';
import type { TrainerState } from '../../core/trainerState';
import type { EvaluationSnapshot, FromWorker, RunId } from '../../worker/protocol';
import type { WikiToWorker } from '../../worker/wikiProtocol';
import { clearLiveData, curves, useLiveData } from '../data/liveData';
import { recordRun } from '../data/runHistory';
import { createProber } from '../probe/prober';
import { ProbeRouter } from '../probe/probeRouter';
import { refusedLinkInput, splitLink, type LinkParts } from '../probe/probeLink';
import { addNotice, shownConfig, useAppStore, type AppState } from '../store';
import { isRefusal } from '../../tasks/probe';
import { getTask } from '../../tasks/registry';
import { liveSettingsOf } from '../../config/liveSettings';
import { planPreset, planSettingChange, planChange, type ChangePlan } from './configChanges';
import { RunPersistence } from './runPersistence';
import { RunRestorer, type RunFiles } from './runRestore';
import { deleteSavedRun, readSavedRun } from './runStore';
import { checkSavedRun, type SavedRun } from './savedRun';
import { useSessionStore } from './sessionStore';
import { WorkerConnection } from './workerConnection';
import { applyWorkerMessage } from './workerMessages';

export interface TrainingSession extends RunFiles {
  /** Continues the run kept in this browser when the link allows it (see `begin`), else starts a new model. */
  begin(linkGiven: boolean): Promise<void>;
  /** Drops the model and builds a fresh one (never the pretrained snapshot) from the current config, paused. */
  reset(): void;
  start(): void;
  pause(): void;
  stepOnce(): void;
  /** A setting changed in the form: live ones act on the running training, the others may need confirming. */
  changeSetting(key: ConfigKey, value: Config[ConfigKey]): void;
  /** Several live settings at once (e.g. those a pretrained snapshot was trained with), as if each were changed in the form. */
  adoptSettings(settings: Partial<Config>): void;
  choosePreset(preset: PresetName): void;
  /** The user edited the link: its valid values apply (defaults fill the rest), its problems are listed. */
  applyLink(text: string): void;
  /** The link's input made by hand, for the task its settings name (a refused one is named in a notice). */
  applyLinkInput(link: LinkParts): void;
  /** Asks the network about an input made by hand for the current task; false (the reason in the probe store) when refused. */
  ask(value: unknown): boolean;
  /** An input of the current task that its generator could draw (of the given difficulty, if any). */
  randomInput(difficulty?: number): unknown;
  confirmPending(): void;
  cancelPending(): void;
  /** For the Wikipedia task: which text to train on. */
  sendWiki(message: WikiToWorker): void;
  /** A new run that starts from the task's pretrained snapshot when it fits the settings (else a fresh model). */
  loadPretrained(): void;
  /** The kept run that the link did not restore: continue it, or drop it. */
  restoreKept(): void;
  discardKept(): void;
}

/** A model that has trained would be lost by a reset: only then does a change need confirming. */
const hasTrained = (state: AppState) => state.phase !== 'failed' && (state.metrics?.step ?? 0) > 0;

/** Stats are asked for this often while training (the memory line under the run controls). */
const STATS_INTERVAL_MS = 5_000;
/** A worker that keeps failing is not restarted more than this often per minute. */
const MAX_RESTARTS_PER_MINUTE = 3;

export function createTrainingSession(): TrainingSession {
  const pageStamp = Date.now().toString(36);
  const avoid: BackendName[] = [];
  const restarts: number[] = [];
  let lastRunId: RunId = 0;
  let historyId = '';
  let recordedStep = 0;
  /** The step the current run's model started at (a pretrained snapshot's); its evaluation there is not a trained run's. */
  let runStartStep = 0;
  /** The run started by `reset` whose 'ready' (carrying that step) is awaited. */
  let startingRunId: RunId = 0;
  /** Whether the current run was asked to start from the task's pretrained snapshot. */
  let pretrainedRun = false;
  let kept: SavedRun | null = null;
  const snapshotWaiters: Array<(state: TrainerState | null) => void> = [];
  let statsTimer: ReturnType<typeof setInterval> | null = null;

  const connection = new WorkerConnection({
    message: (message) => receive(message),
    failed: (reason, answered) => workerFailed(reason, answered),
    silent: (seconds) => recover(`The training worker stopped answering for ${seconds} s (the browser may have stopped it, or it was stuck)`),
  });
  const send = connection.send.bind(connection);
  const probes = new ProbeRouter({ sendToTrainer: send, answered: (message) => receive(message), notice: addNotice });
  const prober = createProber((request) => probes.ask(request));
  useAppStore.subscribe((state, previous) => {
    if (state.config !== previous.config) prober.fit(state.config);
  });
  const settleSnapshots = (state: TrainerState | null) => snapshotWaiters.splice(0).forEach((resolve) => resolve(state));
  /** The run's state from the worker; null when there is no model to ask about, or the run is replaced first. */
  const snapshot = () =>
    new Promise<TrainerState | null>((resolve) => {
      const { phase } = useAppStore.getState();
      if (phase !== 'paused' && phase !== 'running') return resolve(null);
      snapshotWaiters.push(resolve);
      if (snapshotWaiters.length === 1) send({ type: 'snapshot' });
    });
  const compose = (state: TrainerState): SavedRun => ({
    savedAt: Date.now(),
    link: encodeConfig(useAppStore.getState().config),
    historyId,
    state,
    curves: curves.dump(),
    evaluations: useLiveData.getState().evaluations,
  });
  const persistence = new RunPersistence({ snapshot, compose });

  const record = (config: Config) => {
    const evaluations = useLiveData.getState().evaluations;
    const latest = evaluations[evaluations.length - 1];
    if (!latest || latest.step === runStartStep || latest.step === recordedStep) return;
    recordedStep = latest.step;
    recordRun(historyId, config, latest);
  };

  /**
   * Runs replaced after they trained past their last evaluation: the worker evaluates each once more under its
   * own run id before the next run starts (trainingService.ts). Such a run is recorded at once with the latest
   * evaluation the page has (if any), and again — the same record — with each of its evaluations still on the
   * way, up to its final one.
   */
  const endedUnevaluated = new Map<RunId, { historyId: string; config: Config; startStep: number }>();
  const recordEnding = (config: Config) => {
    record(config);
    const { runId, metrics } = useAppStore.getState();
    const evaluations = useLiveData.getState().evaluations;
    const evaluatedStep = evaluations[evaluations.length - 1]?.step ?? 0;
    if ((metrics?.step ?? 0) > evaluatedStep) endedUnevaluated.set(runId, { historyId, config, startStep: runStartStep });
  };
  const recordEnded = (runId: RunId, snapshot: EvaluationSnapshot) => {
    const ended = endedUnevaluated.get(runId);
    if (!ended || snapshot.step === ended.startStep) return;
    recordRun(ended.historyId, ended.config, snapshot);
    if (snapshot.final) endedUnevaluated.delete(runId);
  };

  /**
   * Records the run that ends (with the settings it ran under) and starts a new one from the current config:
   * from the task's pretrained snapshot on the page's first run, on a change of task and when the ending run
   * started from it (a settings change keeps it while it fits), else a fresh model.
   */
  const reset = (
    endingRunConfig: Config = useAppStore.getState().config,
    dropKept = true,
    pretrained = lastRunId === 0 || endingRunConfig.task !== useAppStore.getState().config.task || pretrainedRun,
  ) => {
    recordEnding(endingRunConfig);
    const runId = ++lastRunId;
    historyId = `${pageStamp}-${runId}`;
    recordedStep = 0;
    runStartStep = 0;
    startingRunId = runId;
    settleSnapshots(null);
    if (dropKept) persistence.forget();
    clearLiveData();
    useAppStore.setState({ runId, phase: 'starting', metrics: null });
    useSessionStore.setState({ divergence: null, restored: null });
    pretrainedRun = pretrained;
    send({ type: 'init', runId, config: useAppStore.getState().config, avoid: [...avoid], pretrained });
  };

  const restorer = new RunRestorer({
    nextRunId: () => ++lastRunId,
    send,
    snapshot,
    compose,
    persistence,
    avoid: () => [...avoid],
    replacing(run) {
      record(useAppStore.getState().config);
      historyId = run.historyId;
      recordedStep = 0;
      runStartStep = 0;
      settleSnapshots(null);
    },
    failed: () => reset(),
  });

  const apply = (plan: ChangePlan) => {
    const before = useAppStore.getState().config;
    useAppStore.setState({ config: plan.config, pending: plan.pending, ...(plan.config.backend !== before.backend ? { backend: null } : {}) });
    if (plan.reset) reset(before);
    else if (plan.sendLive) send({ type: 'setLive', settings: liveSettingsOf(plan.config) });
  };

  const changeSetting = (key: ConfigKey, value: Config[ConfigKey]) => {
    const state = useAppStore.getState();
    apply(planSettingChange(state.config, state.pending, key, value, hasTrained(state)));
  };

  /** The link's input for the task its settings name (the pending one while a change waits); a refused one is named. */
  const applyLinkInput = ({ input, problem }: LinkParts) => {
    if (problem) return addNotice(problem);
    const config = shownConfig(useAppStore.getState());
    const probe = getTask(config.task).probe;
    if (input === null || !probe) return;
    const value = probe.parse(config, input);
    if (isRefusal(value) || !prober.ask(config, value)) addNotice(refusedLinkInput(input, isRefusal(value) ? value.error : 'the task refused it.'));
  };

  function receive(message: FromWorker): void {
    if (restorer.receive(message)) return;
    if (message.runId !== useAppStore.getState().runId) {
      if (message.type === 'evaluation') recordEnded(message.runId, message.snapshot);
      return;
    }
    if (message.type === 'weights') return probes.weights(message.runId, message.weights);
    if (message.type === 'ready' && message.runId === startingRunId) runStartStep = message.step;
    if (message.type === 'snapshot') settleSnapshots(message.state);
    if (message.type === 'backendLost') recover(`The ${message.backend} backend stopped working (${message.reason}), so training moved to another backend`, message.backend);
    applyWorkerMessage(message, {
      recordRun: () => record(useAppStore.getState().config),
      steppedWhilePaused: () => persistence.stepped(),
      evaluated: (step) => persistence.evaluated(step),
      runningChanged(running) {
        persistence.running(running);
        if (statsTimer !== null) clearInterval(statsTimer);
        statsTimer = running ? setInterval(() => send({ type: 'stats' }), STATS_INTERVAL_MS) : null;
        send({ type: 'stats' });
      },
    });
  }

  function workerFailed(reason: string, answered: boolean): void {
    if (!answered) {
      useAppStore.setState({ phase: 'failed', backend: null });
      addNotice(`The training worker did not start (${reason}). Reload the page to try again; if it keeps failing, try another browser.`);
      return;
    }
    recover(`The training worker crashed (${reason})`);
  }

  /** Starts a fresh worker and continues the run from where it was last kept (or a new model if it never was). */
  function recover(what: string, lostBackend?: BackendName): void {
    const now = Date.now();
    restarts.splice(0, restarts.length, ...restarts.filter((time) => now - time < 60_000), now);
    if (lostBackend && !avoid.includes(lostBackend)) avoid.push(lostBackend);
    settleSnapshots(null);
    if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
      useAppStore.setState({ phase: 'failed' });
      addNotice(`${what}. It failed ${restarts.length} times within a minute, so it was not restarted again: reload the page to try again.`);
      return;
    }
    connection.restart();
    prober.resend();
    probes.trainerRestarted();
    useAppStore.setState({ phase: 'starting', backend: null });
    const last = persistence.last;
    if (last) restorer.restore(last, { origin: 'recovery', reason: what });
    else {
      addNotice(`${what}. It was restarted with a new model, since the run had not been kept yet: press Start to train it.`);
      reset();
    }
  }

  return {
    async begin(linkGiven) {
      prober.fit(useAppStore.getState().config);
      let saved: SavedRun | null = null;
      try {
        const value = await readSavedRun();
        if (value !== undefined) saved = checkSavedRun(value);
      } catch (error) {
        addNotice(`The run kept in this browser could not be read (${error instanceof Error ? error.message : String(error)}), so it was dropped and a new model built.`);
        return reset();
      }
      if (saved && (!linkGiven || saved.link === encodeConfig(useAppStore.getState().config))) return restorer.restore(saved, { origin: 'reload' });
      reset(undefined, false);
      if (saved) {
        kept = saved;
        useSessionStore.setState({ kept: { savedAt: saved.savedAt, step: saved.state.step, task: parseConfig(saved.link).config.task } });
      }
    },
    reset: () => reset(undefined, true, false),
    sendWiki: send,
    loadPretrained: () => reset(undefined, true, true),
    start: () => send({ type: 'start' }),
    pause: () => send({ type: 'pause' }),
    stepOnce: () => send({ type: 'step' }),
    changeSetting,
    adoptSettings(settings) {
      for (const [key, value] of Object.entries(settings)) changeSetting(key as ConfigKey, value as Config[ConfigKey]);
    },
    choosePreset(preset) {
      const state = useAppStore.getState();
      apply(planPreset(state.config, state.pending, preset, hasTrained(state)));
    },
    applyLink(text) {
      const link = splitLink(text);
      const { config, problems } = parseConfig(link.settings);
      useAppStore.setState({ problems });
      const state = useAppStore.getState();
      apply(planChange(state.config, config, 'link', hasTrained(state)));
      applyLinkInput(link);
    },
    applyLinkInput,
    ask: (value) => prober.ask(useAppStore.getState().config, value),
    randomInput: (difficulty) => prober.random(useAppStore.getState().config, difficulty),
    confirmPending() {
      const { pending } = useAppStore.getState();
      if (pending) apply({ config: pending.config, pending: null, sendLive: false, reset: true });
    },
    cancelPending: () => useAppStore.setState({ pending: null }),
    restoreKept() {
      if (kept) restorer.restore(kept, { origin: 'reload' });
      kept = null;
    },
    discardKept() {
      kept = null;
      useSessionStore.setState({ kept: null });
      void deleteSavedRun().catch(() => undefined);
    },
    importFiles: (files) => restorer.importFiles(files),
    exportRun: () => restorer.exportRun(),
  };
}
