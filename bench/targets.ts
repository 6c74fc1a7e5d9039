/**
 * The targets, checked against a run: ≥ 10× the naive port on the same backend; the LSTM 512 config
 * (addition) at ≥ 30% of the WASM backend's matMul rate; no tensor growth; main-thread frame p95 ≤ 16.7 ms.
 * Where one is not met, the reason is read off the tf.profile of a step on the same backend (or, for frames, a
 * trace of the page's main thread).
 */
import type { MainThreadProfile } from './mainThread';
import { MATMUL_KERNELS, type StepProfile } from './profile';
import type { BackendResult, ConfigResult, FrameResult, Target } from './results';

const SPEEDUP_GOAL = 10;
const MATMUL_FRACTION_GOAL = 0.3;
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
  const matMul = profile.kernels.filter((k) => MATMUL_KERNELS.has(k.name)).reduce((sum, k) => sum + k.ms, 0);
  const share = (x: number): string => `${((100 * x) / profile.kernelMs).toFixed(0)}%`;
  return `${profile.calls} kernel calls, matMul ${share(matMul)} of kernel time, others: ${topKernels(profile, 4, MATMUL_KERNELS)}`;
}

type Profiled = ConfigResult & Required<Pick<ConfigResult, 'profile' | 'ours'>>;

/** The backend's own profiled run of a config. */
function profiled(backend: BackendResult, name: string): Profiled | undefined {
  return backend.configs.find((c): c is Profiled => c.name === name && Boolean(c.profile && c.ours));
}

/**
 * How fast ours must be for the goal. Two floors: its FLOPs at 100% of the large-matMul rate, and the step's own
 * matMul calls replayed back to back (small matMuls run below the large-matMul rate). A goal under the replayed
 * floor is out of reach for any step that does these matMuls on this backend, whatever the rest costs.
 */
function floorNote(c: ConfigResult): string {
  if (!c.ours || !c.naive || !c.matMul) return '';
  const neededMs = c.naive.msPerStep / SPEEDUP_GOAL;
  const floorMs = (1000 * c.ours.gflopPerStep) / c.matMul.gflops;
  const needed = (100 * floorMs) / neededMs;
  const replay = c.profile?.ours.matMulReplay;
  const replayNote = replay ? `; the step's ${replay.calls} matMuls alone, replayed back to back, take ${ms(replay.ms)}` : '';
  const reach = (replay && replay.ms > neededMs) || needed > 100 ? ': out of reach while both ponder alike' : '';
  return `: ≤ ${ms(neededMs)}/step, i.e. ${needed.toFixed(0)}% of the matMul rate (now ${(100 * (c.matMulFraction ?? 0)).toFixed(0)}%)${replayNote}${reach}`;
}

function speedupTargets(backends: BackendResult[]): Target[] {
  return backends.flatMap((backend) => {
    const measured = backend.configs.filter((c): c is ConfigResult & { speedup: number } => c.speedup !== undefined);
    if (measured.length === 0) return [];
    const worst = measured.reduce((a, b) => (b.speedup < a.speedup ? b : a));
    const met = worst.speedup >= SPEEDUP_GOAL;
    const naive = profiled(backend, worst.name)?.profile.naive;
    const why = met ? undefined : [
      `worst: ${worst.name} (mean ponder ours ${worst.ours?.ponder.toFixed(2)}, naive ${worst.naive?.ponder.toFixed(2)})`,
      naive ? `ours: ${kernelSplit(worst.profile!.ours)}; naive: ${kernelSplit(naive)}` : 'not profiled on this backend',
    ].join('; ');
    return [{
      name: `≥ ${SPEEDUP_GOAL}× the naive port`,
      where: where(backend),
      goal: `naive ms ÷ ours ms ≥ ${SPEEDUP_GOAL}`,
      measured: measured.map((c) => `${c.name} ${times(c.speedup)}`).join(', '),
      met,
      gap: met ? '' : measured.filter((c) => c.speedup < SPEEDUP_GOAL)
        .map((c) => `${c.name} needs ${times(SPEEDUP_GOAL / c.speedup)} more${floorNote(c)}`).join('; '),
      why,
    }];
  });
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

export function evaluateTargets(backends: BackendResult[], frames: FrameResult[]): Target[] {
  return [...speedupTargets(backends), ...flopTargets(backends), ...memoryTargets(backends), ...frameTargets(frames)];
}
