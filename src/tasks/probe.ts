/**
 * Probing: a person makes an input by hand and the current network answers it. A task that can be probed
 * declares, as pure data and functions (no UI), which editor edits its input, how an input is checked, written
 * as compact text (the link's `in=` part) and encoded into the very sequence its generator would write, and how
 * its generator draws one. The UI holds one editor component per editor kind (src/ui/probe/); the worker checks,
 * encodes and traces (src/worker/probeJob.ts). The targets of the encoding are the truth the answer is judged by.
 */
import type { Rng } from '../core/random';
import type { HostBatch } from '../core/types';

/** Why an input cannot be probed: what the task cannot represent, or what its generator never produces. */
export interface ProbeRefusal {
  error: string;
}

export const isRefusal = (value: unknown): value is ProbeRefusal =>
  typeof value === 'object' && value !== null && 'error' in value && typeof (value as ProbeRefusal).error === 'string';

/** The kind of editor a task's input takes; the UI draws one component per kind. */
export type ProbeEditor =
  /** Rows of cells, each clicked through `values` (shown as `symbols`); `rows` bounds the row count. */
  | { kind: 'grid'; width: number; rows: [number, number]; values: readonly number[]; symbols: readonly string[] }
  /** The logic task's vectors: two bits and a chain of gates each. */
  | { kind: 'gates'; gates: readonly string[]; vectors: [number, number]; maxGates: number }
  /** A list of typed items, e.g. numbers; the input's text is the items joined by commas. */
  | { kind: 'list'; itemLabel: string; items: [number, number]; slider?: [number, number] }
  /** A text to read (paste, open, drop). */
  | { kind: 'text' };

/**
 * How the worker answers: `sequence` traces the encoded sequence and sends the whole trace (the ponder, halting
 * and step-through panels show it); `reading` is for long texts read byte by byte, reduced per byte.
 */
export type ProbeAnswerKind = 'sequence' | 'reading';

export interface TaskProbe<V, I> {
  editor(options: V): ProbeEditor;
  answer: ProbeAnswerKind;
  /**
   * Takes any value (from an editor, a message or a parsed link) and returns it as a valid input, or says what
   * the task cannot represent with these options (a 9th bit on 8-bit parity, a number too long for addition).
   */
  check(options: V, value: unknown): I | ProbeRefusal;
  /** The input as compact URL-safe text; null when it is too long to share in a link. */
  format(input: I): string | null;
  /** Reads `format`'s text back (then checks it). */
  parse(options: V, text: string): I | ProbeRefusal;
  /** One row per sequence, exactly as `generate` writes it: inputs, targets (the truth), masks and difficulty. */
  encode(options: V, input: I): HostBatch;
  /**
   * An input the generator could draw. Without a difficulty, exactly the generator's draw (same random numbers
   * in the same order); with one, an input of that difficulty.
   */
  random?(options: V, rng: Rng, difficulty?: number): I;
}

/** Checks a value and encodes it, or says why not. */
export function probeBatch<V, I>(probe: TaskProbe<V, I>, options: V, value: unknown): HostBatch | ProbeRefusal {
  const input = probe.check(options, value);
  return isRefusal(input) ? input : probe.encode(options, input);
}

/** A count in words for refusals: "1 number", "3 numbers". */
export const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Checks a value is an array whose length lies in [min, max], naming `noun` in the refusal. */
export function checkLength(value: unknown, [min, max]: [number, number], noun: string): unknown[] | ProbeRefusal {
  if (!Array.isArray(value)) return { error: `Expected a list of ${noun}s.` };
  if (value.length < min || value.length > max) {
    const range = min === max ? `exactly ${counted(min, noun)}` : `${min} to ${counted(max, noun)}`;
    return { error: `This task takes ${range} with these settings; the input has ${value.length}.` };
  }
  return value;
}

/** Splits a link's list text at commas; an empty text is an empty list. */
export const listItems = (text: string): string[] => (text.trim() === '' ? [] : text.split(',').map((item) => item.trim()));

/** What sets a list-of-whole-numbers probe apart (wholeNumbersProbe). */
export interface WholeNumbersSpec<V> {
  count(options: V): [number, number];
  range(options: V): [number, number];
  /** Why the range is what it is, for refusals (e.g. "with one-hot width 10, values are 0 to 8: 9 is the end marker"). */
  rangeReason(options: V): string;
  encode(options: V, values: number[]): HostBatch;
  random(options: V, rng: Rng, difficulty?: number): number[];
}

/** The probe of a task whose input is a list of whole numbers in a range (adding, argmax), typed in a list editor. */
export function wholeNumbersProbe<V>(spec: WholeNumbersSpec<V>): TaskProbe<V, number[]> {
  const probe: TaskProbe<V, number[]> = {
    editor: (options) => ({ kind: 'list', itemLabel: 'Value', items: spec.count(options) }),
    answer: 'sequence',
    check(options, value) {
      const items = checkLength(value, spec.count(options), 'value');
      if (isRefusal(items)) return items;
      const [lo, hi] = spec.range(options);
      const bad = items.findIndex((item) => typeof item !== 'number' || !Number.isInteger(item) || item < lo || item > hi);
      return bad >= 0 ? { error: `Value ${bad + 1} is ${String(items[bad])}: ${spec.rangeReason(options)}.` } : (items as number[]);
    },
    format: (values) => values.join(','),
    parse(options, text) {
      const items = listItems(text);
      const bad = items.find((item) => !/^\d{1,6}$/.test(item));
      return bad === undefined ? probe.check(options, items.map(Number)) : { error: `“${bad}” is not a whole number from 0 up.` };
    },
    encode: spec.encode,
    random: spec.random,
  };
  return probe;
}
