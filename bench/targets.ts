/**
 * The issues' targets, checked against a run (issue 16 lists every one; `--quick` checks them at smaller counts):
 * WASM threads ≥ 1.6× one thread; speculative unroll on WebGPU ≤ 1.25× the updates of read-back WASM; the small models (parity,
 * logic) at ≥ 35% of the WASM matMul rate; ours ≥ 3× tf.layers.lstm + trainOnBatch (Node WASM); the LSTM 512 config (addition) at ≥ 30%;
 * no tensor growth; main-thread frame p95 ≤ 16.7 ms. The naive port is a correctness and overhead reference: its
 * ratio is reported in the step table, with no target. A target this run could not measure is listed as not met,
 * saying why. Where one is not met, the reason is read off the tf.profile of a step on the same backend (or, for
 * frames, a trace of the page's main thread).
 */
import type { MainThreadProfile } from './mainThread';
import { MATMUL_KERNELS, type StepProfile } from './profile';
import type { BackendName } from '../src/core/backend';
import type { BackendResult, BenchResults, ConfigResult, Environment, FrameResult, Target } from './results';
import type { RaceResult } from './race';
import type { ThreadsResult } from './threads';

const MATMUL_FRACTION_GOAL = 0.3;
const SMALL_FRACTION_GOAL = 0.35;
const SMALL_CONFIGS = ['parity', 'logic'] as const;
const SPECULATION_GOAL = 1.25;
const SPECULATION_CONFIG = 'tiny';
export const FRAME_P95_GOAL_MS = 16.7;
/** The LSTM 512 config. */
const FLOP_CONFIG = 'addition';

const where = (backend: BackendResult): string => `${backend.environment} ${backend.backend}`;
const times = (x: number): string => `${x.toFixed(x < 10 ? 2 : 1)}×`;
const ms = (x: number): string => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

function topKernels(profile: StepProfile, count: number, skip: Set<string> = new Set()): string {
  return profile.kernels.filter((k) => !skip.has(k.name)).slice(0, count).map((k) => `${k.name} ${ms(k.ms)} (${k.calls}×)`).join(', ');
}

/** Where a profiled step's kernel time goes: matMul kernels against the rest, and how many kernel calls. */
function kernelSplit(profile: StepProfile): string {
  return `${profile.calls} kernel calls, matMul ${(100 * matMulShare(profile)).toFixed(0)}% of kernel time, others: ${topKernels(profile, 4, MATMUL_KERNELS)}`;
}

/** The matMul kernels' share of a profiled step's kernel time. */
function matMulShare(profile: StepProfile): number {
  return profile.kernels.filter((k) => MATMUL_KERNELS.has(k.name)).reduce((sum, k) => sum + k.ms, 0) / profile.kernelMs;
}

type Profiled = ConfigResult & Required<Pick<ConfigResult, 'profile' | 'ours'>>;

/** The backend's own profiled run of a config. */
function profiled(backend: BackendResult, name: string): Profiled | undefined {
  return backend.configs.find((c): c is Profiled => c.name === name && Boolean(c.profile && c.ours));
}

/** A target this run did not measure: listed, not met, with the reason. */
function unmeasured(name: string, where: string, goal: string, reason: string): Target {
  return { name, where, goal, measured: 'not measured in this run', met: false, gap: reason };
}

