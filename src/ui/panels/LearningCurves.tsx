import { useRef } from 'react';
import { ChartPanel } from '../charts/ChartPanel';
import { useLiveDraw } from '../charts/useLiveDraw';
import { useWidth } from '../charts/useWidth';
import { downloadBlob, fileStem } from '../data/download';
import { curves, setSmoothing, useLiveData } from '../data/liveData';
import { curvesCsv, runJson } from '../data/runExport';
import { useAppStore } from '../store';
import { getTask } from '../../tasks/registry';
import { readsText } from '../../tasks/task';
import { curveChartHeight, drawCurves } from './drawCurves';

/** Loss, sequence error (bits per character on text) and ponder against the step, redrawn as points arrive (at most 2.5 times a second, while on screen). */
export function LearningCurves() {
  const svgRef = useRef<SVGSVGElement>(null);
  const [boxRef, width] = useWidth<HTMLDivElement>();
  const version = useLiveData((state) => state.curveVersion);
  const smoothing = useLiveData((state) => state.smoothing);
  const evaluations = useLiveData((state) => state.evaluations);
  const textTask = useAppStore((state) => readsText(getTask(state.config.task)));
  const empty = curves.length === 0;
  useLiveDraw(svgRef, () => {
    if (svgRef.current) drawCurves(svgRef.current, { points: curves.points(), smoothing, evaluations, readsText: textTask }, width);
  }, [version, smoothing, evaluations, textTask, width]);
  const stride = curves.stride;
  return (
    <ChartPanel
      title="Learning curves"
      className="panel-wide"
      svgRef={svgRef}
      exportName="curves"
      waiting={empty ? 'No training steps yet: press Start (or One step).' : null}
      caption={
        <>
          Training batches (faint: each step{stride > 1 ? `, averaged over ${stride} steps per point` : ''}) and held-out
          evaluations on fresh sequences (dots).
        </>
      }
      actions={<CurveActions disabled={empty} smoothing={smoothing} />}
    >
      <div ref={boxRef}>
        <svg ref={svgRef} role="img" aria-label={`Learning curves: loss, ${textTask ? 'bits per character' : 'sequence error'} and ponder against the training step`} height={curveChartHeight()} />
      </div>
    </ChartPanel>
  );
}

function CurveActions({ disabled, smoothing }: { disabled: boolean; smoothing: number }) {
  const exportMetrics = (kind: 'csv' | 'json') => {
    const { config, backend } = useAppStore.getState();
    const points = curves.points();
    const text = kind === 'csv' ? curvesCsv(points) : runJson(config, backend, points, useLiveData.getState().evaluations);
    downloadBlob(new Blob([text], { type: kind === 'csv' ? 'text/csv' : 'application/json' }), `${fileStem(config.task, 'metrics')}.${kind}`);
  };
  return (
    <>
      <label className="inline-control">
        Smoothing
        <input
          type="range"
          min={0}
          max={0.99}
          step={0.01}
          value={smoothing}
          aria-valuetext={`EMA weight ${smoothing}`}
          onChange={(event) => setSmoothing(Number(event.target.value))}
        />
      </label>
      <span className="export-buttons" role="group" aria-label="Export the run's metrics">
        <button type="button" className="small" disabled={disabled} onClick={() => exportMetrics('csv')} aria-label="Export metrics as CSV">
          CSV
        </button>
        <button type="button" className="small" disabled={disabled} onClick={() => exportMetrics('json')} aria-label="Export metrics as JSON">
          JSON
        </button>
      </span>
    </>
  );
}
