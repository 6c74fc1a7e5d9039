/**
 * How the engine applies a task's optional curriculum and lengths (see Task in src/tasks/task.ts) to a config:
 * the options a training step generates from, and those of a length-generalisation evaluation.
 */
import type { FieldMap, ValuesOf } from '../config/fields';
import type { Task } from '../tasks/task';

/** The task's options at training step `step`: the config with the task's curriculum (if any) applied. */
export function optionsAtStep<C extends ValuesOf<FieldMap>>(task: Task, config: C, step: number): C {
  return task.curriculum ? { ...config, ...task.curriculum(config, step) } : config;
}

/** A step later than any run will take: the curriculum's options there are those it reaches at last. */
const LAST_STEP = Number.MAX_SAFE_INTEGER;

/** Whether the config's curriculum changes anything (a task may have one that these settings leave off). */
export function hasCurriculum(task: Task, config: ValuesOf<FieldMap>): boolean {
  return Object.keys(curriculumChanges(task, config, LAST_STEP)).length > 0;
}

/**
 * The difficulties a run trains on when it trains on part of them only (parity's trainNonZero), for telling
 * interpolation from extrapolation: those its training reaches at last, so a curriculum that reaches all has none.
 */
export function trainedDifficultyOfRun(task: Task, config: ValuesOf<FieldMap>): [number, number] | undefined {
  return task.trainedDifficulty?.(optionsAtStep(task, config, LAST_STEP));
}

/** The task options the curriculum has changed by step `step`, as key → value; empty without a change. */
export function curriculumChanges(task: Task, config: ValuesOf<FieldMap>, step: number): Record<string, number | string | boolean> {
  const now = optionsAtStep(task, config, step);
  return Object.fromEntries(Object.keys(task.options).filter((key) => now[key] !== config[key]).map((key) => [key, now[key]]));
}

/** The config with every sequence at exactly `length` (see Task.lengths); a clear Error for other tasks. */
export function optionsAtLength<C extends ValuesOf<FieldMap>>(task: Task, config: C, length: number): C {
  if (!task.lengths) throw new Error(`The ${task.label} task cannot generate at a given length (its difficulty counts ${task.difficultyLabel}).`);
  if (!Number.isInteger(length) || length < 1) throw new Error(`A sequence length must be a whole number ≥ 1, not ${length}.`);
  return { ...config, ...task.lengths.at(config, length) };
}

/** `points` whole numbers spread evenly from `from` to `to`, both included (fewer where they coincide). */
function spread(from: number, to: number, points: number): number[] {
  return Array.from({ length: points }, (_, i) => Math.round(from + ((to - from) * i) / (points - 1)));
}

/**
 * What the page evaluates a length task at: a few lengths over the training range, then more up to
 * `generalisation` times the longest trained one; sorted, without repeats.
 */
export function generalisationLengths(task: Task, options: ValuesOf<FieldMap>): number[] {
  const [shortest, longest] = task.difficultyRange(options);
  const last = longest * (task.lengths?.generalisation ?? 1);
  return [...new Set([...spread(shortest, longest, 5), ...spread(longest, last, 9)])].sort((a, b) => a - b);
}
