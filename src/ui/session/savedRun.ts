/**
 * A run as it is kept in this browser (IndexedDB) and in exported files: its settings (the link), the trainer's
 * complete state, the curves and evaluations so far, and its id in Runs compared. Anything read back is checked
 * here before it is used; the trainer state's tensors are checked by the worker when it restores them.
 */
import { parseConfig } from '../../config/codec';
import type { Config } from '../../config/schema';
import type { TrainerState } from '../../core/trainerState';
import type { EvaluationSnapshot } from '../../worker/protocol';
import { CURVE_WIDTH } from '../../worker/protocol';
import { CurveBuffer, type CurveDump } from '../data/curveBuffer';

export interface SavedRun {
  savedAt: number;
  /** The run's settings as the link writes them. */
  link: string;
  historyId: string;
  state: TrainerState;
  curves: CurveDump;
  evaluations: EvaluationSnapshot[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isNumber = (value: unknown): value is number => typeof value === 'number';

/** The settings of a saved run; throws when they are not valid here (e.g. saved by another version). */
export function savedConfig(run: SavedRun): Config {
  const { config, problems } = parseConfig(run.link);
  if (problems.length > 0) throw new Error(`its settings are not valid here (${problems.map((p) => `${p.key}: ${p.message}`).join('; ')})`);
  return config;
}

/** Checks the shape of a run read back from storage or files; throws an Error that says what is wrong. */
export function checkSavedRun(value: unknown): SavedRun {
  if (!isObject(value)) throw new Error('it is not a saved run');
  const { savedAt, link, historyId, state, curves, evaluations } = value;
  if (!isNumber(savedAt) || typeof link !== 'string' || typeof historyId !== 'string') throw new Error('its time, settings or id are missing');
  if (!isObject(state) || !isObject(state.model) || !(state.weights instanceof ArrayBuffer) || !isObject(state.optimizer)) {
    throw new Error('its model or optimizer state is missing');
  }
  if (!isObject(curves)) throw new Error('its curves are missing');
  new CurveBuffer(CURVE_WIDTH).load(curves as unknown as CurveDump);
  if (!Array.isArray(evaluations) || !evaluations.every(isEvaluationSnapshot)) throw new Error('its evaluations are malformed');
  const run = value as unknown as SavedRun;
  savedConfig(run);
  return run;
}

function isEvaluationSnapshot(value: unknown): value is EvaluationSnapshot {
  if (!isObject(value) || !isNumber(value.step) || typeof value.final !== 'boolean' || !isObject(value.evaluation)) return false;
  const { count, seqError, ponder, taskLoss, bitsPerTarget, byDifficulty } = value.evaluation;
  return (
    [count, seqError, ponder, taskLoss, bitsPerTarget].every(isNumber) &&
    Array.isArray(byDifficulty) &&
    byDifficulty.every((entry) => isObject(entry) && [entry.difficulty, entry.count, entry.seqError, entry.ponder].every(isNumber))
  );
}
