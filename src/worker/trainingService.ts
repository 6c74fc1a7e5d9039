/**
 * The training worker's logic, apart from the worker itself (trainer.worker.ts only connects it), so that tests
 * can drive it with messages. It owns the Trainer and its backend (runBackend.ts), and trains while started.
 * Messages are handled one at a time in arrival order; the loop gives way to them between steps, and
 * evaluations give way between batches. Besides the metrics of every step, it posts example traces (every few
 * seconds) and held-out evaluations (every few hundred steps and on each pause): heavy data, so infrequent.
 */
import * as tf from '@tensorflow/tfjs';
import { parseConfig } from '../config/codec';
import type { BackendChoice, Config } from '../config/schema';
import type { BackendInfo, BackendName } from '../core/backend';
import { TrainingDiverged } from '../core/checkpoint';
import { tracePonder } from '../core/trace';
import { Trainer, type LiveSettings, type TrainerOptions } from '../core/trainer';
import { shardRefusal } from '../core/shards';
import { ponderSettingsFor } from '../core/objective';
import { setPausePoint } from '../core/pausePoint';
import { type TrainerState } from '../core/trainerState';
import type { HostBatch } from '../core/types';
import type { TaskData } from '../tasks/task';
import { EvaluationJob } from './evaluationJob';
import { exampleBatch } from './exampleSet';
import { readWeights } from './modelWeights';
import { holdAtProbeGate, trainingPausePoint } from './probeGate';
import { ProbeHold } from './probeHold';
import { ProbeJob } from './probeJob';
import { ProgressBatch } from './progressBatch';
import { EVALUATION_EVERY_STEPS, STATE_VALUES_PER_TRACE, TRACE_INTERVAL_MS, stateBuffers, type BackendFailure, type FromWorker, type RunId, type ToWorker } from './protocol';
import type { TaskSnapshots } from './taskSnapshots';
import type { RunStart, WikiRun, WikiService } from './wikiService';
import { createTrainer, exportTrainerState, restoreTrainer, resumeTrainer } from '../run/engine';
import type { HelperThreads } from './helperThreads';
import { RunBackend, type RunBackendOptions } from './runBackend';

export interface ServiceHost {
  post(message: FromWorker, transfer?: Transferable[]): void;
  /** Resolves after the event loop has had a turn, so that waiting messages get handled. */
  nextTurn(): Promise<void>;
  /** Runs `task` once, `ms` milliseconds from now. */
  later(task: () => void, ms: number): void;
}

export interface ServiceOptions extends RunBackendOptions {
  createTrainer?: (config: Config, data?: TaskData, options?: TrainerOptions) => Trainer;
  restoreTrainer?: (state: TrainerState, data?: TaskData, options?: TrainerOptions) => Trainer;
  /** Threads that each compute a part of every batch, where that pays (helperThreads.ts); none: one thread trains. */
  helpers?: HelperThreads;
  /** The Wikipedia task's text, pretrained snapshot and default text to read (tasks that read no text never use it). */
  wiki?: WikiService;
  /** The other tasks' pretrained snapshots. */
  snapshots?: TaskSnapshots;
  /** A heartbeat from inside long synchronous work, when one is due (heartbeat.ts `beatIfDue`): called at every cell update. */
  signOfLife?: () => void;
}

/** How long a new model waits, untouched, before its baseline evaluation. */
export const BASELINE_DELAY_MS = 800;

export class TrainingService {
  private runId: RunId = 0;
  private trainer: Trainer | null = null;
  /** The text the run's task reads, if it reads any. */
  private data: TaskData | undefined;
  private examples: HostBatch | null = null;
  private running = false;
  private looping = false;
  private lastTraceAt = -Infinity;
  /** The step of the last truncation update posted (adaptive truncation). */
  private postedTruncationStep: number | null = null;
  private queue: Promise<void> = Promise.resolve();
  private readonly evaluations: EvaluationJob;
  private readonly probes: ProbeJob;
  private readonly probeHold: ProbeHold;
  private readonly progress: ProgressBatch;
  private readonly backend: RunBackend;
  private readonly createTrainer: (config: Config, data?: TaskData, options?: TrainerOptions) => Trainer;
  private readonly restoreTrainer: (state: TrainerState, data?: TaskData, options?: TrainerOptions) => Trainer;