/** Issue 16 §2: cell updates per step on WebGPU (speculative unroll) over read-back WASM, same config and steps. */
function speculationTargets(backends: BackendResult[]): Target[] {
  const name = `WebGPU speculative unroll ≤ ${SPECULATION_GOAL}× the updates of read-back`;
  const goal = `cell updates per step, WebGPU ÷ WASM (${SPECULATION_CONFIG} config, same seed and steps) ≤ ${SPECULATION_GOAL}`;
  const tiny = (backend: BackendName) => backends.find((b) => b.environment === 'chromium' && b.backend === backend)?.configs
    .find((c) => c.name === SPECULATION_CONFIG && c.ours)?.ours;
  const [gpu, wasm] = [tiny('webgpu'), tiny('wasm')];
  if (!gpu || !wasm) return [unmeasured(name, 'chromium webgpu vs wasm', goal, `the ${SPECULATION_CONFIG} config did not run on ${gpu ? 'WASM' : 'WebGPU'}`)];
  const ratio = gpu.updatesPerStep / wasm.updatesPerStep;
  const met = ratio <= SPECULATION_GOAL;
  return [{
    name,
    where: 'chromium webgpu vs wasm',
    goal,
    measured: `${gpu.updatesPerStep.toFixed(1)} vs ${wasm.updatesPerStep.toFixed(1)} updates/step = ${times(ratio)} over ${gpu.steps} timed steps (${gpu.cuts} cut short)`,
    met,
    gap: met ? '' : `${times(ratio / SPECULATION_GOAL)} over`,
  }];
}

/** Issue 16 §3: the small reference configs at ≥ 35% of the backend's matMul rate on Node and Chromium WASM. */
function smallModelTargets(backends: BackendResult[]): Target[] {
  const environments: Environment[] = ['node', 'chromium'];
  return environments.flatMap((environment) => SMALL_CONFIGS.map((name): Target => {
    const title = `${name} step ≥ ${SMALL_FRACTION_GOAL * 100}% of matMul rate`;
    const goal = `≥ ${SMALL_FRACTION_GOAL * 100}% of the matMul rate just before`;
    const backend = backends.find((b) => b.environment === environment && b.backend === 'wasm');
    if (!backend) return unmeasured(title, `${environment} wasm`, goal, `${environment} WASM did not run`);
    const config = backend.configs.find((c) => c.name === name && c.matMulFraction !== undefined && c.ours);
    if (!config) return unmeasured(title, where(backend), goal, `${name} did not run on ${where(backend)}`);
    const met = config.matMulFraction! >= SMALL_FRACTION_GOAL;
    const source = profiled(backend, name);
    return {
      name: title,
      where: where(backend),
      goal,
      measured: `${config.ours!.gflops.toFixed(2)} GFLOP/s = ${(100 * config.matMulFraction!).toFixed(1)}% (${ms(config.ours!.msPerStep)}/step)`,
      met,
      gap: met ? '' : `needs ${times(SMALL_FRACTION_GOAL / config.matMulFraction!)} faster`,
      why: met || !source ? undefined : kernelSplit(source.profile.ours),
    };
  }));
}

const THREADS_GOAL = 1.6;

/**
 * Issue 16 §1: Chromium WASM with every thread against one thread, same config, fresh pages one after the other.
 * Where it falls short, the one-thread profile of the config says how much of the step is matMul: were only
 * those kernels split over the threads, the step could not gain more than 1 / (1 − share + share / threads).
 */
function threadTargets(threads: ThreadsResult[], backends: BackendResult[]): Target[] {
  const chromiumWasm = backends.find((b) => b.environment === 'chromium' && b.backend === 'wasm');
  const name = `WASM threads ≥ ${THREADS_GOAL}× one thread`;
  const goal = `ms/step with 1 thread ÷ with every thread ≥ ${THREADS_GOAL}`;
  if (threads.length === 0) return [unmeasured(name, 'chromium wasm', goal, 'the browser half did not run')];
  return threads.map((result): Target => {
    const place = `chromium wasm (${result.config})`;
    if (!result.oneThread || !result.allThreads || result.speedup === undefined) return unmeasured(name, place, goal, result.error ?? 'did not run');
    const met = result.speedup >= THREADS_GOAL;
    const source = chromiumWasm && profiled(chromiumWasm, result.config);
    const threadCount = Number(/(\d+) threads/.exec(result.allThreads.detail)?.[1] ?? 1);
    const share = source && matMulShare(source.profile.ours);
    const why = share === undefined ? undefined
      : `one-thread profile: ${kernelSplit(source!.profile.ours)}; matMul alone on ${threadCount} threads would give at most ${times(1 / (1 - share + share / threadCount))}`;
    return {
      name,
      where: place,
      goal,
      measured: `${ms(result.oneThread.msPerStep)} (${result.oneThread.detail}) vs ${ms(result.allThreads.msPerStep)} (${result.allThreads.detail}) = ${times(result.speedup)}`,
      met,
      gap: met ? '' : `${times(THREADS_GOAL / result.speedup)} short`,
      why: met ? undefined : why,
    };
  });
}

