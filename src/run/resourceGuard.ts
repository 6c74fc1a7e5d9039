/**
 * The resource guard: before a model is built, its memory and work per step (core/resources.ts) are held against
 * what the backend and machine can give; a config that does not fit is refused with a message that names the
 * settings to lower and to what. The worker, the CLI and the page's controls all ask here.
 */
import type { Config, ConfigKey } from '../config/schema';
import { SCHEMA, relevantKeys } from '../config/schema';
import type { BackendName } from '../core/backend';
import type { ResourceEstimate } from '../core/resources';
import { estimateResources } from '../core/resources';
import { getTask } from '../tasks/registry';
import { modelSpecOf } from './engine';

export interface Machine {
  /** The machine's memory: navigator.deviceMemory (GB, rounded by the browser) or Node's os.totalmem(). */
  memoryBytes?: number;
  /** WASM threads in use (1 unless the threaded backend runs). */
  threads?: number;
  /** A software WebGL/WebGPU rasteriser: it works, but slowly. */
  software?: boolean;
}

export interface Budget {
  bytes: number;
  /** What sets the limit, for the message, e.g. "a quarter of this device's 8 GB". */
  limitedBy: string;
  /** Multiply-adds per second the backend sustains on training steps (rough, conservative). */
  macsPerSecond: number;
  /** True where the ponder loop always runs M updates (WebGPU: no read-back inside a step). */
  alwaysMaxUpdates: boolean;
}

const GB = 2 ** 30;
/** Assumed when the browser does not say (Firefox, Safari): a modest laptop. */
const UNKNOWN_MEMORY_BYTES = 4 * GB;
/** Tensors may take this share of the machine's memory: the page, the browser and the OS need the rest. */
const MEMORY_SHARE = 0.25;
/** The WASM heap is 32-bit: TF.js's grows to at most 4 GB, and allocations near that abort (the issue's "Aborted()"). */
const WASM_HEAP_BYTES = 2 * GB;
/** A training step longer than this freezes the run for too long (and a worker looks dead): refused. */
export const MAX_STEP_SECONDS = 30;

/** Sustained multiply-adds per second on small-batch training steps, measured orders of magnitude (docs/benchmarks.md). */
function macRate(backend: BackendName, machine: Machine): number {
  switch (backend) {
    case 'wasm':
      return 5e9 * (machine.threads ?? 1);
    case 'cpu':
      return 2e8;
    case 'webgl':
      return machine.software ? 5e8 : 3e10;
    case 'webgpu':
      return machine.software ? 5e8 : 1e11;
  }
}

export function budgetFor(backend: BackendName, machine: Machine): Budget {
  const memory = machine.memoryBytes ?? UNKNOWN_MEMORY_BYTES;
  const share = MEMORY_SHARE * memory;
  const known = machine.memoryBytes === undefined ? 'an assumed 4 GB (the browser does not say)' : `${formatBytes(memory)}`;
  const common = { macsPerSecond: macRate(backend, machine), alwaysMaxUpdates: backend === 'webgpu' };
  if (backend === 'wasm' && WASM_HEAP_BYTES < share) return { bytes: WASM_HEAP_BYTES, limitedBy: 'the WASM heap', ...common };
  return { bytes: share, limitedBy: `a quarter of this machine's ${known}`, ...common };
}

export interface ResourceCheck {
  ok: boolean;
  estimate: ResourceEstimate;
  /** Peak bytes of a training step at the updates per input step this check assumed. */
  peakBytes: number;
  stepSeconds: number;
  /** Why it was refused, with what to lower (set when !ok). */
  message?: string;
  /** A fitting config that may still outgrow the budget if it ponders long (set when ok). */
  warning?: string;
}

function estimateOf(config: Config): ResourceEstimate {
  const sequenceSteps = getTask(config.task).dims(config).maxSteps;
  return estimateResources(modelSpecOf(config), { batch: config.batch, sequenceSteps, maxUpdates: config.maxSteps });
}

/** Whether a config fits: memory and time of a step at one update per input step (at M where the loop always runs M). */
function measure(config: Config, budget: Budget): Omit<ResourceCheck, 'message' | 'warning'> {
  const estimate = estimateOf(config);
  const updates = budget.alwaysMaxUpdates ? config.maxSteps : 1;
  const peakBytes = estimate.peakBytes(updates);
  const stepSeconds = estimate.macsPerStep(updates) / budget.macsPerSecond;
  return { ok: peakBytes <= budget.bytes && stepSeconds <= MAX_STEP_SECONDS, estimate, peakBytes, stepSeconds };
}

/** The settings whose lowering helps, each with the largest value that fits (the others unchanged). */
export function settingLimits(config: Config, budget: Budget): Map<ConfigKey, number> {
  const limits = new Map<ConfigKey, number>();
  for (const key of relevantKeys(config)) {
    const field = SCHEMA[key];
    if (field.kind !== 'int' || key === 'seed' || key === 'maxSteps' && !budget.alwaysMaxUpdates) continue;
    const fits = (value: number) => measure({ ...config, [key]: value } as Config, budget).ok;
    const current = config[key] as number;
    if (fits(field.max)) continue;
    // Every cost grows with these sizes, so the values that fit are a prefix of the range: binary search it.
    let low: number = field.min - 1;
    let high: number = field.max;
    if (!fits(field.min)) continue;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (fits(middle)) low = middle;
      else high = middle;
    }
    if (low < field.max && (low < current || fits(current))) limits.set(key, low);
  }
  return limits;
}

export function checkResources(config: Config, budget: Budget): ResourceCheck {
  const result = measure(config, budget);
  if (result.ok) {
    const updates = result.estimate.updatesThatFit(budget.bytes);
    const warning = !budget.alwaysMaxUpdates && updates < config.maxSteps
      ? `This model fits while it ponders at most ${updates} updates per input step; at M = ${config.maxSteps} a step would need ${formatBytes(result.estimate.peakBytes(config.maxSteps))} (${budget.limitedBy} allows ${formatBytes(budget.bytes)}).`
      : undefined;
    return { ...result, warning };
  }
  const current = (key: ConfigKey) => config[key] as number;
  const lowerable = [...settingLimits(config, budget)].filter(([key, limit]) => limit < current(key));
  const what = result.peakBytes > budget.bytes
    ? `This model needs about ${formatBytes(result.peakBytes)} during a training step; ${budget.limitedBy} allows ${formatBytes(budget.bytes)} for it here.`
    : `A training step of this model would take about ${Math.round(result.stepSeconds)} s on this backend (at most ${MAX_STEP_SECONDS} s are allowed).`;
  const fix = lowerable.length > 0
    ? `Lower ${lowerable.map(([key, limit]) => `${key} (${SCHEMA[key].label}) from ${current(key)} to at most ${limit}`).join(', or ')}.`
    : 'No single setting brings it within the limit: lower several of the model and batch sizes.';
  return { ...result, message: `${what} ${fix}` };
}

export function formatBytes(bytes: number): string {
  if (bytes >= GB) return `${(bytes / GB).toFixed(1)} GB`;
  if (bytes >= 2 ** 20) return `${Math.round(bytes / 2 ** 20)} MB`;
  return `${Math.round(bytes / 1024)} kB`;
}
