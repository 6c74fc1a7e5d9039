import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { getTask } from '../../tasks/registry';
import { ChartPanel } from '../charts/ChartPanel';
import { formatPercent, formatValue } from '../charts/scales';
import { useWidth } from '../charts/useWidth';
import { useLiveData } from '../data/liveData';
import { clearRuns, removeRun, useRunHistory, type RunRecord } from '../data/runHistory';
import { useAppStore } from '../store';
import { drawRuns, runPoint, RUNS_CHART_HEIGHT, tauColour, type RunPoint, type RunsAxis } from './drawRuns';

/** Recorded runs of the current task, error against ponder or τ: try several τ to rebuild the paper's picture. */
export function RunsPanel() {
  const svgRef = useRef<SVGSVGElement>(null);
  const axisId = useId();
  const [boxRef, width] = useWidth<HTMLDivElement>();
  const [axis, setAxis] = useState<RunsAxis>('tau');
  const task = useAppStore((state) => state.config.task);
  const config = useAppStore((state) => state.config);
  const allRuns = useRunHistory((state) => state.runs);
  const evaluations = useLiveData((state) => state.evaluations);
  const evaluatingStep = useLiveData((state) => state.evaluatingStep);
  const runs = useMemo(() => allRuns.filter((run) => run.task === task), [allRuns, task]);
  const points = useMemo<RunPoint[]>(() => {
    const latest = evaluations[evaluations.length - 1];
    const current = latest && latest.step > 0 ? [{ tau: config.tau, act: config.halting === 'act', ponder: latest.evaluation.ponder, seqError: latest.evaluation.seqError, step: latest.step, current: true }] : [];
    return [...runs.map((run) => runPoint(run)), ...current];
  }, [runs, evaluations, config.tau, config.halting]);
  useEffect(() => {
    if (svgRef.current && points.length > 0) drawRuns(svgRef.current, points, axis, width);
  }, [points, axis, width]);
  const hidden = allRuns.length - runs.length;
  return (
    <ChartPanel
      title="Runs compared"
      svgRef={svgRef}
      exportName="runs"
      waiting={points.length === 0 ? `No runs of ${getTask(task).label} yet: train, then Pause (or Reset) to record one. Try several τ.` : null}
      actions={
        <span className="inline-control">
          <label htmlFor={axisId}>Across</label>
          <select id={axisId} value={axis} onChange={(event) => setAxis(event.target.value as RunsAxis)}>
            <option value="tau">τ (log)</option>
            <option value="ponder">ponder</option>
          </select>
        </span>
      }
      caption={
        <>
          Held-out error of each run of {getTask(task).label} when it was paused or reset; colour: τ (dark small, light large); no ACT: dark squares (on the τ axis a dashed baseline);
          ring: the current run.{hidden > 0 && ` ${hidden} run(s) of other tasks are kept but not shown.`}
          {evaluatingStep !== null && <strong className="busy"> Evaluating the current run at step {evaluatingStep}…</strong>}
        </>
      }
    >
      <div ref={boxRef}>
        <svg ref={svgRef} role="img" aria-label="Held-out error of the recorded runs; the values are in the table below" height={RUNS_CHART_HEIGHT} />
      </div>
      {runs.length > 0 && <RunsTable runs={runs} />}
    </ChartPanel>
  );
}

function RunsTable({ runs }: { runs: RunRecord[] }) {
  return (
    <>
      <table className="data-table">
        <caption className="visually-hidden">Recorded runs</caption>
        <thead>
          <tr>
            <th scope="col">τ</th>
            <th scope="col">error</th>
            <th scope="col">ponder</th>
            <th scope="col">steps</th>
            <th scope="col">model</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {[...runs].sort((a, b) => a.tau - b.tau).map((run) => (
            <tr key={run.id}>
              <th scope="row">
                <span className="swatch" style={{ background: tauColour(run.tau) }} aria-hidden="true" />
                {run.act ? formatValue(run.tau) : 'no ACT'}
              </th>
              <td>{formatPercent(run.seqError)}</td>
              <td>{formatValue(run.ponder)}</td>
              <td>{run.step}</td>
              <td>
                {run.cell} {run.hidden}
              </td>
              <td className="row-actions">
                <a href={`#${run.hash}`} title="Load this run's settings (a new model; the link asks before resetting)">
                  settings
                </a>
                <button type="button" className="small" onClick={() => removeRun(run.id)} aria-label={`Remove the run with τ ${formatValue(run.tau)}`}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="small" onClick={clearRuns}>
        Clear all runs
      </button>
    </>
  );
}
