import { useId } from 'react';
import type { EnumField, Field } from '../../config/fields';
import { NumberInput } from './NumberInput';
import { SliderInput } from './SliderInput';
import { sliderStops } from './sliderScale';

type FieldValue = number | string | boolean;

interface FieldControlProps {
  field: Field;
  value: FieldValue;
  onChange: (value: FieldValue) => void;
  /** How an enum option is shown (default: its value). */
  optionLabel?: (option: string) => string;
  /** The largest value that fits this machine with the other settings as they are (the resource guard). */
  limit?: number;
  /** Why the setting does nothing as the others stand (e.g. "no effect while Ponder budget is 0"); it stays editable. */
  idle?: string;
}

/** Numbers that get a slider beside their number box: every float, and the ints that act on a running training. */
function stopsFor(field: Field): number[] | null {
  if (field.kind === 'float' || (field.kind === 'int' && !field.resets)) return sliderStops(field);
  return null;
}

const fieldClass = (base: string, idle: string | undefined) => (idle ? `${base} field-idle` : base);

/** One config field as native form controls, with its label and help text from the schema. */
export function FieldControl({ field, value, onChange, optionLabel, limit, idle }: FieldControlProps) {
  const id = useId();
  const labelId = `${id}-label`;
  const helpId = `${id}-help`;
  const over = limit !== undefined && Number(value) > limit;
  const liveTag = !field.resets && (
    <span className="live-tag" title="Applies to the running training from the next step">
      live
    </span>
  );
  const help = (
    <p id={helpId} className="field-help">
      {idle && <span className="field-idle-note">{`${idle.charAt(0).toUpperCase()}${idle.slice(1)}. `}</span>}
      {field.help}
      {limit !== undefined && (
        <span className={over ? 'field-limit field-limit-over' : 'field-limit'}>
          {over ? ` Too big for this machine: at most ${limit} with the other settings as they are.` : ` At most ${limit} on this machine with the other settings as they are.`}
        </span>
      )}
    </p>
  );

  if (field.kind === 'bool') {
    return (
      <div className={fieldClass('field field-bool', idle)}>
        <input id={id} type="checkbox" checked={value === true} aria-describedby={helpId} onChange={(event) => onChange(event.target.checked)} />
        <span className="field-label">
          <label htmlFor={id}>{field.label}</label>
          {liveTag}
        </span>
        {help}
      </div>
    );
  }
  const label = (
    <span className="field-label">
      <label id={labelId} htmlFor={id}>
        {field.label}
      </label>
      {liveTag}
    </span>
  );
  if (field.kind === 'enum') {
    return (
      <div className={fieldClass('field', idle)}>
        {label}
        <EnumSelect id={id} helpId={helpId} field={field} value={String(value)} onChange={onChange} optionLabel={optionLabel} />
        {help}
      </div>
    );
  }
  const stops = stopsFor(field);
  const number = Number(value);
  const box = (ariaLabel?: string) => (
    <NumberInput id={stops ? `${id}-box` : id} describedBy={helpId} ariaLabel={ariaLabel} field={field} value={number} onChange={onChange} />
  );
  if (!stops) {
    return (
      <div className={fieldClass('field', idle)}>
        {label}
        {box()}
        {help}
      </div>
    );
  }
  return (
    <div className={fieldClass('field field-slider', idle)}>
      {label}
      <SliderInput id={id} labelId={labelId} describedBy={helpId} field={field} stops={stops} value={number} onChange={onChange} />
      {box(`${field.label}, exact value`)}
      {help}
    </div>
  );
}

interface EnumSelectProps {
  id: string;
  helpId: string;
  field: EnumField;
  value: string;
  onChange: (value: string) => void;
  optionLabel?: (option: string) => string;
}

function EnumSelect({ id, helpId, field, value, onChange, optionLabel = (option) => option }: EnumSelectProps) {
  return (
    <select id={id} value={value} aria-describedby={helpId} onChange={(event) => onChange(event.target.value)}>
      {field.values.map((option) => (
        <option key={option} value={option}>
          {optionLabel(option)}
        </option>
      ))}
    </select>
  );
}
