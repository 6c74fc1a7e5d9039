import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { ChartPanel } from '../charts/ChartPanel';
import { useWidth } from '../charts/useWidth';
import { describeInput } from '../data/inputText';
import { select } from '../data/liveData';
import { shownFrame, viewFigures, viewScales } from '../data/stateFrames';
import { useAppStore } from '../store';
import { drawStateViews, stateViewsLayout } from './drawStateViews';
import { CUT_FROM_SLOTS, cutToSlots, slotCount, touchedSlots } from './touchedSlots';
import { useSelectedUnit } from './useSelectedUnit';

/** The slots' 1-based numbers, the first dozen of them. */
function slotList(slots: readonly number[]): string {
  const named = slots.slice(0, 12).map((slot) => slot + 1).join(', ');
  return `slot${slots.length === 1 ? '' : 's'} ${named}${slots.length > 12 ? ', …' : ''}`;
}

/**
 * The cell's named state views (whatever the cell declares: h and c of an LSTM, a DNC's memory and links …) of
 * the selected example, at one input step — scrubbed through time — and, with ACT, after any of its ponder
 * updates. Shares the selection with the halting and step-through panels.
 */
export function StatePanel() {
  const id = useId();
  const svgRef = useRef<SVGSVGElement>(null);
  const [boxRef, width] = useWidth<HTMLDivElement>();
  const task = useAppStore((state) => state.config.task);
  const { trace, selection, sequence, unit } = useSelectedUnit();
  const frames = sequence?.states?.[selection.unit];
  const scales = useMemo(() => (frames ? viewScales(frames) : []), [frames]);
  const pondered = unit?.steps ?? 0;
  const askedUpdate = selection.atUpdate && pondered > 0 ? selection.ponderStep : null;
  const shown = useMemo(() => (frames ? shownFrame(frames, selection.step, askedUpdate) : null), [frames, selection.step, askedUpdate]);
  const wholeFigures = useMemo(() => (frames && shown ? viewFigures(frames, scales, shown.frame) : []), [frames, scales, shown]);
  // A big memory is drawn as the few slots the shown step touches, unless the user asks for all of them.
  const [allSlots, setAllSlots] = useState<boolean | null>(null);
  const slots = slotCount(frames?.views ?? []);
  const onlyTouched = slots > 0 && !(allSlots ?? slots < CUT_FROM_SLOTS);
  const touched = useMemo(() => (onlyTouched ? touchedSlots(wholeFigures) : []), [onlyTouched, wholeFigures]);
  const figures = useMemo(() => (onlyTouched ? cutToSlots(wholeFigures, touched) : wholeFigures), [onlyTouched, wholeFigures, touched]);
  useEffect(() => {
    if (svgRef.current && figures.length > 0) drawStateViews(svgRef.current, figures, width);
  }, [figures, width]);
  const waiting = !trace
    ? 'Waiting for the first trace…'
    : !frames || frames.views.length === 0
      ? 'This cell names no state views.'
      : !shown
        ? 'No state was kept: one state of this cell is larger than the size cap.'
        : null;
  const when = !shown ? '' : shown.update !== null ? `after ponder update ${shown.update} of ${pondered}` : pondered > 0 ? 'the mean field it ends with' : 'after its update';
  return (
    <ChartPanel
      title="State"
      svgRef={svgRef}
      exportName="state"
      waiting={waiting}
      caption={
        shown && (
          <>
            Example {selection.example + 1}, input step {shown.step + 1}: {when}. Each part of the cell&apos;s state as a heatmap (colours fixed over
            the sequence).{' '}
            {onlyTouched && (touched.length > 0 ? `Only the ${touched.length} of ${slots} slots that a weight puts ≥ 1% on at this step: ${slotList(touched)}. ` : 'No slot carries weight at this step: all are drawn. ')}
            {shown.note}
          </>
        )
      }
    >
      {frames && shown && sequence && (
        <div className="state-controls">
          {frames.steps.length > 1 && (
            <span className="state-scrubber">
              <label htmlFor={`${id}-time`}>Input step</label>
              <input
                id={`${id}-time`}
                type="range"
                min={0}
                max={frames.steps.length - 1}
                step={1}
                value={shown.kept}
                aria-valuetext={`input step ${shown.step + 1} of ${sequence.length}`}
                onChange={(event) => select({ step: frames.steps[Number(event.target.value)] })}
              />
              <output htmlFor={`${id}-time`}>
                {shown.step + 1} of {sequence.length}: {describeInput(task, sequence.inputs[shown.step], shown.step)}
              </output>
            </span>
          )}
          {slots > 0 && (
            <span className="inline-control">
              <input id={`${id}-slots`} type="checkbox" checked={onlyTouched} onChange={(event) => setAllSlots(!event.target.checked)} />
              <label htmlFor={`${id}-slots`}>Only the touched slots</label>
            </span>
          )}
          {pondered > 1 && (
            <span className="inline-control">
              <label htmlFor={`${id}-update`}>Ponder update</label>
              <select
                id={`${id}-update`}
                value={shown.update ?? 'end'}
                onChange={(event) => (event.target.value === 'end' ? select({ atUpdate: false }) : select({ ponderStep: Number(event.target.value) }))}
              >
                <option value="end">end of the step (mean field)</option>
                {Array.from({ length: pondered }, (_, n) => (
                  <option key={n} value={n + 1}>
                    after update {n + 1} of {pondered}
                  </option>
                ))}
              </select>
            </span>
          )}
        </div>
      )}
      <div ref={boxRef}>
        <svg
          ref={svgRef}
          role="img"
          aria-label={`State views as heatmaps: ${figures.map(({ view }) => view.label).join(', ')}`}
          height={stateViewsLayout(figures.map(({ view }) => view), width).height}
        />
      </div>
    </ChartPanel>
  );
}