/**
 * Issue 16 §2b: the app's `backend=auto` race on a bench config picks the backend the bench itself times fastest
 * on that config in Chromium (many more steps than the race; a backend the race gave up on early counts too).
 */
function raceTargets(races: RaceResult[], backends: BackendResult[]): Target[] {
  const name = 'auto picks the fastest backend';
  const goal = 'the app\'s race (backend=auto) picks the backend the bench times fastest on the same config';
  if (races.length === 0) return [unmeasured(name, 'chromium (app)', goal, 'the browser half did not run')];
  return races.map((race): Target => {
    const place = `chromium (app, ${race.config})`;
    if (race.error || !race.picked) return unmeasured(name, place, goal, race.error ?? `no pick shown: ${race.text}`);
    const bench = backends
      .filter((b) => b.environment === 'chromium')
      .map((b) => ({ backend: b.backend, msPerStep: b.configs.find((c) => c.name === race.config)?.ours?.msPerStep }))
      .filter((b): b is { backend: BackendName; msPerStep: number } => b.msPerStep !== undefined)
      .sort((a, b) => a.msPerStep - b.msPerStep);
    const raceText = race.timings.map((t) => (t.msPerStep === undefined ? `${t.backend}: ${t.note}` : `${t.backend} ${ms(t.msPerStep)}`)).join(', ');
    const benchText = bench.map((b) => `${b.backend} ${ms(b.msPerStep)}`).join(', ');
    const measured = `picked ${race.picked} (race: ${raceText}; bench: ${benchText || 'no backend timed'})`;
    if (bench.length === 0) return { name, where: place, goal, measured, met: false, gap: 'the bench timed no backend on this config' };
    const met = race.picked === bench[0].backend;
    return { name, where: place, goal, measured, met, gap: met ? '' : `the bench times ${bench[0].backend} fastest` };
  });
}

const LAYERS_PEER_GOAL = 3;

/** Issue 16 §4: our no-ACT LSTM step against tf.layers.lstm + trainOnBatch, same shapes, Node WASM. */
function layersPeerTargets(backends: BackendResult[]): Target[] {
  const name = `ours ≥ ${LAYERS_PEER_GOAL}× tf.layers.lstm + trainOnBatch`;
  const place = 'node wasm (no-ACT LSTM 128 characters)';
  const goal = `tf.layers ms/step ÷ ours ≥ ${LAYERS_PEER_GOAL}`;
  const peer = backends.find((b) => b.environment === 'node' && b.backend === 'wasm')?.layersPeer;
  if (!peer) return [unmeasured(name, place, goal, 'Node WASM did not run')];
  if ('error' in peer) return [unmeasured(name, place, goal, `the peer failed: ${peer.error}`)];
  const met = peer.ratio >= LAYERS_PEER_GOAL;
  return [{
    name,
    where: place,
    goal,
    measured: `${ms(peer.layersMs)} vs ours ${ms(peer.oursMs)} per step = ${times(peer.ratio)} (median of ${peer.steps})`,
    met,
    gap: met ? '' : `${times(LAYERS_PEER_GOAL / peer.ratio)} short`,
  }];
}