  constructor(
    private readonly host: ServiceHost,
    private readonly options: ServiceOptions,
  ) {
    this.evaluations = new EvaluationJob((message) => host.post(message), () => host.nextTurn());
    // The probe worker answers the inputs made by hand; this one keeps them, and answers only after 'probeHere'.
    this.probes = new ProbeJob((message, transfer) => host.post(message, transfer), async (config) => options.wiki?.defaultInput(config), false);
    this.probeHold = new ProbeHold((task, ms) => host.later(task, ms));
    this.progress = new ProgressBatch((rows, tau) => host.post({ type: 'progress', runId: this.runId, rows, tau }, [rows.buffer]));
    this.createTrainer = options.createTrainer ?? createTrainer;
    this.restoreTrainer = options.restoreTrainer ?? restoreTrainer;
    this.backend = new RunBackend(options, (config) => this.createTrainer(config));
    setPausePoint(trainingPausePoint(null, options.signOfLife));
  }

  /** Queues a message; resolves once it has been handled (a training loop it starts goes on). */
  receive(message: ToWorker): Promise<void> {
    return this.serially(() => this.handle(message));
  }

  /** Runs tasks one at a time, in the order given; a task's failure is reported, and the next one still runs. */
  private serially(task: () => Promise<void> | void): Promise<void> {
    this.queue = this.queue.then(task).catch((error: unknown) => this.reportFailure(error));
    return this.queue;
  }

  private async handle(message: ToWorker): Promise<void> {
    switch (message.type) {
      case 'init':
        return this.init(message.runId, message.config, message.avoid, message.pretrained === true);
      case 'restore':
        return this.restore(message.runId, message.state, message.backend, message.avoid);
      case 'start':
        return this.start();
      case 'pause':
        return this.pause();
      case 'step':
        return this.stepWhilePaused();
      case 'setLive':
        return this.setLive(message.settings);
      case 'snapshot':
        return this.postSnapshot();
      case 'stats':
        return this.postStats();
      case 'probe':
        this.probes.ask(message.request);
        if (this.running && !this.probes.answers) this.probeHold.hold();
        return this.postProbe();
      case 'probeAnswered':
        this.probeHold.answered();
        return;
      case 'probeGate':
        setPausePoint(trainingPausePoint(holdAtProbeGate(message.gate), this.options.signOfLife));
        return;
      case 'probeHere':
        this.probeHold.answered();
        this.probes.answerFromNowOn();
        return this.postProbe();
      case 'wikiTrainOn':
        this.options.wiki?.trainOn(message.text);
        return;
    }
  }

  private async init(runId: RunId, config: Config, avoid: BackendName[], pretrained: boolean): Promise<void> {
    await this.evaluateEndingRun();
    this.dropRun();
    this.runId = runId;
    const failed = await this.ensureBackend(config.backend, avoid, config);
    this.backend.guardResources(config);
    const wiki = await this.wikiRun(config, pretrained ? 'pretrained' : 'fresh');
    const snapshot = wiki.resume || !this.options.snapshots ? undefined : await this.options.snapshots.start(config, pretrained);
    const resume = wiki.resume ?? snapshot?.resume;
    const helpers = await this.helpersFor(config);
    const trainer = resume ? resumeTrainer(config, resume, wiki.data, helpers.options) : this.createTrainer(config, wiki.data, helpers.options);
    this.adopt(trainer, failed, wiki, helpers.note);
    if (snapshot) this.host.post({ type: 'origin', runId, origin: snapshot.origin });
    await this.postTrace();
    this.host.later(() => void this.serially(() => this.evaluateUntrained(runId)), BASELINE_DELAY_MS);
  }

  /** Builds the saved run's trainer before anything is dropped: a state that does not restore changes nothing. */
  private async restore(runId: RunId, state: TrainerState, choice: BackendChoice, avoid: BackendName[]): Promise<void> {
    let restored: { trainer: Trainer; failed: BackendFailure[]; wiki: WikiRun; helperNote?: string };
    try {
      const failed = await this.ensureBackend(choice, avoid);
      const config = parseConfig(state.model.modelTopology.config).config;
      this.backend.guardResources(config);
      const wiki = await this.wikiRun(config, 'saved');
      const helpers = await this.helpersFor(config);
      restored = { trainer: this.restoreTrainer(state, wiki.data, helpers.options), failed, wiki, helperNote: helpers.note };
    } catch (error) {
      this.host.post({ type: 'restoreFailed', runId, message: error instanceof Error ? error.message : String(error) });
      return;
    }
    this.dropRun();
    this.runId = runId;
    this.adopt(restored.trainer, restored.failed, restored.wiki, restored.helperNote);
    await this.postTrace();
  }

