import { useId, useState, type KeyboardEvent } from 'react';
import { formatFieldValue, parseFieldText, type EnumField, type Field, type FloatField, type IntField } from '../../config/fields';

type FieldValue = number | string | boolean;

interface FieldControlProps {
  field: Field;
  value: FieldValue;
  onChange: (value: FieldValue) => void;
}

/** One config field as a native form control, with its label and help text from the schema. */
export function FieldControl({ field, value, onChange }: FieldControlProps) {
  const id = useId();
  const helpId = `${id}-help`;
  const liveTag = !field.resets && (
    <span className="live-tag" title="Applies to the running training from the next step">
      live
    </span>
  );
  const help = (
    <p id={helpId} className="field-help">
      {field.help}
    </p>
  );

  if (field.kind === 'bool') {
    return (
      <div className="field field-bool">
        <input id={id} type="checkbox" checked={value === true} aria-describedby={helpId} onChange={(event) => onChange(event.target.checked)} />
        <span className="field-label">
          <label htmlFor={id}>{field.label}</label>
          {liveTag}
        </span>
        {help}
      </div>
    );
  }
  return (
    <div className="field">
      <span className="field-label">
        <label htmlFor={id}>{field.label}</label>
        {liveTag}
      </span>
      {field.kind === 'enum' ? (
        <EnumSelect id={id} helpId={helpId} field={field} value={String(value)} onChange={onChange} />
      ) : (
        // Keyed by value: an outside change (a reset, a preset) replaces the draft text.
        <NumberInput key={String(value)} id={id} helpId={helpId} field={field} value={Number(value)} onChange={onChange} />
      )}
      {help}
    </div>
  );
}

interface InputProps<F extends Field, V> {
  id: string;
  helpId: string;
  field: F;
  value: V;
  onChange: (value: V) => void;
}

function EnumSelect({ id, helpId, field, value, onChange }: InputProps<EnumField, string>) {
  return (
    <select id={id} value={value} aria-describedby={helpId} onChange={(event) => onChange(event.target.value)}>
      {field.values.map((option) => (
        <option key={option} value={option}>
          {option}
        </option>
      ))}
    </select>
  );
}

/** A number, checked with the schema's own parser (as in a URL), applied on Enter or when leaving the field. */
function NumberInput({ id, helpId, field, value, onChange }: InputProps<IntField | FloatField, number>) {
  const [draft, setDraft] = useState(() => formatFieldValue(field, value));
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
        type="number"
        min={field.min}
        max={field.max}
        step={field.kind === 'int' ? 1 : 'any'}
        value={draft}
        aria-invalid={!parsed.ok}
        aria-describedby={parsed.ok ? helpId : `${errorId} ${helpId}`}
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
