import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { methodByDifficulty, methodColour, methodErrorVsPonder, settingLabel, type MethodRun } from '../../charts/methods';
import { renderChart } from '../../charts/svg';
import { errorMeasureFor, errorOf, type ErrorMeasure } from '../../charts/errorMeasure';
import { getTask } from '../../tasks/registry';
import { readsText } from '../../tasks/task';
import { ChartPanel } from '../charts/ChartPanel';
import { formatValue } from '../charts/scales';
import { useWidth } from '../charts/useWidth';
import { useLiveData } from '../data/liveData';
import { clearRuns, knobOf, removeRun, trainedMaxOf, useRunHistory, type RunRecord } from '../data/runHistory';
import { useAppStore } from '../store';
import { showSvgText } from '../charts/svgText';
import { drawRuns, runPoint, RUNS_CHART_HEIGHT, type RunPoint, type RunsAxis } from './drawRuns';

type RunsView = RunsAxis | 'methods';

/**
 * Recorded runs of the current task: halting methods side by side (error against ponder, coloured by method,
 * and error and ponder by difficulty per method), or ACT's error against τ or ponder as in the paper's figures.
 * Error is sequence error, or bits per character for a task that reads text.
 */
export function RunsPanel() {
  const svgRef = useRef<SVGSVGElement>(null);
  const errorByDifficultyRef = useRef<SVGSVGElement>(null);
  const ponderByDifficultyRef = useRef<SVGSVGElement>(null);
  const axisId = useId();
  const [boxRef, width] = useWidth<HTMLDivElement>();
  const [axis, setAxis] = useState<RunsView>('methods');
  const task = useAppStore((state) => state.config.task);
  const config = useAppStore((state) => state.config);
  const allRuns = useRunHistory((state) => state.runs);
  const evaluations = useLiveData((state) => state.evaluations);
  const evaluatingStep = useLiveData((state) => state.evaluatingStep);
  const measure = errorMeasureFor(readsText(getTask(task)));
  const runs = useMemo(() => allRuns.filter((run) => run.task === task), [allRuns, task]);
  const points = useMemo<RunPoint[]>(() => {
    const latest = evaluations[evaluations.length - 1];
    const current = latest && latest.step > 0 ? [{ tau: config.tau, act: config.halting === 'act', ponder: latest.evaluation.ponder, error: errorOf(latest.evaluation, measure), step: latest.step, current: true }] : [];
    return [...runs.map((run) => runPoint(run, measure)), ...current];
  }, [runs, evaluations, config.tau, config.halting, measure]);
  const methodRuns = useMemo<MethodRun[]>(() => {
    const latest = evaluations[evaluations.length - 1];
    const current = latest && latest.step > 0 ? [{ halting: config.halting, knob: knobOf(config), ...latest.evaluation }] : [];
    return [...runs, ...current];
  }, [runs, evaluations, config]);
  // The difficulties the current settings never train on (the runs shown are usually variations of them).
  const { trainedMax } = trainedMaxOf(config);
  const measured = points.filter((point) => Number.isFinite(point.error));
  useEffect(() => {
    if (!svgRef.current || measured.length === 0) return;
    if (axis !== 'methods') {
      drawRuns(svgRef.current, points, axis, measure, width);
      return;
    }
    showSvgText(svgRef.current, renderChart(methodErrorVsPonder(methodRuns, measure)), width);
    const highest = Math.max(0, ...methodRuns.flatMap((run) => (run.byDifficulty ?? []).map((d) => d.difficulty)));
    const extrapolation: [number, number] | undefined =
      trainedMax !== undefined && trainedMax < highest ? [trainedMax + 1, highest] : undefined;
    const withDifficulty = methodRuns.filter((run) => run.byDifficulty && run.byDifficulty.length > 0);
    const label = getTask(task).difficultyLabel;
    const byDifficulty = measure.byDifficulty ? ([[errorByDifficultyRef, 'seqError'], [ponderByDifficultyRef, 'ponder']] as const) : ([[ponderByDifficultyRef, 'ponder']] as const);
    for (const [ref, plotted] of byDifficulty) {
      if (ref.current && withDifficulty.length > 0) showSvgText(ref.current, renderChart(methodByDifficulty(plotted, withDifficulty, label, extrapolation)), width);
    }
  }, [points, measured.length, methodRuns, axis, measure, width, task, trainedMax]);
  const showDifficulty = axis === 'methods' && methodRuns.some((run) => run.byDifficulty && run.byDifficulty.length > 0);
  const hidden = allRuns.length - runs.length;
  return (
    <ChartPanel
      title="Runs compared"
      svgRef={svgRef}
      exportName="runs"
      waiting={measured.length === 0 ? `No runs of ${getTask(task).label} ${points.length > 0 ? `with ${measure.title.toLowerCase()} ` : ''}yet: train, then Pause (or Reset) to record one. Try several halting methods or τ.` : null}
      actions={
        <span className="inline-control">
          <label htmlFor={axisId}>Across</label>
          <select id={axisId} value={axis} onChange={(event) => setAxis(event.target.value as RunsView)}>
            <option value="methods">halting methods</option>
            <option value="tau">τ (log)</option>
            <option value="ponder">ponder</option>
          </select>
        </span>
      }
      caption={
        <>
          Held-out {measure.title.toLowerCase()} of each run of {getTask(task).label} when it was paused or reset, the current run included.{' '}
          {axis === 'methods'
            ? `Colour: the halting method; labels: its knob (τ, λp, ρ); below, ${measure.byDifficulty ? 'error and ponder' : 'ponder'} by difficulty per setting (shaded: difficulties training never saw).`
            : 'Colour: τ (dark small, light large); no ACT: dark squares (on the τ axis a dashed baseline); ring: the current run.'}{hidden > 0 && ` ${hidden} run(s) of other tasks are kept but not shown.`}
          {evaluatingStep !== null && <strong className="busy"> Evaluating the current run at step {evaluatingStep}…</strong>}
        </>
      }
    >
      <div ref={boxRef}>
        <svg ref={svgRef} role="img" aria-label="Held-out error of the recorded runs; the values are in the table below" height={RUNS_CHART_HEIGHT} />
        <div hidden={!showDifficulty}>
          {/* On text a sequence error by difficulty says nothing (nearly every window has a wrong byte). */}
          <div hidden={!measure.byDifficulty}>
            <svg ref={errorByDifficultyRef} role="img" aria-label="Held-out sequence error by difficulty, one line per halting method and knob" />
          </div>
          <svg ref={ponderByDifficultyRef} role="img" aria-label="Held-out ponder by difficulty, one line per halting method and knob" />
        </div>
      </div>
      {runs.length > 0 && <RunsTable runs={runs} measure={measure} />}
    </ChartPanel>
  );
}

function RunsTable({ runs, measure }: { runs: RunRecord[]; measure: ErrorMeasure }) {
  return (
    <>
      <table className="data-table">
        <caption className="visually-hidden">Recorded runs</caption>
        <thead>
          <tr>
            <th scope="col">setting</th>
            <th scope="col">{measure.title.toLowerCase()}</th>
            <th scope="col">ponder</th>
            <th scope="col">steps</th>
            <th scope="col">model</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {[...runs].sort((a, b) => a.halting.localeCompare(b.halting) || a.knob - b.knob).map((run) => (
            <tr key={run.id}>
              <th scope="row">
                <span className="swatch" style={{ background: methodColour(run.halting) }} aria-hidden="true" />
                {settingLabel(run)}
              </th>
              <td>{measure.format(errorOf(run, measure))}</td>
              <td>{formatValue(run.ponder)}</td>
              <td>{run.step}</td>
              <td>
                {run.cell} {run.hidden}
              </td>
              <td className="row-actions">
                <a href={`#${run.hash}`} title="Load this run's settings (a new model; the link asks before resetting)">
                  settings
                </a>
                <button type="button" className="small" onClick={() => removeRun(run.id)} aria-label={`Remove the run ${settingLabel(run)}`}>
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
