import type { Evaluation } from '../core/evaluate';
import type { Task } from '../tasks/task';
import { formatNumber, formatTable } from './table';

/**
 * An evaluation as text: the overall numbers, then one row per difficulty value (from an even draw where it was
 * one), and for a task whose steps have difficulties of their own the ponder by those. With the training range of a
 * length task, a last column says how each length compares with it (in range, or × the longest trained).
 */
export function formatEvaluation(
  evaluation: Evaluation, { difficultyLabel, stepDifficultyLabel }: Pick<Task, 'difficultyLabel' | 'stepDifficultyLabel'>, trainedRange?: [number, number],
): string {
  const overall = [
    `sequences ${evaluation.count}`,
    `sequence error ${formatNumber(evaluation.seqError)}`,
    `ponder ${formatNumber(evaluation.ponder)}`,
    `task loss ${formatNumber(evaluation.taskLoss)}`,
    `bits per target ${formatNumber(evaluation.bitsPerTarget)}`,
  ].join(', ');
  const headers = [`difficulty (${difficultyLabel})`, 'count', 'seqError', 'ponder'];
  const rows: (string | number)[][] = evaluation.byDifficulty.map((d) => [d.difficulty, d.count, d.seqError, d.ponder]);
  if (trainedRange) {
    const [shortest, longest] = trainedRange;
    headers.push(`vs training ${shortest}..${longest}`);
    rows.forEach((row, i) => {
      const length = evaluation.byDifficulty[i].difficulty;
      row.push(length >= shortest && length <= longest ? 'trained' : `${formatNumber(length / longest)}×`);
    });
  }
  const source = evaluation.perDifficulty === undefined ? '' : `\nby difficulty: ${evaluation.perDifficulty} sequences drawn at each difficulty (the line above: the sequences as the generator draws them)\n`;
  const bySteps = evaluation.byStepDifficulty;
  const stepTable = bySteps && stepDifficultyLabel
    ? `\n\nponder at each input step by its own difficulty:\n${formatTable([stepDifficultyLabel, 'steps', 'ponder'], bySteps.map((d) => [d.difficulty, d.steps, d.ponder]))}`
    : '';
  return `${overall}\n${source}\n${formatTable(headers, rows)}${stepTable}`;
}