function flopTargets(backends: BackendResult[]): Target[] {
  return backends.filter((b) => b.backend === 'wasm').flatMap((backend) => {
    const config = backend.configs.find((c) => c.name === FLOP_CONFIG && c.matMulFraction !== undefined);
    const rate = config?.matMul ?? backend.matMul;
    if (!config?.matMulFraction || !config.ours || !rate) return [];
    const met = config.matMulFraction >= MATMUL_FRACTION_GOAL;
    const neededMs = config.ours.msPerStep * (config.matMulFraction / MATMUL_FRACTION_GOAL);
    const source = profiled(backend, FLOP_CONFIG);
    return [{
      name: `LSTM 512 step ≥ ${MATMUL_FRACTION_GOAL * 100}% of matMul rate`,
      where: where(backend),
      goal: `≥ ${(MATMUL_FRACTION_GOAL * rate.gflops).toFixed(2)} GFLOP/s (${MATMUL_FRACTION_GOAL * 100}% of ${rate.gflops.toFixed(2)}, the matMul rate just before)`,
      measured: `${config.ours.gflops.toFixed(2)} GFLOP/s = ${(100 * config.matMulFraction).toFixed(1)}% (${ms(config.ours.msPerStep)}/step)`,
      met,
      gap: met ? '' : `needs ${times(MATMUL_FRACTION_GOAL / config.matMulFraction)} faster: ${ms(config.ours.msPerStep)} → ${ms(neededMs)} per step`,
      why: met || !source ? undefined : kernelSplit(source.profile.ours),
    }];
  });
}

function memoryTargets(backends: BackendResult[]): Target[] {
  const checked = backends.flatMap((b) => b.configs.filter((c) => c.memory).map((c) => ({ backend: b, config: c })));
  if (checked.length === 0) return [];
  const grown = checked.filter(({ config }) => config.memory!.tensorsAfter !== config.memory!.tensorsBefore);
  return [{
    name: 'zero tensor growth',
    where: [...new Set(checked.map(({ backend }) => where(backend)))].join(', '),
    goal: 'tf.memory().numTensors the same before and after N steps',
    measured: grown.length === 0
      ? `0 in all ${checked.length} runs`
      : grown.map(({ backend, config }) => `${where(backend)} ${config.name}: ${config.memory!.tensorsAfter - config.memory!.tensorsBefore} over ${config.memory!.steps} steps`).join(', '),
    met: grown.length === 0,
    gap: grown.length === 0 ? '' : `${grown.length} of ${checked.length} runs grow`,
  }];
}

function mainThreadWhy(profile: MainThreadProfile): string {
  const share = (100 * profile.busyMs) / (profile.seconds * 1000);
  return `main-thread trace over ${profile.seconds} s: busy ${ms(profile.busyMs)} (${share.toFixed(0)}%), ` +
    `${profile.longTasks} tasks > 50 ms (longest ${ms(profile.longestTaskMs)}); self time by event: ` +
    profile.selfMs.map((e) => `${e.name} ${ms(e.ms)}`).join(', ');
}

function frameTargets(frames: FrameResult[]): Target[] {
  return frames.map((frame) => {
    const met = frame.p95 <= FRAME_P95_GOAL_MS;
    return {
      name: `frame p95 ≤ ${FRAME_P95_GOAL_MS} ms while training`,
      where: `app, ${frame.view}`,
      goal: `p95 ≤ ${FRAME_P95_GOAL_MS} ms`,
      measured: frame.error
        ? `failed: ${frame.error}`
        : `p95 ${frame.p95.toFixed(2)} ms (p50 ${frame.p50.toFixed(2)}, max ${ms(frame.max)}, ${frame.dropped} dropped of ${frame.frames})`,
      met,
      gap: met ? '' : frame.error ? 'not measured' : `${(frame.p95 - FRAME_P95_GOAL_MS).toFixed(2)} ms over`,
      why: frame.mainThread && mainThreadWhy(frame.mainThread),
    };
  });
}

export function evaluateTargets({ backends, threads = [], frames, races = [] }: Pick<BenchResults, 'backends' | 'threads' | 'frames' | 'races'>): Target[] {
  return [
    ...raceTargets(races, backends), ...threadTargets(threads, backends), ...layersPeerTargets(backends), ...speculationTargets(backends), ...smallModelTargets(backends), ...flopTargets(backends),
    ...memoryTargets(backends), ...frameTargets(frames),
  ];
}
