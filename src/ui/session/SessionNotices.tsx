import { SCHEMA } from '../../config/schema';
import { getTask } from '../../tasks/registry';
import { useAppStore } from '../store';
import { formatTime, useSessionStore, type Divergence, type RestoredNote } from './sessionStore';
import type { TrainingSession } from './trainingSession';

/** What happened to the run: it diverged, it was restored (from where), or a kept run waits to be restored. */
export function SessionNotices({ session }: { session: TrainingSession }) {
  const divergence = useSessionStore((state) => state.divergence);
  const restored = useSessionStore((state) => state.restored);
  const kept = useSessionStore((state) => state.kept);
  return (
    <>
      {divergence && <DivergenceAlert divergence={divergence} session={session} />}
      {restored && <RestoredNotice note={restored} session={session} />}
      {kept && (
        <div className="notice" role="status">
          <p>
            This link asks for other settings than the run kept in this browser ({getTask(kept.task).label}, step {kept.step}, kept at{' '}
            {formatTime(kept.savedAt)}). It is replaced as soon as this run trains.
          </p>
          <button type="button" onClick={session.restoreKept}>
            Restore the kept run
          </button>{' '}
          <button type="button" onClick={session.discardKept}>
            Discard it
          </button>
        </div>
      )}
    </>
  );
}

/** A third of the rate, at most as low as the schema allows; null when it is already there. */
function lowerRate(lr: number): number | null {
  const lower = Math.max(SCHEMA.lr.min, Number((lr / 3).toPrecision(2)));
  return lower < lr ? lower : null;
}

function DivergenceAlert({ divergence, session }: { divergence: Divergence; session: TrainingSession }) {
  const lr = useAppStore((state) => state.config.lr);
  const lower = lowerRate(lr);
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>Training diverged at step {divergence.step}:</strong> {divergence.what.join(', ')} went non-finite (NaN or Infinity). The weights
        were rolled back to step {divergence.restoredStep} and training paused. Lower the learning rate (now {lr}), then press Start to resume.
      </p>
      {lower !== null && (
        <button type="button" onClick={() => session.changeSetting('lr', lower)}>
          Lower the learning rate to {lower}
        </button>
      )}{' '}
      <button type="button" onClick={() => useSessionStore.setState({ divergence: null })}>
        Dismiss
      </button>
    </div>
  );
}

function RestoredNotice({ note, session }: { note: RestoredNote; session: TrainingSession }) {
  const when = formatTime(note.savedAt);
  const text = {
    reload: `Restored your run from ${when}, step ${note.step}. Press Start to resume it, or start fresh with a new model.`,
    import: `Imported ${note.fileName ?? 'the run'}: step ${note.step}, saved at ${when}. Press Start to resume it.`,
    recovery: `${note.reason ?? 'Training stopped'}. It was restarted and your run restored from step ${note.step} (kept at ${when}); steps after that were lost. Press Start to resume.`,
  }[note.origin];
  return (
    <div className={note.origin === 'recovery' ? 'notice notice-error' : 'notice'} role={note.origin === 'recovery' ? 'alert' : 'status'}>
      <p>{text}</p>
      {note.origin === 'reload' && (
        <button type="button" onClick={session.reset}>
          Start fresh
        </button>
      )}{' '}
      <button type="button" onClick={() => useSessionStore.setState({ restored: null })}>
        Dismiss
      </button>
    </div>
  );
}
