import type { Evaluation } from '../core/evaluate';
import { formatNumber, formatTable } from './table';

/** An evaluation as text: the overall numbers, then one row per difficulty value. */
export function formatEvaluation(evaluation: Evaluation, difficultyLabel: string): string {
  const overall = [
    `sequences ${evaluation.count}`,
    `sequence error ${formatNumber(evaluation.seqError)}`,
    `ponder ${formatNumber(evaluation.ponder)}`,
    `task loss ${formatNumber(evaluation.taskLoss)}`,
    `bits per target ${formatNumber(evaluation.bitsPerTarget)}`,
  ].join(', ');
  const rows = evaluation.byDifficulty.map((d) => [d.difficulty, d.count, d.seqError, d.ponder]);
  return `${overall}\n\n${formatTable([`difficulty (${difficultyLabel})`, 'count', 'seqError', 'ponder'], rows)}`;
}
