import { useEffect, useRef } from 'react';
import { getTask } from '../../tasks/registry';
import { ChartPanel } from '../charts/ChartPanel';
import { useWidth } from '../charts/useWidth';
import { inputLegend } from '../data/inputText';
import { select, useLiveData } from '../data/liveData';
import { useAppStore } from '../store';
import { drawPonder, ponderChartHeight } from './drawPonder';

const onSelect = (example: number, step: number) => select({ example, step });

/** How many updates the network spends on each input step of a few fixed examples. */
export function PonderPanel() {
  const svgRef = useRef<SVGSVGElement>(null);
  const [boxRef, width] = useWidth<HTMLDivElement>();
  const trace = useLiveData((state) => state.trace);
  const example = useLiveData((state) => state.selection.example);
  const step = useLiveData((state) => state.selection.step);
  const unit = useLiveData((state) => state.selection.unit);
  const task = useAppStore((state) => state.config.task);
  const actOff = trace !== null && trace.examples.every((sequence) => sequence.ponder.every((units) => units.length === 0));
  const waiting = trace === null ? 'Waiting for the first trace…' : actOff ? 'ACT is off: every input step gets exactly one update.' : null;
  useEffect(() => {
    if (svgRef.current && trace && !actOff) drawPonder(svgRef.current, { trace, task, unit, selected: { example, step }, onSelect }, width);
  }, [trace, task, unit, example, step, width, actOff]);
  return (
    <ChartPanel
      title="Ponder per input step"
      svgRef={svgRef}
      exportName="ponder"
      waiting={waiting}
      caption={
        trace &&
        !actOff && (
          <>
            N(t) for {trace.probed > 0 && 'your input (Ask the network), then '}{trace.examples.length - trace.probed} fixed examples, easiest first (difficulty: {getTask(task).difficultyLabel}), at step {trace.step}.
            Input: {inputLegend(task)}. ✓/✗: output right or wrong. Click a bar to inspect its halting.
          </>
        )
      }
    >
      <div ref={boxRef}>
        <svg ref={svgRef} role="img" aria-label="Number of ponder steps per input step for the example sequences" height={trace ? ponderChartHeight(trace) : 0} />
      </div>
    </ChartPanel>
  );
}
