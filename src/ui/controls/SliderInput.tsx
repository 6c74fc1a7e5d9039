import { formatFieldValue, type FloatField, type IntField } from '../../config/fields';
import { formatValue } from '../charts/scales';
import { nearestStop } from './sliderScale';

interface SliderInputProps {
  id: string;
  labelId: string;
  describedBy: string;
  field: IntField | FloatField;
  stops: number[];
  value: number;
  onChange: (value: number) => void;
}

const isLog = (field: IntField | FloatField) => field.kind === 'float' && field.scale === 'log';

/** The text a screen reader says for a value; 0 on a log field is its "off" end. */
export function sliderValueText(field: IntField | FloatField, value: number): string {
  if (value === 0 && isLog(field)) return `off (${field.label} = 0)`;
  return `${field.label} = ${formatFieldValue(field, value)}`;
}

/** A range input over the field's stops (log fields: 1, 2, … 9 per decade), with its two ends labelled. */
export function SliderInput({ id, labelId, describedBy, field, stops, value, onChange }: SliderInputProps) {
  const index = nearestStop(stops, value, isLog(field));
  const endText = (stop: number) => (stop === 0 && isLog(field) ? 'off' : formatValue(stop));
  return (
    <div className="slider">
      <input
        id={id}
        type="range"
        min={0}
        max={stops.length - 1}
        step={1}
        value={index}
        aria-labelledby={labelId}
        aria-describedby={describedBy}
        aria-valuetext={sliderValueText(field, value)}
        onChange={(event) => onChange(stops[Number(event.target.value)])}
      />
      <span className="slider-ends" aria-hidden="true">
        <span>{endText(stops[0])}</span>
        <span>{field.kind === 'float' && field.scale === 'log' ? 'log scale' : ''}</span>
        <span>{endText(stops[stops.length - 1])}</span>
      </span>
    </div>
  );
}
