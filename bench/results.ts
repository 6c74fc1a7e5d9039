/** The shape of bench/results/latest.json, shared by the runners and the report. */
import type { BackendName } from '../src/core/backend';
import type { ConfigName } from './configs';
import type { MainThreadProfile } from './mainThread';
import type { ConfigMeasurement, MatMulRate, Plan } from './measure';
import type { LayersPeerResult } from './layersPeer';
import type { Planned } from './plans';
import type { RaceResult } from './race';
import type { ThreadsResult } from './threads';

export type Environment = 'node' | 'chromium';

/** os.loadavg(): 1, 5 and 15 minutes. */
export type LoadAverage = [number, number, number];

export interface ConfigResult extends Partial<ConfigMeasurement> {
  name: ConfigName;
  /** The full config, as encodeConfig writes it. */
  config: string;
  plan?: Plan;
  /** Why this config was not measured on this backend. */
  skipped?: string;
  /** Why the naive port was not run here. */
  naiveSkipped?: string;
  error?: string;
  /** The matMul rate measured right before this config (else the backend's). */
  matMul?: MatMulRate;
  /** Our step's FLOP rate over that matMul rate. */
  matMulFraction?: number;
  /** Naive ms per step over ours: how many times faster ours is. */
  speedup?: number;
  /** Load average when this measurement ended. */
  load: LoadAverage;
}

export interface BackendResult {
  environment: Environment;
  backend: BackendName;
  detail?: string;
  software?: boolean;
  /** Why the backend did not start. */
  error?: string;
  matMul?: MatMulRate;
  /** The naive port's loss against ours, same weights and batch (Node only): they must agree. */
  naiveCheck?: NaiveCheck[];
  /** tf.layers.lstm + trainOnBatch against our no-ACT step (Node WASM only), or why it failed. */
  layersPeer?: LayersPeerResult | { error: string };
  configs: ConfigResult[];
}

export interface NaiveCheck {
  config: string;
  ours: number;
  naive: number;
}

export interface FrameResult {
  view: string;
  viewport: { width: number; height: number };
  /** The app's URL (path and hash) that was trained. */
  path: string;
  seconds: number;
  frames: number;
  p50: number;
  p95: number;
  max: number;
  /** Intervals of 25 ms or more (1.5 frames at 60 Hz): at least one frame dropped. */
  dropped: number;
  /** Training steps the app reported during the window: proof that it trained. */
  steps: number;
  /** What the app's backend line said. */
  backend: string;
  load: LoadAverage;
  /** Traced after the measured window, when p95 missed the goal. */
  mainThread?: MainThreadProfile;
  error?: string;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  chromium?: string;
  tfjs: string;
}

export interface Target {
  name: string;
  where: string;
  goal: string;
  measured: string;
  met: boolean;
  /** How far from the goal, e.g. "needs 3.1× more". */
  gap: string;
  /** From the profile, when not met. */
  why?: string;
}

export interface BenchResults {
  startedAt: string;
  seconds: number;
  quick: boolean;
  machine: MachineInfo;
  /** 1-minute load average sampled every few seconds during the run. */
  load: { min: number; mean: number; max: number; samples: number };
  flopFormula: string;
  backends: BackendResult[];
  /** Chromium WASM with one thread and with all (absent in runs before this was measured). */
  threads?: ThreadsResult[];
  frames: FrameResult[];
  /** The app's backend=auto race on bench configs (absent in runs before this was measured). */
  races?: RaceResult[];
  targets: Target[];
  /** Set by a `--dawn` run (a machine with a GPU): where Dawn came from; its tables have their own section. */
  dawn?: string;
}

/** A measured (or failed, or skipped) config with the numbers derived from it. */
export function configResult(
  planned: Planned,
  config: string,
  outcome: { measurement: ConfigMeasurement } | { error: string } | null,
  matMul: MatMulRate | undefined,
  load: LoadAverage,
): ConfigResult {
  const base: ConfigResult = { name: planned.config.name, config, plan: planned.plan, load, matMul };
  if (!outcome) return { ...base, skipped: planned.skip };
  if ('error' in outcome) return { ...base, error: outcome.error };
  const { measurement } = outcome;
  return {
    ...base,
    ...measurement,
    naiveSkipped: planned.naiveSkip,
    matMulFraction: matMul ? measurement.ours.gflops / matMul.gflops : undefined,
    speedup: measurement.naive ? measurement.naive.msPerStep / measurement.ours.msPerStep : undefined,
  };
}
