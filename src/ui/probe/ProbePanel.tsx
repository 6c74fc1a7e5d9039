import { useId, useState } from 'react';
import type { Config } from '../../config/schema';
import type { LogicInput } from '../../tasks/logic';
import { isRefusal, type TaskProbe } from '../../tasks/probe';
import { getTask } from '../../tasks/registry';
import { select } from '../data/liveData';
import { useAppStore } from '../store';
import { GatesEditor } from './GatesEditor';
import { GridEditor } from './GridEditor';
import { ListEditor } from './ListEditor';
import { ProbeAnswer } from './ProbeAnswer';
import { useProbe } from './probeStore';
import './probe.css';

/** What the panel asks of the training session. */
export interface ProbeActions {
  ask(value: unknown): boolean;
  randomInput(difficulty?: number): unknown;
}

/** The editor of the task's editor kind, on the task's current input. */
function Editor({ probe, config, value, onChange }: { probe: TaskProbe<Config, unknown>; config: Config; value: unknown; onChange: (value: unknown) => void }) {
  const editor = probe.editor(config);
  const normalize = (text: string) => {
    const parsed = probe.parse(config, text);
    return isRefusal(parsed) ? null : probe.format(parsed);
  };
  switch (editor.kind) {
    case 'grid':
      return <GridEditor editor={editor} value={value as number[][]} onChange={onChange} accepts={(grid) => !isRefusal(probe.check(config, grid))} />;
    case 'gates':
      return <GatesEditor editor={editor} value={value as LogicInput} onChange={onChange} />;
    case 'list': {
      const text = probe.format(value) ?? '';
      const onText = (typed: string) => {
        const parsed = probe.parse(config, typed);
        if (isRefusal(parsed)) useProbe.setState({ refusal: parsed.error });
        else onChange(parsed);
      };
      return <ListEditor editor={editor} text={text} onText={onText} normalize={normalize} />;
    }
    case 'text':
      return null;
  }
}

/** Make an input by hand and see how long the network ponders on it and whether it answers right, with the current weights. */
export function ProbePanel({ actions }: { actions: ProbeActions }) {
  const titleId = useId();
  const config = useAppStore((state) => state.config);
  const task = getTask(config.task);
  const probe = task.probe;
  const value = useProbe((state) => state.inputs[config.task]);
  const refusal = useProbe((state) => state.refusal);
  const [lo, hi] = task.difficultyRange(config);
  const [difficulty, setDifficulty] = useState(lo);
  if (!probe || probe.editor(config).kind === 'text') return null;
  const ask = (next: unknown) => {
    if (actions.ask(next)) select({ example: 0 });
  };
  const chosen = Math.max(lo, Math.min(hi, difficulty));
  return (
    <section className="panel panel-wide probe-panel" aria-labelledby={titleId}>
      <header className="panel-header">
        <h2 id={titleId}>Ask the network</h2>
      </header>
      <p className="panel-caption">
        Make an input by hand: the network answers it at once with a copy of its current weights, on a worker of its own (training goes on), and
        again after every refresh while it trains. It shows first in the ponder, halting and step-through panels.
      </p>
      {value === undefined ? <p className="panel-waiting">Making a first input…</p> : <Editor probe={probe} config={config} value={value} onChange={ask} />}
      {probe.random && (
        <div className="row-actions probe-random">
          <button type="button" onClick={() => ask(actions.randomInput())}>
            Random input
          </button>
          <label>
            {task.difficultyLabel}{' '}
            <select value={chosen} onChange={(event) => setDifficulty(Number(event.target.value))}>
              {Array.from({ length: hi - lo + 1 }, (_, i) => lo + i).map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => ask(actions.randomInput(chosen))}>
            Random with {chosen}
          </button>
        </div>
      )}
      {refusal && (
        <p className="notice notice-error probe-refusal" role="alert">
          Not used: {refusal} The input before it is kept.
        </p>
      )}
      <ProbeAnswer />
    </section>
  );
}
