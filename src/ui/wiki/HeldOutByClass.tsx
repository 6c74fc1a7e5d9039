import { useId } from 'react';
import { EVALUATION_EVERY_STEPS, EVALUATION_SEQUENCES } from '../../worker/protocol';
import { CLASS_WINDOWS } from '../../worker/evaluationJob';
import { useLiveData } from '../data/liveData';
import { ClassTable } from './PonderByClass';
import './wiki.css';

/** Evaluations whose bits per character are listed (the latest ones). */
const SHOWN = 6;

/**
 * The difficulty panel of the character task, where a sequence error means nothing (some byte of 100 is always
 * wrong): held-out bits per character as training goes, and ponder and loss by character class.
 */
export function HeldOutByClass() {
  const titleId = useId();
  const evaluations = useLiveData((state) => state.evaluations);
  const evaluatingStep = useLiveData((state) => state.evaluatingStep);
  const latest = evaluations[evaluations.length - 1];
  const history = evaluations.slice(-SHOWN).map((snapshot) => `${snapshot.evaluation.bitsPerTarget.toFixed(2)} (step ${snapshot.step})`);
  const ponderMax = latest?.byClass ? Math.max(2, Math.ceil(Math.max(...latest.byClass.map((row) => row.ponder)))) : 2;
  return (
    <section className="panel" aria-labelledby={titleId}>
      <header className="panel-header">
        <h2 id={titleId}>Bits per character and ponder by character class</h2>
      </header>
      <p className="panel-caption">
        {EVALUATION_SEQUENCES} fresh held-out windows (the same ones each time), evaluated every {EVALUATION_EVERY_STEPS} steps and on each pause;
        the classes from the first {CLASS_WINDOWS} of them.
        {evaluatingStep !== null && <strong className="busy"> Evaluating the model at step {evaluatingStep}…</strong>}
      </p>
      {latest ? (
        <>
          <p className="panel-caption">
            Held out, at step {latest.step}: <strong>{latest.evaluation.bitsPerTarget.toFixed(2)} bits per character</strong>, mean ponder{' '}
            {latest.evaluation.ponder.toFixed(2)}. Over the evaluations: {history.join(' → ')}.
          </p>
          {latest.byClass && <ClassTable stats={latest.byClass} ponderMax={ponderMax} caption={`Held-out ponder and loss by character class (step ${latest.step})`} />}
        </>
      ) : (
        <p className="panel-waiting">No evaluation yet: the model is evaluated before training starts, then every few hundred steps and on each pause.</p>
      )}
    </section>
  );
}
