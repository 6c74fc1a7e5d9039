import { formatValue } from '../charts/scales';
import { describeInput, describeOutputs } from '../data/inputText';
import { useLiveData } from '../data/liveData';
import { predictedOutputs, stepResults, targetOutputs } from '../data/predictions';
import { useAppStore } from '../store';

/** The network's answer to the input made by hand: per input step the input, N and R, its output, the truth and ✓/✗. */
export function ProbeAnswer() {
  const answer = useLiveData((state) => state.probe);
  const task = useAppStore((state) => state.config.task);
  const sequence = answer?.examples[0];
  if (!answer || !sequence) return <p className="panel-waiting">Waiting for the network's answer…</p>;
  const results = stepResults(answer.head, sequence);
  const allRight = results.every((result) => result !== false);
  const ponder = sequence.ponder.map((units) => units.reduce((sum, unit) => sum + unit.steps, 0));
  return (
    <div className="probe-answer">
      <p className={allRight ? 'probe-verdict probe-right' : 'probe-verdict probe-wrong'} role="status">
        {allRight ? '✓ Right' : '✗ Wrong'} at step {answer.step}
        {ponder.some((n) => n > 0) && `: ${ponder.length === 1 ? `N = ${ponder[0]}` : `${ponder.join(' + ')} = ${ponder.reduce((a, b) => a + b, 0)} updates`}`}
        {` (difficulty ${sequence.difficulty}).`}
      </p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="The answer per input step, as a table">
        <table className="data-table probe-table">
          <thead>
            <tr>
              <th scope="col">step</th>
              <th scope="col">input</th>
              <th scope="col">N</th>
              <th scope="col">R</th>
              <th scope="col">output</th>
              <th scope="col">truth</th>
              <th scope="col">right?</th>
            </tr>
          </thead>
          <tbody>
            {sequence.inputs.map((input, t) => {
              const units = sequence.ponder[t] ?? [];
              const hasTarget = sequence.targetMask[t] > 0;
              return (
                <tr key={t}>
                  <th scope="row">{t + 1}</th>
                  <td className="probe-input-text">{describeInput(task, input, t)}</td>
                  <td>{units.length === 0 ? '1 (no ACT)' : units.map((unit) => unit.steps).join(' + ')}</td>
                  <td>{units.map((unit) => formatValue(unit.remainder, 3)).join(' + ')}</td>
                  <td>{hasTarget ? describeOutputs(task, predictedOutputs(answer.head, sequence.logits[t])) : '–'}</td>
                  <td>{hasTarget ? describeOutputs(task, targetOutputs(answer.head, sequence.targets[t])) : 'no target'}</td>
                  <td>{results[t] === null ? '' : results[t] ? '✓' : '✗'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
