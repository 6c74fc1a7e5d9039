import type { SequenceTrace, UnitPonder } from '../../core/trace';
import { useLiveData, type ShownTrace, type TraceSelection } from '../data/liveData';

export interface SelectedUnit {
  trace: ShownTrace | null;
  selection: TraceSelection;
  sequence: SequenceTrace | undefined;
  /** The pondering of the selected example, input step and unit; undefined without ACT or before a trace. */
  unit: UnitPonder | undefined;
}

/** The example, input step and pondering unit the halting and step-through panels show. */
export function useSelectedUnit(): SelectedUnit {
  const trace = useLiveData((state) => state.trace);
  const selection = useLiveData((state) => state.selection);
  const sequence = trace?.examples[selection.example];
  return { trace, selection, sequence, unit: sequence?.ponder[selection.step]?.[selection.unit] };
}
