import { CopyLink } from './CopyLink';
import type { TrainingSession } from './session/trainingSession';
import { useAppStore, type RunPhase } from './store';

const PHASE_TEXT: Record<RunPhase, string> = {
  starting: 'Building the model…',
  paused: 'Paused',
  running: 'Training',
  failed: 'Stopped by an error',
};

export function RunControls({ session }: { session: TrainingSession }) {
  const phase = useAppStore((state) => state.phase);
  const waitingForFirstStep = useAppStore((state) => state.phase === 'running' && state.metrics === null);
  return (
    <div className="run-controls">
      <button type="button" className="primary" disabled={phase !== 'paused'} onClick={session.start}>
        Start
      </button>
      <button type="button" disabled={phase !== 'running'} onClick={session.pause}>
        Pause
      </button>
      <button type="button" disabled={phase !== 'paused'} onClick={session.stepOnce}>
        One step
      </button>
      <button type="button" onClick={session.reset} title="A new model from the current settings (the run so far is kept in Runs compared)">
        Reset
      </button>
      <span className={`phase phase-${phase}`} role="status">
        {waitingForFirstStep ? 'Training: waiting for the first step…' : PHASE_TEXT[phase]}
      </span>
      <CopyLink />
    </div>
  );
}
