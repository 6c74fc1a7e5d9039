/**
 * How many steps each measurement runs, per environment, backend and config: enough for medians where steps are
 * cheap, few where they are not, so that the full bench stays within ~15 minutes on a 2-core machine.
 */
import type { BackendName } from '../src/core/backend';
import type { BenchConfig, ConfigName } from './configs';
import { REFERENCE_CONFIGS, TINY_CONFIG } from './configs';
import type { Plan } from './measure';
import type { Environment } from './results';

export interface Planned {
  config: BenchConfig;
  plan?: Plan;
  /** Why the config is not run (then plan is absent). */
  skip?: string;
  /** Why the naive port is not run (plan.naiveTimed is 0). */
  naiveSkip?: string;
}

type PlanTable = Partial<Record<ConfigName, Plan | string>>;

export const plan = (warmup: number, timed: number, memorySteps: number, naiveWarmup: number, naiveTimed: number, profile = 0, primer = 0): Plan =>
  ({ warmup, timed, memorySteps, naiveWarmup, naiveTimed, profile, primer });

const CPU_SKIP = 'CPU backend (plain JS, ~0.5 GFLOP/s): a step would take many seconds, so only the small configs run';
const NO_SYNC = 'not run: it needs dataSync, which WebGPU forbids';
const SOFTWARE_GL = 'WebGL runs on SwiftShader (software) here: ~21 GFLOP a step would take minutes';
const SOFTWARE_GPU = 'WebGPU runs on the fallback adapter (software, ~100× slower than WASM): only the tiny config';

// Warm-up: a step's first runs pay one-time costs (JIT compilation, the backend's per-shape operator set-up), and
// logic and addition draw sequences of varying length, so each new length is a new set of shapes. Measured on the
// logic config (Node, WASM, fresh trainers): 3 warm-up steps then 10 timed gave 6.1–7.7 GFLOP/s, 30 then 10 gave
// 8.8, 3 then 30 gave 11.0 — the tables measure the steady state a training run spends its minutes in. Parity, the
// first config timed on each backend, is primed by 100 steps of a trainer thrown away first (Plan.primer): in
// Chromium the page's first trainer was still twice as slow at its steps 21–40 (and 1.6× at 81–100) as later fresh
// trainers doing the same work; the configs after it run on code already warm.
const FULL: Record<Environment, Partial<Record<BackendName, PlanTable>>> = {
  node: {
    wasm: {
      parity: plan(20, 50, 500, 3, 10, 5, 100),
      logic: plan(30, 20, 500, 3, 5, 3),
      addition: plan(10, 10, 100, 3, 5, 3),
      characters: plan(3, 5, 10, 3, 3, 1),
    },
    cpu: { parity: plan(3, 5, 0, 3, 5, 1), logic: plan(3, 5, 0, 3, 5, 1), addition: CPU_SKIP, characters: CPU_SKIP },
  },
  chromium: {
    wasm: {
      tiny: plan(1, 10, 0, 0, 0),
      parity: plan(20, 20, 200, 3, 10, 3, 100),
      logic: plan(30, 20, 100, 3, 5, 3),
      addition: plan(10, 5, 20, 3, 5, 3),
      characters: plan(3, 5, 0, 3, 2),
    },
    webgl: { parity: plan(3, 5, 10, 3, 5, 1), logic: plan(3, 5, 0, 1, 3, 1), addition: plan(3, 5, 0, 1, 3, 1), characters: SOFTWARE_GL },
    webgpu: { tiny: plan(1, 10, 0, 0, 0), parity: SOFTWARE_GPU, logic: SOFTWARE_GPU, addition: SOFTWARE_GPU, characters: SOFTWARE_GPU },
  },
};

/**
 * A real GPU adapter: every reference config, a few timed steps each, no naive port (it reads synchronously), no
 * profile — for `--dawn` (a lent GPU machine: WebGPU through Dawn in Node, and one-thread WASM beside it) and for
 * Chromium's WebGPU and WebGL wherever they start on hardware rather than a software fallback.
 */
const GPU_PLAN = { tiny: plan(2, 10, 0, 0, 0), parity: plan(2, 10, 0, 0, 0), logic: plan(2, 5, 0, 0, 0), addition: plan(2, 5, 0, 0, 0), characters: plan(1, 3, 0, 0, 0) };
const GPU_MACHINE: Record<Environment, Partial<Record<BackendName, PlanTable>>> = {
  node: { wasm: GPU_PLAN, webgpu: GPU_PLAN },
  chromium: { webgpu: GPU_PLAN, webgl: GPU_PLAN },
};

/** --quick: a smoke run of every path with the smallest counts. */
const QUICK: Record<Environment, Partial<Record<BackendName, PlanTable>>> = {
  node: {
    wasm: { parity: plan(1, 3, 20, 1, 2, 2), logic: plan(1, 2, 5, 1, 1, 1) },
    cpu: { parity: plan(1, 2, 0, 1, 1) },
  },
  chromium: {
    wasm: { tiny: plan(1, 4, 0, 0, 0), parity: plan(1, 3, 20, 1, 2), logic: plan(1, 2, 0, 0, 0) },
    webgl: { parity: plan(1, 2, 2, 1, 1, 1) },
    webgpu: { tiny: plan(1, 4, 0, 0, 0) },
  },
};

/** Which counts a run uses: the full bench, `--quick`, or a real GPU (`--dawn`, or Chromium on a hardware adapter). */
export type Counts = 'full' | 'quick' | 'gpu';
const TABLES: Record<Counts, Record<Environment, Partial<Record<BackendName, PlanTable>>>> = { full: FULL, quick: QUICK, gpu: GPU_MACHINE };

export function plansFor(environment: Environment, backend: BackendName, counts: Counts): Planned[] {
  const table = TABLES[counts][environment][backend] ?? {};
  // The tiny config runs on WebGPU and, for the speculation target, the same steps on WASM beside it.
  const withTiny = (environment === 'chromium' || counts === 'gpu') && (backend === 'webgpu' || backend === 'wasm');
  const configs = withTiny ? [TINY_CONFIG, ...REFERENCE_CONFIGS] : REFERENCE_CONFIGS;
  return configs.map((config) => {
    const entry = table[config.name] ?? (counts === 'quick' ? 'not in the --quick run' : 'no plan for this backend');
    if (typeof entry === 'string') return { config, skip: entry };
    return { config, plan: entry, naiveSkip: entry.naiveTimed === 0 ? NO_SYNC : undefined };
  });
}

/** The backends each environment tries, in order (Node with `--dawn`: WASM, then WebGPU). */
export const BACKENDS: Record<Environment, BackendName[]> = { node: ['wasm', 'cpu'], chromium: ['wasm', 'webgl', 'webgpu'] };
export const GPU_MACHINE_BACKENDS: BackendName[] = ['wasm', 'webgpu'];

/** Timed n×n matMuls per backend (after one warm-up): fewer where one takes seconds. */
export const MATMUL_REPS: Record<BackendName, number> = { wasm: 5, cpu: 1, webgl: 3, webgpu: 1 };
/**
 * Timed matMuls again right before each config, so that its FLOP fraction compares two rates taken under the
 * same load (others share this machine); 0: the backend's rate is used (a matMul takes seconds there).
 */
export const MATMUL_REPS_PER_CONFIG: Record<BackendName, number> = { wasm: 3, cpu: 0, webgl: 1, webgpu: 0 };
/** The 1024 × 1024; 512 in --quick runs, where a 1024 one takes seconds on CPU, WebGL and WebGPU. */
export const matMulSize = (quick: boolean): number => (quick ? 512 : 1024);
