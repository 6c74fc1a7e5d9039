/**
 * Field specifications: the vocabulary of the one config schema.
 *
 * A field knows its default, its legal values, how it is shown (label, help, group) and whether changing it
 * needs a new model (`resets`). Parsing a field's text never throws: it returns the value or a reason.
 */

export type FieldGroup = 'task' | 'model' | 'act' | 'training' | 'run';

interface FieldBase {
  label: string;
  help: string;
  group: FieldGroup;
  /** Changing it needs a new model (a reset). Fields that are false act on a running training. */
  resets: boolean;
  /** Set on a task's own options: the task they belong to. */
  task?: string;
  /** Set on a cell's own options: the cell kind(s) they belong to (SAM and SDNC share their memory sizes). */
  cell?: string | readonly string[];
  /** Set on the options of halting methods: the methods (halting/registry.ts ids) they apply to. */
  halting?: readonly string[];
  /**
   * The key of a numeric setting this one refines: while that setting is 0 this one has no effect (the budget step
   * while there is no ponder budget). The form dims it, and a snapshot's differing value of it is not worth naming.
   */
  dependsOn?: string;
}

/** The cells a field belongs to ([] for a field of every cell). */
export function fieldCells(field: Pick<FieldBase, 'cell'>): readonly string[] {
  return field.cell === undefined ? [] : typeof field.cell === 'string' ? [field.cell] : field.cell;
}

export interface IntField extends FieldBase {
  kind: 'int';
  min: number;
  max: number;
  default: number;
}

export interface FloatField extends FieldBase {
  kind: 'float';
  min: number;
  max: number;
  default: number;
  /** How a slider should move: a log scale for values spanning decades (τ, learning rate). */
  scale: 'linear' | 'log';
}

export interface BoolField extends FieldBase {
  kind: 'bool';
  default: boolean;
}

export interface EnumField<V extends string = string> extends FieldBase {
  kind: 'enum';
  values: readonly V[];
  default: V;
}

export type Field = IntField | FloatField | BoolField | EnumField;
export type FieldMap = Record<string, Field>;

export type FieldValue<F extends Field> = F extends EnumField<infer V>
  ? V
  : F extends BoolField
    ? boolean
    : number;

export type ValuesOf<M extends FieldMap> = { -readonly [K in keyof M]: FieldValue<M[K]> };

export type ParsedValue = { ok: true; value: number | string | boolean } | { ok: false; reason: string };

const INTEGER = /^[+-]?\d+$/;
// A plain decimal or scientific number; rejects '', 'NaN', 'Infinity', '0x10', '1_000'.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseFieldText(field: Field, text: string): ParsedValue {
  const trimmed = text.trim();
  switch (field.kind) {
    case 'int': {
      if (!INTEGER.test(trimmed)) return { ok: false, reason: `expected a whole number from ${field.min} to ${field.max}` };
      return checkRange(field, Number(trimmed));
    }
    case 'float': {
      if (!DECIMAL.test(trimmed)) return { ok: false, reason: `expected a number from ${field.min} to ${field.max}` };
      return checkRange(field, Number(trimmed));
    }
    case 'bool': {
      if (trimmed === '1' || trimmed === 'true') return { ok: true, value: true };
      if (trimmed === '0' || trimmed === 'false') return { ok: true, value: false };
      return { ok: false, reason: 'expected 0 or 1' };
    }
    case 'enum': {
      if ((field.values as readonly string[]).includes(trimmed)) return { ok: true, value: trimmed };
      return { ok: false, reason: `expected one of ${field.values.join(', ')}` };
    }
  }
}

/** Checks a value that is already typed (from the UI or code), with the same rules as text. */
export function checkFieldValue(field: Field, value: unknown): ParsedValue {
  switch (field.kind) {
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) return { ok: false, reason: 'expected a whole number' };
      return checkRange(field, value);
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, reason: 'expected a finite number' };
      return checkRange(field, value);
    case 'bool':
      return typeof value === 'boolean' ? { ok: true, value } : { ok: false, reason: 'expected true or false' };
    case 'enum':
      return typeof value === 'string' && (field.values as readonly string[]).includes(value)
        ? { ok: true, value }
        : { ok: false, reason: `expected one of ${field.values.join(', ')}` };
  }
}

function checkRange(field: IntField | FloatField, value: number): ParsedValue {
  if (!Number.isFinite(value) || value < field.min || value > field.max) {
    return { ok: false, reason: `out of range ${field.min} to ${field.max}` };
  }
  return { ok: true, value };
}

/** The text form used in URL hashes and CLI strings. Floats keep full precision but drop float noise. */
export function formatFieldValue(field: Field, value: number | string | boolean): string {
  if (field.kind === 'bool') return value ? '1' : '0';
  if (field.kind === 'float') return String(Number((value as number).toPrecision(12)));
  return String(value);
}
