import { useEffect, useRef } from 'react';
import { getTask } from '../../tasks/registry';
import { EVALUATION_EVERY_STEPS, EVALUATION_SEQUENCES } from '../../worker/protocol';
import { ChartPanel } from '../charts/ChartPanel';
import { useWidth } from '../charts/useWidth';
import { useLiveData } from '../data/liveData';
import { useAppStore } from '../store';
import { HeldOutByClass } from '../wiki/HeldOutByClass';
import { DIFFICULTY_CHART_HEIGHT, drawDifficulty } from './drawDifficulty';

/** The task's difficulty panel: by character class for a task that reads text, else by difficulty. */
export function DifficultyPanel() {
  const readsText = useAppStore((state) => getTask(state.config.task).needsData === true);
  return readsText ? <HeldOutByClass /> : <ErrorByDifficulty />;
}

/** Held-out error and ponder per difficulty, re-evaluated every few hundred steps and on each pause. */
function ErrorByDifficulty() {
  const svgRef = useRef<SVGSVGElement>(null);
  const [boxRef, width] = useWidth<HTMLDivElement>();
  const evaluations = useLiveData((state) => state.evaluations);
  const evaluatingStep = useLiveData((state) => state.evaluatingStep);
  const task = useAppStore((state) => state.config.task);
  const difficultyLabel = getTask(task).difficultyLabel;
  useEffect(() => {
    if (svgRef.current && evaluations.length > 0) drawDifficulty(svgRef.current, evaluations, difficultyLabel, width);
  }, [evaluations, difficultyLabel, width]);
  const latest = evaluations[evaluations.length - 1];
  return (
    <ChartPanel
      title="Error and ponder by difficulty"
      svgRef={svgRef}
      exportName="difficulty"
      waiting={latest ? null : 'No evaluation yet: the model is evaluated before training starts, then every few hundred steps and on each pause.'}
      caption={
        <>
          {EVALUATION_SEQUENCES} fresh held-out sequences (the same ones each time), evaluated every {EVALUATION_EVERY_STEPS} steps and on each
          pause.
          {latest && ` Latest, at step ${latest.step}: error ${(latest.evaluation.seqError * 100).toFixed(1)}%, ponder ${latest.evaluation.ponder.toFixed(2)}.`}
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
