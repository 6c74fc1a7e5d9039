import { useEffect, useMemo, useRef } from 'react';
import { ChartPanel } from '../charts/ChartPanel';
import { formatValue } from '../charts/scales';
import { useWidth } from '../charts/useWidth';
import { haltingSteps, type HaltingStep } from '../data/haltingSteps';
import { drawHalting, HALTING_CHART_HEIGHT } from './drawHalting';
import { TraceSelectors } from './TraceSelectors';
import { useSelectedUnit } from './useSelectedUnit';
import { exampleName } from '../data/liveData';

/** The halting units and probabilities of the selected example and input step, as a chart and as a table. */
export function HaltingPanel() {
  const svgRef = useRef<SVGSVGElement>(null);
  const [boxRef, width] = useWidth<HTMLDivElement>();
  const { trace, selection, unit } = useSelectedUnit();
  const steps = useMemo(() => (unit && trace ? haltingSteps(unit, trace.eps, trace.maxSteps) : null), [unit, trace]);
  const waiting = !trace ? 'Waiting for the first trace…' : !steps ? 'ACT is off: there is no halting to show.' : null;
  useEffect(() => {
    if (svgRef.current && steps && trace) drawHalting(svgRef.current, { steps, eps: trace.eps, current: selection.ponderStep }, width);
  }, [steps, trace, selection.ponderStep, width]);
  return (
    <ChartPanel
      title="Halting probabilities"
      svgRef={svgRef}
      exportName="halting"
      waiting={waiting}
      actions={<TraceSelectors />}
      caption={
        trace &&
        unit && (
          <>
            {exampleName(trace, selection.example)}, input step {selection.step + 1}: N = {unit.steps}, R = {formatValue(unit.remainder, 3)}, ρ = N + R ={' '}
            {formatValue(unit.steps + unit.remainder, 3)} (ε = {trace.eps}, M = {trace.maxSteps}).
          </>
        )
      }
    >
      <div ref={boxRef}>
        <svg ref={svgRef} role="img" aria-label="Halting units, probabilities and their running sum per ponder step; the values are in the table below" height={HALTING_CHART_HEIGHT} />
      </div>
      {steps && <HaltingTable steps={steps} />}
    </ChartPanel>
  );
}

function decisionText(step: HaltingStep): string {
  if (step.halt === 'threshold') return 'halt: Σh ≥ 1 − ε, p = R';
  if (step.halt === 'limit') return 'halt: reached M, p = R';
  return 'continue';
}

function HaltingTable({ steps }: { steps: HaltingStep[] }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Halting per ponder step, as a table">
      <table className="data-table">
        <caption className="visually-hidden">Halting per ponder step</caption>
        <thead>
          <tr>
            <th scope="col">n</th>
            <th scope="col">
              h<sup>n</sup>
            </th>
            <th scope="col">Σh to n</th>
            <th scope="col">
              p<sup>n</sup>
            </th>
            <th scope="col">decision</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((step) => (
            <tr key={step.n}>
              <th scope="row">{step.n}</th>
              <td>{formatValue(step.halting, 4)}</td>
              <td>{formatValue(step.sumAfter, 4)}</td>
              <td>{formatValue(step.probability, 4)}</td>
              <td>{decisionText(step)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
