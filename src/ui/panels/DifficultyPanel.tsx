import { useEffect, useRef } from 'react';
import type { Evaluation } from '../../core/evaluate';
import { getTask } from '../../tasks/registry';
import { readsText } from '../../tasks/task';
import { optionsAtStep } from '../../core/taskOptions';
import { EVALUATION_EVERY_STEPS, EVALUATION_SEQUENCES } from '../../worker/protocol';
import { ChartPanel } from '../charts/ChartPanel';
import { useWidth } from '../charts/useWidth';
import { useLiveData } from '../data/liveData';
import { useAppStore } from '../store';
import { HeldOutByClass } from '../wiki/HeldOutByClass';
import { DIFFICULTY_CHART_HEIGHT, drawDifficulty } from './drawDifficulty';

/** PonderNet's ponder is its expected steps; the updates it computed (its unroll) are more, and worth naming. */
const computedDiffers = ({ ponder, computedSteps }: Evaluation) => computedSteps !== undefined && Math.abs(computedSteps - ponder) > 1e-6;

/** The task's difficulty panel: by character class for a task that reads text, else by difficulty. */
export function DifficultyPanel() {
  const textTask = useAppStore((state) => readsText(getTask(state.config.task)));
  return textTask ? <HeldOutByClass /> : <ErrorByDifficulty />;
}

/** Held-out error and ponder per difficulty, re-evaluated every few hundred steps and on each pause. */
function ErrorByDifficulty() {
  const svgRef = useRef<SVGSVGElement>(null);
  const [boxRef, width] = useWidth<HTMLDivElement>();
  const evaluations = useLiveData((state) => state.evaluations);
  const evaluatingStep = useLiveData((state) => state.evaluatingStep);
  const config = useAppStore((state) => state.config);
  const task = getTask(config.task);
  const difficultyLabel = task.difficultyLabel;
  const latest = evaluations[evaluations.length - 1];
  const regions = latest?.evaluation.regions ?? [];
  // A length task is evaluated beyond its training lengths: those of the latest evaluation's step are shaded.
  // Parity with trainNonZero trains on part of its difficulties: the rest is the extrapolation region.
  const trainedRange = task.lengths && latest ? task.difficultyRange(optionsAtStep(task, config, latest.step)) : task.trainedDifficulty?.(config);
  const [shortest, longest] = trainedRange ?? [0, 0];
  const shaded = trainedRange !== undefined;
  useEffect(() => {
    if (svgRef.current && evaluations.length > 0) drawDifficulty(svgRef.current, evaluations, difficultyLabel, width, shaded ? [shortest, longest] : undefined, task.stepDifficultyLabel);
  }, [evaluations, difficultyLabel, width, shaded, shortest, longest, task.stepDifficultyLabel]);
  return (
    <ChartPanel
      title="Error and ponder by difficulty"
      svgRef={svgRef}
      exportName="difficulty"
      waiting={latest ? null : 'No evaluation yet: the model is evaluated before training starts, then every few hundred steps and on each pause.'}
      caption={
        <>
          {task.lengths
            ? `About ${EVALUATION_SEQUENCES} fresh held-out sequences spread over lengths up to ${task.lengths.generalisation}× the longest trained (shaded: the lengths trained on${trainedRange ? `, ${shortest}–${longest}` : ''}), evaluated every ${EVALUATION_EVERY_STEPS} steps and on each pause.`
            : latest?.evaluation.perDifficulty
              ? `Each point: ${latest.evaluation.perDifficulty} fresh held-out sequences drawn at that difficulty (drawn as in training, the low difficulties would be nearly empty); the overall numbers: ${EVALUATION_SEQUENCES} sequences as training draws them. The same ones each time, evaluated every ${EVALUATION_EVERY_STEPS} steps and on each pause.`
              : `${EVALUATION_SEQUENCES} fresh held-out sequences (the same ones each time), evaluated every ${EVALUATION_EVERY_STEPS} steps and on each pause.`}
          {latest?.evaluation.byStepDifficulty && task.stepDifficultyLabel && ` Dashed: the ponder at each input step by its own ${task.stepDifficultyLabel}, over every step of the ${EVALUATION_SEQUENCES} sequences.`}
          {latest && ` Latest, at step ${latest.step}: error ${(latest.evaluation.seqError * 100).toFixed(1)}%, ponder ${latest.evaluation.ponder.toFixed(2)}`}
          {latest && computedDiffers(latest.evaluation) && ` (expected steps Σ n·p_n; updates computed: ${latest.evaluation.computedSteps?.toFixed(2)})`}
          {latest && '.'}
          {regions.map((region) => (
            <span key={region.region} className={`region-${region.region}`}>
              {` ${region.region === 'interpolation' ? 'Trained range (shaded)' : 'Extrapolation (never trained on)'} ${region.from}–${region.to}: error ${(region.seqError * 100).toFixed(1)}%, ponder ${region.ponder.toFixed(2)}.`}
            </span>
          ))}
          {evaluatingStep !== null && <strong className="busy"> Evaluating the model at step {evaluatingStep}…</strong>}
        </>
      }
    >
      <div ref={boxRef}>
        <svg ref={svgRef} role="img" aria-label={`Held-out sequence error and ponder against ${difficultyLabel}`} height={DIFFICULTY_CHART_HEIGHT} />
      </div>
    </ChartPanel>
  );
}
