import type { LiveSettings } from '../core/trainer';
import type { TrainingSession } from './session/trainingSession';
import { continuesText, snapshotValues } from './snapshotSettings';
import { useAppStore } from './store';

/** What Start does with a pretrained run, and — where the page's settings differ from its own — one click to take them. */
export function SnapshotContinuation({ step, trainedWith, session }: { step: number; trainedWith: LiveSettings | null; session: Pick<TrainingSession, 'adoptSettings'> }) {
  const config = useAppStore((state) => state.config);
  const theirs = trainedWith ? snapshotValues(trainedWith, config) : {};
  return (
    <>
      {continuesText(step, trainedWith, config)}{' '}
      {Object.keys(theirs).length > 0 && (
        <button type="button" className="small" onClick={() => session.adoptSettings(theirs)}>
          Use its settings
        </button>
      )}
    </>
  );
}
