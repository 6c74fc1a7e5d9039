import type { TruncationSettings } from '../core/adaptiveTruncation';
import type { Rng } from '../core/random';
import type { HeadSpec, HostBatch } from '../core/types';
import type { FieldMap, ValuesOf } from '../config/fields';
import type { PresetName, TaskPresets } from '../config/presets';
import type { TaskProbe } from './probe';

export type { PresetValues } from '../config/presets';

/** Text a task reads (the character model): bytes for training and held-out bytes for evaluation. */
export interface TaskData {
  train: Uint8Array;
  heldOut: Uint8Array;
  /** Where the bytes came from, for display (e.g. "enwik8, first 90 MB"). */
  source: string;
}

export interface TaskDims {
  inputSize: number;
  head: HeadSpec;
  /** The longest sequence the generator can produce (input steps). */
  maxSteps: number;
}

/**
 * A task plug-in: pure data, no TF.js. The engine turns its head spec into a loss and a sequence error; the
 * config schema collects its options; the UI and the CLI show its presets.
 */
export interface Task<O extends FieldMap = FieldMap, I = unknown> {
  id: string;
  label: string;
  description: string;
  /** What the difficulty of a sequence counts, e.g. "non-zero bits". */
  difficultyLabel: string;
  /**
   * Set when each input step has a difficulty of its own, which the generator writes (HostBatch.stepDifficulty):
   * what it counts, e.g. logic's "gates in the vector". Evaluations then also give the ponder by it.
   */
  stepDifficultyLabel?: string;
  /** The task's own config fields; their keys are global, so they must not clash with other tasks'. */
  options: O;
  /**
   * `paper`: the paper's sizes. `quick`: learns visibly within a few minutes on a laptop CPU. Optional named
   * ones (config/presets.ts), e.g. `sam`: the quick size for a cell that needs its own settings.
   */
  presets: TaskPresets;
  /** What a preset reaches, as measured (docs/results.md, with the commands): one line beside it in the page and the CLI's help. */
  presetResults?: Partial<Record<PresetName, string>>;
  dims(options: ValuesOf<O>): TaskDims;
  /** The range of difficulty values the generator produces with these options (for evaluations: all of it). */
  difficultyRange(options: ValuesOf<O>): [number, number];
  /**
   * Set when training sees only part of difficultyRange (the rest is extrapolation, e.g. parity trained on
   * 1..k non-zero entries): the range training draws from. Evaluations report both parts.
   */
  trainedDifficulty?(options: ValuesOf<O>): [number, number] | undefined;
  /**
   * Set when the generator's own draw leaves some difficulties nearly empty (logic: 6 of 512 sequences have at most
   * 1 gate per vector): the page then evaluates its difficulty curve on an even draw, the same number of sequences at
   * each difficulty (EvaluationOptions.perDifficulty; needs `probe.random`).
   */
  drawCurveEvenly?: boolean;
  /** Set when `generate` reads external bytes (TaskData); the engine refuses to start without them. */
  needsData?: boolean;
  /**
   * Exactly reproducible from the generator's state (and the bytes, if any): same seed, same batches, everywhere.
   * `bytes` is the training or the held-out part of TaskData, for tasks that need data. `purpose` (default
   * `train`): evaluations draw from the whole difficultyRange, training from trainedDifficulty when set.
   */
  generate(options: ValuesOf<O>, batchSize: number, rng: Rng, bytes?: Uint8Array, purpose?: GeneratePurpose): HostBatch;
  /** Inputs made by hand, answered by the network (src/tasks/probe.ts); absent: the task cannot be probed. */
  probe?: TaskProbe<ValuesOf<O>, I>;
  /**
   * Optional curriculum: the options in effect at training step `step` (the number of steps already taken).
   * A pure function of the options and the step, so that a resumed run, which keeps its step, continues it
   * exactly. The model's shape (dims().inputSize and head) must not depend on what it changes.
   */
  curriculum?(options: ValuesOf<O>, step: number): ValuesOf<O>;
  /** For tasks whose difficulty is a sequence length: generating at a given length, for length generalisation. */
  lengths?: {
    /** Tested up to this many times the longest training length (copy 10, adding 10, argmax 2). */
    generalisation: number;
    /**
     * Options under which every sequence has exactly `length` (≥ 1), beyond the training range too; the model's
     * shape must not depend on what it changes. Throws an Error saying why when the task cannot express it.
     */
    at(options: ValuesOf<O>, length: number): ValuesOf<O>;
  };
  /** Set on tasks that are one long stream (text, delay copy): streaming training with truncation reads it. */
  stream?: TaskStream<O>;
}

/** A task's length range in order: its min and max fields are validated one by one, so min may exceed max. */
export function orderedRange(min: number, max: number): [number, number] {
  return [Math.min(min, max), Math.max(min, max)];
}

export type GeneratePurpose = 'train' | 'evaluate';


/**
 * B parallel streams read in consecutive chunks (truncated BPTT carries the state from chunk to chunk). A
 * stream's position is plain numbers, saved with the run, so that a resumed run reads exactly what it would have.
 */
export interface TaskStream<O extends FieldMap = FieldMap> {
  /** `batchSize` fresh streams at their start. */
  open(options: ValuesOf<O>, batchSize: number, rng: Rng, bytes?: Uint8Array): StreamPositions;
  /** `batchSize` streams at random places (the adaptive-truncation probe's windows). */
  sample(options: ValuesOf<O>, batchSize: number, rng: Rng, bytes?: Uint8Array): StreamPositions;
  /** K's range and start, and the adaptive-truncation probe's window and schedule, for this kind of data. */
  truncation: TruncationSettings;
  /** The next `steps` steps of every stream (row b = stream b), and the positions after them. */
  read(options: ValuesOf<O>, positions: StreamPositions, steps: number, bytes?: Uint8Array): { batch: HostBatch; next: StreamPositions };
}

/** One entry per stream: whatever numbers the task needs to continue it (e.g. a text offset). */
export type StreamPositions = number[][];

/**
 * A curriculum that raises a limit by one every `every` training steps: its value at `step`, from `start`, at most
 * `last`. Shared by the tasks whose curriculum grows a count (parity's non-zero entries, logic's gates per vector).
 */
export const raisedLimit = (start: number, every: number, step: number, last: number): number =>
  Math.min(last, start + Math.floor(step / every));

/**
 * A task that reads text (the characters task): measured in bits per character, since nearly every window of text
 * has some wrong byte, and drawn by character class rather than by difficulty.
 */
export function readsText(task: Pick<Task, 'needsData'>): boolean {
  return task.needsData === true;
}
