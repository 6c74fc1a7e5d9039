import type { TrainingSession } from './session/trainingSession';
import { useSessionStore } from './session/sessionStore';
import { useAppStore } from './store';
import { SnapshotContinuation } from './SnapshotContinuation';

/**
 * What the run of an algorithmic task starts from: "Pretrained: how it was trained", with one click to train
 * from scratch instead; or a fresh model, with one click to load the task's snapshot when it ships one.
 */
export function ModelOriginLine({ session }: { session: Pick<TrainingSession, 'reset' | 'loadPretrained' | 'adoptSettings'> }) {
  const runId = useAppStore((state) => state.runId);
  const running = useAppStore((state) => state.phase === 'running');
  const origin = useSessionStore((state) => (state.origin?.runId === runId ? state.origin.origin : null));
  if (!origin || (!origin.available && !origin.problem)) return null;
  return (
    <div className="model-origin" role="status">
      {origin.pretrained ? (
        <p>
          <strong>Pretrained:</strong> {origin.pretrained}.{' '}
          <SnapshotContinuation step={origin.step} trainedWith={origin.trainedWith} session={session} />
          <button type="button" className="small" disabled={running} onClick={session.reset}>
            Train from scratch
          </button>
        </p>
      ) : (
        <p>
          {origin.problem ?? 'A fresh model.'}{' '}
          {origin.available && (
            <button type="button" className="small" disabled={running} onClick={session.loadPretrained}>
              Load the pretrained snapshot
            </button>
          )}
        </p>
      )}
    </div>
  );
}