  private ensureBackend(choice: BackendChoice, avoid: BackendName[], config?: Config): Promise<BackendFailure[]> {
    return this.backend.ensure(choice, avoid, (info, reason) => this.backendLost(info, reason), config);
  }

  /**
   * A run replaced after it trained past its last evaluation (reset while training, or right after a pause) gets
   * its final evaluation first, under its own run id: the page records every run in Runs compared at its last step.
   */
  private async evaluateEndingRun(): Promise<void> {
    const trainer = this.trainer;
    if (!trainer || trainer.stepCount === trainer.startStep || this.evaluations.lastStep === trainer.stepCount) return;
    this.running = false;
    await this.evaluate(trainer, true).catch((error: unknown) => this.reportFailure(error));
  }

  private dropRun(): void {
    this.running = false;
    this.evaluations.forget();
    this.trainer?.dispose();
    this.trainer = null;
    this.data = undefined;
    this.examples = null;
    this.progress.clear();
  }

  /** What a run of `config` reads (only the Wikipedia task reads text), and the pretrained model, if asked for and it fits. */
  private async wikiRun(config: Config, start: RunStart): Promise<WikiRun> {
    return (await this.options.wiki?.prepare(config, start)) ?? {};
  }

  /** The helper threads for a new model of `config` (none where they would not pay) as trainer options, and why there are none if they failed to start. */
  private async helpersFor(config: Config): Promise<{ options: TrainerOptions; note?: string }> {
    const offered = await this.options.helpers?.shardsFor(config, this.backend.info!);
    const note = offered?.failure && `No helper threads: ${offered.failure}. Training runs on one thread.`;
    return { options: { shards: offered?.shards ?? [] }, note };
  }

  private adopt(trainer: Trainer, failed: BackendFailure[], wiki: WikiRun, helperNote?: string): void {
    this.trainer = trainer;
    this.backend.newModel();
    this.data = wiki.data;
    this.examples = exampleBatch(trainer.task, trainer.config, wiki.data?.heldOut);
    const threads = { helpers: trainer.split.count, note: helperNote };
    this.host.post({ type: 'ready', runId: this.runId, backend: this.backend.info!, failed, race: this.backend.race, step: trainer.startStep, threads });
    if (wiki.status) this.host.post({ type: 'wikiStatus', runId: this.runId, status: wiki.status });
    this.host.post({ type: 'state', runId: this.runId, state: 'paused' });
  }

  /** The new run's evaluation before it trains (a fresh model's chance-level baseline), taken only while nobody has started training. */
  private evaluateUntrained(id: RunId): void {
    const trainer = this.trainer;
    if (id === this.runId && !this.running && trainer && trainer.stepCount === trainer.startStep && this.evaluations.lastStep === null) this.evaluateInBackground(false);
  }

  private evaluateInBackground(final: boolean): void {
    if (this.trainer) void this.evaluate(this.trainer, final).catch((error: unknown) => this.reportFailure(error));
  }

  private evaluate(trainer: Trainer, final: boolean): Promise<void> {
    return this.backend.firstRun('evaluate', () => this.evaluations.run(trainer, this.runId, final, this.data));
  }

  private start(): void {
    if (this.running || !this.trainer) return;
    this.evaluations.cancel();
    this.running = true;
    this.lastTraceAt = performance.now();
    this.host.post({ type: 'state', runId: this.runId, state: 'running' });
    if (!this.looping) void this.trainWhileRunning();
  }

  private async pause(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.probeHold.answered();
    this.evaluations.cancel();
    this.progress.flush();
    this.host.post({ type: 'state', runId: this.runId, state: 'paused' });
    await this.postTrace();
    this.evaluateInBackground(true);
  }

  /** A live change that a split batch cannot follow (dropout) ends the split first: training goes on on one thread. */
  private setLive(settings: Partial<LiveSettings>): void {
    const trainer = this.trainer;
    if (!trainer) return;
    const helpers = trainer.split.count;
    const refusal = helpers > 0 ? shardRefusal({ ...trainer.config, ...settings }, helpers, trainer.ponderUnroll) : undefined;
    if (refusal) this.dropHelpers(trainer, `Training went back to one thread: ${refusal.why}, so each batch is no longer split among threads.`);
    trainer.updateLive(settings);
  }

  /** The trainer stops using its helpers (it computes every batch whole from now on) and the page is told why. */
  private dropHelpers(trainer: Trainer, note: string): void {
    trainer.split.drop();
    this.options.helpers?.discard();
    this.host.post({ type: 'threads', runId: this.runId, threads: { helpers: 0, note } });
  }

