import type { FieldMap, ValuesOf } from '../../../config/fields';
import { checkFieldValue } from '../../../config/fields';

/**
 * A memory cell's options with defaults for missing keys; an invalid value (a saved or hand-built spec) is
 * named, e.g. "DNC option memSlots = 0: out of range 2 to 128.", instead of building a broken cell.
 */
export function checkedCellOptions<O extends FieldMap>(cellLabel: string, fields: O, given: Partial<ValuesOf<O>>): ValuesOf<O> {
  const out: Record<string, number | string | boolean> = {};
  for (const [key, field] of Object.entries(fields)) {
    const value = given[key as keyof ValuesOf<O>] ?? field.default;
    const checked = checkFieldValue(field, value);
    if (!checked.ok) throw new Error(`${cellLabel} option ${key} = ${JSON.stringify(value)}: ${checked.reason}.`);
    out[key] = checked.value;
  }
  return out as ValuesOf<O>;
}
