/** A sweep's results as the report needs them: one record per run, read from options.csv and metrics.csv. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseConfig } from '../../config/codec';
import { HALTING_IDS, getHaltingMethod } from '../../core/halting/registry';
import { getTask } from '../../tasks/registry';
import { trainedDifficultyOfRun } from '../../core/taskOptions';
import { csvRecords } from '../csv';

export interface DifficultyResult {
  difficulty: number;
  count: number;
  seqError: number;
  ponder: number;
}

export interface RunResult {
  id: string;
  task: string;
  /** The halting method (sweeps written before halting methods: act=1 → act, act=0 → none). */
  halting: string;
  /** The method's knob: τ (ACT), λ_p (PonderNet), ρ (repeat); 0 without one. */
  knob: number;
  act: boolean;
  tau: number;
  seed: number;
  /** Evaluation: sequence error rate and mean ponder, overall and per difficulty value. */
  seqError: number;
  ponder: number;
  /** Bits per target (per character on text), when the sweep wrote it (eval_bitsPerTarget). */
  bitsPerTarget?: number;
  byDifficulty: DifficultyResult[];
  /** Error on the difficulties training saw and on those it did not (parity trainNonZero), when measured. */
  interpolationError?: number;
  extrapolationError?: number;
  /** Training's largest difficulty, when training saw only part of them. */
  trainedMax?: number;
  wallSeconds?: number;
}

const DIFFICULTY_METRIC = /^eval_(count|seqError|ponder)_d(-?\d+)$/;

/** options.csv columns that are not config keys. */
const TABLE_COLUMNS = ['experiment_id', 'steps', 'eval'];

async function readCsv(dir: string, name: string): Promise<Record<string, string>[]> {
  const path = join(dir, name);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${path} (${error.code ?? error.message}); is ${dir} the --out of a sweep?`);
  });
  return csvRecords(text);
}

/** The final evaluation metrics of every run, by experiment id. */
function evaluationsById(rows: Record<string, string>[]): Map<string, Map<string, number>> {
  const byId = new Map<string, Map<string, number>>();
  for (const row of rows) {
    if (!row.metric.startsWith('eval_') && row.metric !== 'wallSeconds') continue;
    const metrics = byId.get(row.experiment_id) ?? new Map<string, number>();
    metrics.set(row.metric, Number(row.value));
    byId.set(row.experiment_id, metrics);
  }
  return byId;
}

function difficultiesOf(metrics: Map<string, number>): DifficultyResult[] {
  const byDifficulty = new Map<number, DifficultyResult>();
  for (const [metric, value] of metrics) {
    const match = DIFFICULTY_METRIC.exec(metric);
    if (!match) continue;
    const difficulty = Number(match[2]);
    const entry = byDifficulty.get(difficulty) ?? { difficulty, count: 0, seqError: 0, ponder: 0 };
    entry[match[1] as 'count' | 'seqError' | 'ponder'] = value;
    byDifficulty.set(difficulty, entry);
  }
  return [...byDifficulty.values()].sort((a, b) => a.difficulty - b.difficulty);
}

export async function loadSweep(dir: string): Promise<RunResult[]> {
  const [options, metrics] = await Promise.all([readCsv(dir, 'options.csv'), readCsv(dir, 'metrics.csv')]);
  const evaluations = evaluationsById(metrics);
  return options.map((row) => {
    const evaluation = evaluations.get(row.experiment_id);
    const seqError = evaluation?.get('eval_seqError');
    const ponder = evaluation?.get('eval_ponder');
    if (!evaluation || seqError === undefined || ponder === undefined) {
      throw new Error(`run ${row.experiment_id} has no evaluation metrics (eval_seqError, eval_ponder) in ${join(dir, 'metrics.csv')}`);
    }
    const halting = row.halting || (row.act === '0' ? 'none' : 'act');
    const knobColumn = HALTING_IDS.includes(halting) ? getHaltingMethod(halting).knob : undefined;
    const config = parseConfig(Object.entries(row).filter(([key, value]) => !TABLE_COLUMNS.includes(key) && value !== '').map(([key, value]) => `${key}=${value}`).join('&')).config;
    const trained = trainedDifficultyOfRun(getTask(config.task), config);
    return {
      id: row.experiment_id,
      task: row.task,
      halting,
      knob: knobColumn ? Number(row[knobColumn]) : 0,
      act: halting === 'act',
      tau: halting === 'act' ? Number(row.tau) : 0,
      interpolationError: evaluation.get('eval_seqError_interpolation'),
      extrapolationError: evaluation.get('eval_seqError_extrapolation'),
      ...(trained ? { trainedMax: trained[1] } : {}),
      wallSeconds: evaluation.get('wallSeconds'),
      seed: Number(row.seed),
      seqError,
      ponder,
      bitsPerTarget: evaluation.get('eval_bitsPerTarget'),
      byDifficulty: difficultiesOf(evaluation),
    };
  });
}
