import { useState, type KeyboardEvent } from 'react';
import { formatFieldValue, parseFieldText, type FloatField, type IntField } from '../../config/fields';

interface NumberInputProps {
  id: string;
  describedBy: string;
  /** Set when a visible label names another control (the slider): this box then names itself. */
  ariaLabel?: string;
  field: IntField | FloatField;
  value: number;
  onChange: (value: number) => void;
}

/**
 * A number, checked with the schema's own parser (as in a URL), applied on Enter or when leaving the field.
 * A new value from outside (a slider, a reset, a preset, the link) replaces the draft text.
 */
export function NumberInput({ id, describedBy, ariaLabel, field, value, onChange }: NumberInputProps) {
  const [draft, setDraft] = useState(() => formatFieldValue(field, value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(formatFieldValue(field, value));
  }
  const parsed = parseFieldText(field, draft);
  const errorId = `${id}-error`;
  const commit = () => {
    if (parsed.ok && parsed.value !== value) onChange(parsed.value as number);
  };
  const commitOnEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') commit();
  };
  return (
    <>
      <input
        id={id}
        className="number-input"
        type="number"
        min={field.min}
        max={field.max}
        step={field.kind === 'int' ? 1 : 'any'}
        value={draft}
        aria-label={ariaLabel}
        aria-invalid={!parsed.ok}
        aria-describedby={parsed.ok ? describedBy : `${errorId} ${describedBy}`}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={commitOnEnter}
      />
      {!parsed.ok && (
        <p id={errorId} className="field-error">
          {parsed.reason}
        </p>
      )}
    </>
  );
}