  private async stepWhilePaused(): Promise<void> {
    if (this.running || !this.trainer) return;
    if (await this.trainStep(this.trainer)) {
      this.progress.flush();
      await this.postTrace();
    }
  }

  private async trainWhileRunning(): Promise<void> {
    this.looping = true;
    while (this.running) {
      await this.serially(() => this.trainOneStep());
      const trainer = this.trainer;
      if (this.running && trainer && trainer.stepCount - (this.evaluations.lastStep ?? trainer.startStep) >= EVALUATION_EVERY_STEPS) {
        await this.evaluate(trainer, false).catch((error: unknown) => this.reportFailure(error));
      }
      await this.host.nextTurn();
      // An input made by hand is waiting for the probe worker: give it the core before the next step.
      await this.probeHold.wait();
    }
    this.looping = false;
  }

  private async trainOneStep(): Promise<void> {
    if (!this.running || !this.trainer || !(await this.trainStep(this.trainer))) return;
    const now = performance.now();
    this.progress.postIfDue(now);
    if (now - this.lastTraceAt >= TRACE_INTERVAL_MS) await this.postTrace();
  }

  /** One step; false when it diverged (then training has paused and the UI has been told). */
  private async trainStep(trainer: Trainer): Promise<boolean> {
    this.evaluations.cancel();
    try {
      const helpers = trainer.split.count;
      this.progress.add(await this.backend.firstRun('step', () => trainer.step()));
      if (helpers > trainer.split.count) this.dropHelpers(trainer, `A helper thread failed (${trainer.split.failure}); the step was redone without it and training goes on on one thread.`);
      this.postTruncation(trainer);
      return true;
    } catch (error) {
      if (!(error instanceof TrainingDiverged)) throw error;
      this.running = false;
      this.progress.flush();
      const { step, what, restoredStep } = error;
      this.host.post({ type: 'diverged', runId: this.runId, step, what, restoredStep });
      this.host.post({ type: 'state', runId: this.runId, state: 'paused' });
      await this.postTrace();
      return false;
    }
  }

  private postTruncation(trainer: Trainer): void {
    const update = trainer.truncationUpdate;
    if (!update || update.step === this.postedTruncationStep) return;
    this.postedTruncationStep = update.step;
    this.host.post({ type: 'truncation', runId: this.runId, update });
  }

  private async postTrace(): Promise<void> {
    const { trainer, examples } = this;
    if (!trainer || !examples) return;
    this.lastTraceAt = performance.now();
    const { config } = trainer;
    const stateValues = Math.floor(STATE_VALUES_PER_TRACE / examples.batch);
    const traced = await this.backend.firstRun('trace', () => tracePonder(trainer.model, examples, ponderSettingsFor(config), { stateValues }));
    const trace = { step: trainer.stepCount, eps: config.eps, maxSteps: config.maxSteps, head: trainer.task.dims(config).head, examples: traced };
    this.host.post({ type: 'trace', runId: this.runId, trace }, stateBuffers(traced));
    const weights = await readWeights(trainer.model, config, trainer.stepCount);
    this.host.post({ type: 'weights', runId: this.runId, weights }, [weights.values.buffer as ArrayBuffer]);
    await this.postProbe();
  }

  /** The answer to the input made by hand (or the task's default one), with the current model. */
  private async postProbe(): Promise<void> {
    if (this.trainer) await this.probes.answer(this.trainer, this.runId);
  }

  private async postSnapshot(): Promise<void> {
    if (!this.trainer) return;
    this.progress.flush();
    const state = await exportTrainerState(this.trainer);
    this.host.post({ type: 'snapshot', runId: this.runId, state }, [state.weights, state.optimizer.moments]);
  }

  private postStats(): void {
    const { numTensors, numBytes } = tf.memory();
    this.host.post({ type: 'stats', runId: this.runId, stats: { step: this.trainer?.stepCount ?? 0, tensors: numTensors, bytes: numBytes } });
  }

  /** The model's tensors are gone with the device: stop, and let the UI restore the run on another backend. */
  private backendLost(info: BackendInfo, reason: string): void {
    this.running = false;
    this.evaluations.cancel();
    this.trainer = null;
    this.examples = null;
    this.host.post({ type: 'backendLost', runId: this.runId, backend: info.name, reason });
  }

  private reportFailure(error: unknown): void {
    this.progress.flush();
    this.host.post({ type: 'error', runId: this.runId, message: error instanceof Error ? error.message : String(error) });
    if (this.running) {
      this.running = false;
      this.host.post({ type: 'state', runId: this.runId, state: 'paused' });
    }
  }
}
