import { useId, type KeyboardEvent } from 'react';
import { formatFieldValue } from '../../config/fields';
import { SCHEMA } from '../../config/schema';
import { useAppStore, type PendingChange } from '../store';

interface ConfirmBarProps {
  pending: PendingChange;
  onConfirm: () => void;
  onCancel: () => void;
}

/** "This needs a new model": names what changes, applies with a reset or cancels (Escape cancels too). */
export function ConfirmBar({ pending, onConfirm, onCancel }: ConfirmBarProps) {
  const id = useId();
  const config = useAppStore((state) => state.config);
  const cancelOnEscape = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') onCancel();
  };
  return (
    <div className="confirm-bar" role="group" aria-labelledby={id} onKeyDown={cancelOnEscape}>
      <p id={id} aria-live="polite">
        {pending.anchor === 'link' ? 'The edited link changes settings that need a new model' : 'This needs a new model'} (the training so far is
        dropped; the run is kept in Runs compared):
      </p>
      <ul>
        {pending.keys.map((key) => (
          <li key={key}>
            {SCHEMA[key].label}: {formatFieldValue(SCHEMA[key], config[key])} → <strong>{formatFieldValue(SCHEMA[key], pending.config[key])}</strong>
          </li>
        ))}
      </ul>
      <div className="confirm-actions">
        <button type="button" className="primary" onClick={onConfirm}>
          Apply &amp; reset
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
