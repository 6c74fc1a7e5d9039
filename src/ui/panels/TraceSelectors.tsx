import { useId } from 'react';
import { describeInput } from '../data/inputText';
import { exampleName, select } from '../data/liveData';
import { useAppStore } from '../store';
import { useSelectedUnit } from './useSelectedUnit';

/** Which example, input step and (when each layer ponders) layer to inspect: keyboard-usable selects. */
export function TraceSelectors() {
  const id = useId();
  const task = useAppStore((state) => state.config.task);
  const { trace, selection, sequence } = useSelectedUnit();
  if (!trace || !sequence) return null;
  const units = sequence.ponder[selection.step]?.length ?? 0;
  return (
    <span className="trace-selectors">
      <label htmlFor={`${id}-example`}>Example</label>
      <select id={`${id}-example`} value={selection.example} onChange={(event) => select({ example: Number(event.target.value) })}>
        {trace.examples.map((example, index) => (
          <option key={index} value={index}>
            {exampleName(trace, index)} (difficulty {example.difficulty})
          </option>
        ))}
      </select>
      {sequence.length > 1 && (
        <>
          <label htmlFor={`${id}-step`}>Input step</label>
          <select id={`${id}-step`} value={selection.step} onChange={(event) => select({ step: Number(event.target.value) })}>
            {sequence.inputs.map((input, t) => (
              <option key={t} value={t}>
                {t + 1}: {describeInput(task, input, t)}
              </option>
            ))}
          </select>
        </>
      )}
      {units > 1 && (
        <>
          <label htmlFor={`${id}-unit`}>Layer</label>
          <select id={`${id}-unit`} value={selection.unit} onChange={(event) => select({ unit: Number(event.target.value) })}>
            {Array.from({ length: units }, (_, u) => (
              <option key={u} value={u}>
                {u + 1}
              </option>
            ))}
          </select>
        </>
      )}
    </span>
  );
}
