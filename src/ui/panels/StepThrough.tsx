import { useEffect, useMemo, useRef } from 'react';
import { ChartPanel } from '../charts/ChartPanel';
import { formatValue } from '../charts/scales';
import { useWidth } from '../charts/useWidth';
import { haltingSteps, meanField, type HaltingStep } from '../data/haltingSteps';
import { select, useLiveData } from '../data/liveData';
import { drawStateHeatmap, heatmapHeight, type HeatmapRow } from './drawStateHeatmap';
import { useSelectedUnit } from './useSelectedUnit';
import { exampleName } from '../data/liveData';

/** One example, one ponder update at a time: the halting unit, the running sum, the decision and the state. */
export function StepThrough() {
  const svgRef = useRef<SVGSVGElement>(null);
  const [boxRef, width] = useWidth<HTMLDivElement>();
  const hasTrace = useLiveData((state) => state.trace !== null);
  const { trace, selection, unit } = useSelectedUnit();
  const steps = useMemo(() => (unit && trace ? haltingSteps(unit, trace.eps, trace.maxSteps) : []), [unit, trace]);
  const n = Math.min(selection.ponderStep, steps.length);
  const step = steps[n - 1];
  const rows = useMemo<HeatmapRow[]>(() => {
    if (!unit) return [];
    const updates = unit.outputs.slice(0, n).map((values, index) => ({ label: `h after n=${index + 1}`, values }));
    return n === unit.steps ? [...updates, { label: 'mean field', values: meanField(unit) }] : updates;
  }, [unit, n]);
  useEffect(() => {
    if (svgRef.current && rows.length > 0) drawStateHeatmap(svgRef.current, rows, n - 1, width);
  }, [rows, n, width]);
  const waiting = !hasTrace ? 'Waiting for the first trace…' : !step ? 'ACT is off: there are no ponder steps to walk through.' : null;
  return (
    <ChartPanel
      title="Step through one input step"
      svgRef={svgRef}
      exportName="step-through"
      waiting={waiting}
      caption={
        step &&
        trace && (
          <>
            {exampleName(trace, selection.example)}, input step {selection.step + 1} (choose them in the halting panel). The cell runs again on the same
            input; the flag appended to the input is 1 on the first update only. The State panel shows the whole state at this update.
          </>
        )
      }
    >
      {step && trace && (
        <div className="step-through">
          <div className="step-buttons">
            <button type="button" disabled={n <= 1} onClick={() => select({ ponderStep: n - 1 })}>
              Previous ponder step
            </button>
            <span className="step-position">
              update {n} of {steps.length}
            </span>
            <button type="button" disabled={n >= steps.length} onClick={() => select({ ponderStep: n + 1 })}>
              Next ponder step
            </button>
          </div>
          <Decision step={step} threshold={1 - trace.eps} maxSteps={trace.maxSteps} />
        </div>
      )}
      <div ref={boxRef}>
        <svg ref={svgRef} role="img" aria-label="The state vector after each ponder update so far, as a heatmap" height={heatmapHeight(rows.length)} />
      </div>
    </ChartPanel>
  );
}

function Decision({ step, threshold, maxSteps }: { step: HaltingStep; threshold: number; maxSteps: number }) {
  const sum = step.n === 1 ? formatValue(step.halting, 4) : `${formatValue(step.sumBefore, 4)} + ${formatValue(step.halting, 4)} = ${formatValue(step.sumAfter, 4)}`;
  let decision: string;
  if (step.halt === 'threshold') {
    decision = `${formatValue(step.sumAfter, 4)} ≥ ${formatValue(threshold, 4)}: halt. N = ${step.n}, and this update gets the remainder R = 1 − ${formatValue(step.sumBefore, 4)} = ${formatValue(step.probability, 4)}.`;
  } else if (step.halt === 'limit') {
    decision = `Reached the limit M = ${maxSteps}: halt. This update gets the remainder R = ${formatValue(step.probability, 4)}.`;
  } else {
    decision = `${formatValue(step.sumAfter, 4)} < ${formatValue(threshold, 4)}: continue. This update gets p = h = ${formatValue(step.probability, 4)}.`;
  }
  return (
    <dl className="decision" aria-live="polite">
      <dt>halting unit</dt>
      <dd>
        h<sup>{step.n}</sup> = {formatValue(step.halting, 4)}
      </dd>
      <dt>running sum</dt>
      <dd>Σh = {sum}</dd>
      <dt>threshold</dt>
      <dd>1 − ε = {formatValue(threshold, 4)}</dd>
      <dt>decision</dt>
      <dd className={step.halt ? 'decision-halt' : 'decision-continue'}>{decision}</dd>
    </dl>
  );
}
