import { SnapshotContinuation } from '../SnapshotContinuation';
import { useLiveData } from '../data/liveData';
import { useAppStore } from '../store';
import { minimumTrainingBytes } from '../../worker/wikiProtocol';
import type { WikiActions } from './WikiPanel';
import { useWiki } from './wikiStore';

const count = (n: number): string => n.toLocaleString('en-US');

/** What the run trains on and which model it started from, with the ways to change either. */
export function WikiSource({ actions }: { actions: WikiActions }) {
  const runId = useAppStore((state) => state.runId);
  const windowBytes = useAppStore((state) => state.config.window);
  const running = useAppStore((state) => state.phase === 'running');
  const status = useWiki((state) => (state.status?.runId === runId ? state.status.status : null));
  const given = useWiki((state) => state.given);
  const evaluation = useLiveData((state) => state.evaluations[state.evaluations.length - 1] ?? null);
  const needed = minimumTrainingBytes(windowBytes);
  const trainOn = (text: typeof given) => {
    actions.sendWiki({ type: 'wikiTrainOn', text });
    actions.loadPretrained();
  };
  if (!status) return <p className="wiki-source">Loading the text and the model…</p>;
  return (
    <div className="wiki-source">
      <p>
        <strong>Trains on</strong> {status.data}.
      </p>
      {status.enwik8Problem && (
        <p className="warning" role="status">
          {status.enwik8Problem} Until then it trains on the default text or on a text you give it below.
        </p>
      )}
      <p>
        <strong>Model:</strong> {status.model}.{' '}
        {evaluation && `Held out now: ${evaluation.evaluation.bitsPerTarget.toFixed(2)} bits per character (step ${evaluation.step}). `}
        {status.pretrained && (
          <>
            <SnapshotContinuation step={status.step} trainedWith={status.trainedWith} session={actions} /> Reset gives a fresh model.
          </>
        )}
      </p>
      {status.snapshotProblem && (
        <p className="warning" role="status">
          {status.snapshotProblem}
        </p>
      )}
      <div className="row-actions">
        {!status.pretrained && (
          <button type="button" disabled={running} onClick={actions.loadPretrained}>
            Load the pretrained snapshot
          </button>
        )}
        {given && (
          <button
            type="button"
            disabled={running || given.bytes.length < needed}
            title={`A new run, from the pretrained snapshot when it fits, on ${given.name}: its first 90% trains, its last 10% is held out. Needs at least ${count(needed)} bytes for ${windowBytes}-byte windows.`}
            onClick={() => trainOn(given)}
          >
            Train on {given.name} ({count(given.bytes.length)} bytes)
          </button>
        )}
        {status.dataKind === 'given' && (
          <button type="button" disabled={running} onClick={() => trainOn(null)}>
            Back to enwik8 (or the default text)
          </button>
        )}
      </div>
      {given && given.bytes.length < needed && (
        <p className="field-help">
          {given.name} is too short to train on: {windowBytes}-byte windows need at least {count(needed)} bytes (the last 10% is held out).
        </p>
      )}
    </div>
  );
}
