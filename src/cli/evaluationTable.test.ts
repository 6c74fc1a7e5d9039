import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../core/evaluate';
import { formatEvaluation } from './evaluationTable';

const evaluation: Evaluation = {
  count: 20, seqError: 0.05, ponder: 4.2, taskLoss: 0.3, bitsPerTarget: 0.1,
  byDifficulty: [{ difficulty: 1, count: 7, seqError: 0, ponder: 3.1 }, { difficulty: 2, count: 7, seqError: 0.1, ponder: 3.6 }],
  perDifficulty: 7,
  byStepDifficulty: [{ difficulty: 1, steps: 31, ponder: 3.05 }, { difficulty: 2, steps: 29, ponder: 4.5 }],
};

describe('an evaluation as text', () => {
  it('says where the rows by difficulty come from, and adds the ponder by each step\'s own difficulty', () => {
    const text = formatEvaluation(evaluation, { difficultyLabel: 'gates per vector (max in sequence)', stepDifficultyLabel: 'gates in the vector' });
    expect(text).toMatch(/^sequences 20, sequence error 0\.05, ponder 4\.2/);
    expect(text).toContain('by difficulty: 7 sequences drawn at each difficulty');
    expect(text).toMatch(/ponder at each input step by its own difficulty:\ngates in the vector\s+steps\s+ponder\n\s+1\s+31\s+3\.05\n\s+2\s+29\s+4\.5$/);
  });

  it('leaves both out where the evaluation or the task has none', () => {
    const plain = { ...evaluation, perDifficulty: undefined, byStepDifficulty: undefined };
    const text = formatEvaluation(plain, { difficultyLabel: 'non-zero bits' });
    expect(text).not.toContain('drawn at each difficulty');
    expect(text).not.toContain('own difficulty');
    expect(formatEvaluation(evaluation, { difficultyLabel: 'gates' })).not.toContain('own difficulty');
  });
});
