import { useEffect, useRef } from 'react';
import { ponderAlongSequenceChart } from '../../charts/ponderAlongSequence';
import { renderChart } from '../../charts/svg';
import { getHaltingMethod } from '../../core/halting/registry';
import type { EndOfInput } from '../../core/ponderAlongSequence';
import { getTask } from '../../tasks/registry';
import { readsText } from '../../tasks/task';
import { EVALUATION_EVERY_STEPS } from '../../worker/protocol';
import { ChartPanel } from '../charts/ChartPanel';
import { showSvgText } from '../charts/svgText';
import { useWidth } from '../charts/useWidth';
import { useLiveData } from '../data/liveData';
import { useAppStore } from '../store';

const endOfInputText = ({ last, earlier, ratio }: EndOfInput) =>
  ` The net ponders ${last.toFixed(2)} updates on the last input step (the last before the first scored one) and ${earlier.toFixed(2)} on the input steps before it: ${ratio.toFixed(2)}×.`;

/**
 * Held-out ponder at every step of the sequence, one line per difficulty (the latest evaluation's): where along
 * the input and the answer the net spends its updates. For tasks of more than one step that do not read text
 * (text has the reading panel).
 */
export function PonderAlongSequencePanel() {
  const config = useAppStore((state) => state.config);
  const task = getTask(config.task);
  const shown = !readsText(task) && task.dims(config).maxSteps > 1;
  return shown ? <PonderAlongSequence difficultyLabel={task.difficultyLabel} ponders={getHaltingMethod(config.halting).flag} /> : null;
}

function PonderAlongSequence({ difficultyLabel, ponders }: { difficultyLabel: string; ponders: boolean }) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [boxRef, width] = useWidth<HTMLDivElement>();
  const evaluations = useLiveData((state) => state.evaluations);
  const latest = evaluations[evaluations.length - 1];
  const along = latest?.evaluation.alongSequence;
  useEffect(() => {
    if (svgRef.current && along && along.rows.length > 0) showSvgText(svgRef.current, renderChart(ponderAlongSequenceChart(along, difficultyLabel)), width);
  }, [along, difficultyLabel, width]);
  const waiting = !ponders
    ? 'This run does not ponder: one update at every step, nothing to show along the sequence.'
    : !latest
    ? 'No evaluation yet: the model is evaluated before training starts, then every few hundred steps and on each pause.'
    : !along || along.rows.length === 0
      ? 'This evaluation has no ponder per step (a run saved before it was recorded): it appears with the next evaluation.'
      : null;
  return (
    <ChartPanel
      title="Ponder along the sequence"
      svgRef={svgRef}
      exportName="ponder-along-sequence"
      waiting={waiting}
      caption={
        <>
          Mean updates at each step of the held-out sequences, one line per difficulty (
          {latest?.evaluation.perDifficulty && `each line: ${latest.evaluation.perDifficulty} sequences drawn at that difficulty; `}evaluated every {EVALUATION_EVERY_STEPS} steps and on each pause
          {latest && `; latest at step ${latest.step.toLocaleString('en-US')}`}).
          {along?.endOfInput && endOfInputText(along.endOfInput)}
        </>
      }
    >
      <div ref={boxRef}>
        <svg ref={svgRef} role="img" aria-label={`Held-out ponder at each step of the sequence, one line per ${difficultyLabel}`} />
      </div>
    </ChartPanel>
  );
}
