/**
 * A training run's whole state on disk, so that `train --resume` continues it exactly (the same weights, Adam
 * moments, data, τ and streams as a run that never stopped): DIR/run/state.json, weights.bin and moments.bin —
 * the TrainerState the page keeps in IndexedDB, written as files.
 *
 * A new state is written to DIR/run.tmp and then moved over DIR/run, so a run killed while writing leaves the
 * previous state (or, killed between the two moves, a complete run.tmp, which is read instead).
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Trainer } from '../core/trainer';
import type { TrainerState } from '../run/engine';
import { exportTrainerState } from '../run/engine';

export const RUN_STATE_DIR = 'run';
const STATE_FILE = 'state.json';
const WEIGHTS = 'weights.bin';
const MOMENTS = 'moments.bin';
const FORMAT = 'act-playground/run-state';

/** What the CLI keeps beside the trainer's own state. */
export interface RunProgress {
  /** Wall time spent training so far, without held-out evaluations (summed over resumed sessions). */
  trainSeconds: number;
  /** Wall time of the run so far, evaluations included (summed over resumed sessions). */
  wallSeconds: number;
}

export async function writeRunState(dir: string, trainer: Trainer, progress: RunProgress): Promise<void> {
  const state = await exportTrainerState(trainer);
  const temporary = join(dir, `${RUN_STATE_DIR}.tmp`);
  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary, { recursive: true });
  await writeFile(join(temporary, WEIGHTS), new Uint8Array(state.weights));
  await writeFile(join(temporary, MOMENTS), new Uint8Array(state.optimizer.moments));
  const { model, dataStream, step, tau, streams } = state;
  const described = { format: FORMAT, version: 1, model, optimizer: { iterations: state.optimizer.iterations }, dataStream, step, tau, streams, progress };
  // state.json last: a run.tmp with a state.json is complete.
  await writeFile(join(temporary, STATE_FILE), `${JSON.stringify(described)}\n`);
  const final = join(dir, RUN_STATE_DIR);
  await rm(final, { recursive: true, force: true });
  await rename(temporary, final);
}

export interface SavedRun {
  state: TrainerState;
  progress: RunProgress;
}

const arrayBufferOf = (bytes: Buffer): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/** DIR's state.json (the newest complete one) and the folder it is in. */
async function readDescription(dir: string): Promise<{ path: string; described: Record<string, unknown> }> {
  const complete = (path: string) => existsSync(join(path, STATE_FILE));
  const path = [join(dir, RUN_STATE_DIR), join(dir, `${RUN_STATE_DIR}.tmp`)].find(complete);
  if (!path) throw new Error(`${dir} has no saved run state (${RUN_STATE_DIR}/${STATE_FILE}): train with --save ${dir} --checkpoint-every K first`);
  let described: Record<string, unknown>;
  try {
    described = JSON.parse((await readFile(join(path, STATE_FILE))).toString('utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${join(path, STATE_FILE)} is not JSON: ${(error as Error).message}`);
  }
  if (described.format !== FORMAT) throw new Error(`${join(path, STATE_FILE)} is not a saved run state (format ${String(described.format)})`);
  return { path, described };
}

/** Reads DIR's run state; every failure is an Error that says what is missing or wrong. */
export async function readRunState(dir: string): Promise<SavedRun> {
  const { path, described } = await readDescription(dir);
  const optimizer = described.optimizer as { iterations: number };
  const progress = described.progress as RunProgress | undefined;
  const state = {
    ...(described as unknown as TrainerState),
    weights: arrayBufferOf(await readFile(join(path, WEIGHTS))),
    optimizer: { iterations: optimizer?.iterations, moments: arrayBufferOf(await readFile(join(path, MOMENTS))) },
  };
  const seconds = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  return { state, progress: { trainSeconds: seconds(progress?.trainSeconds), wallSeconds: seconds(progress?.wallSeconds) } };
}

/** The step DIR's saved run state has reached, or undefined when it has none that can be read. */
export async function savedRunStep(dir: string): Promise<number | undefined> {
  const step = await readDescription(dir).then(({ described }) => described.step, () => undefined);
  return Number.isInteger(step) ? (step as number) : undefined;
}
