/**
 * Character classes of the bytes a model reads, and the mean ponder (and loss) per class: the numbers behind
 * "the network pauses at spaces". Classes go by byte, since the model reads bytes.
 */

export const CHAR_CLASSES = ['space', 'newline', 'letter', 'digit', 'punctuation', 'markup', 'nonAscii', 'control'] as const;
export type CharClass = (typeof CHAR_CLASSES)[number];

/** Wiki markup and XML: the task's difficulty bytes (< > [ ] | { } =) and their friends (& entities, # * lists, / closing tags). */
export const MARKUP = '<>[]{}|=&#*/';
const MARKUP_BYTES = new Set([...MARKUP].map((char) => char.charCodeAt(0)));

export const CLASS_LABELS: Record<CharClass, string> = {
  space: 'space or tab',
  newline: 'newline',
  letter: 'letter a–z A–Z',
  digit: 'digit',
  punctuation: 'punctuation',
  markup: `markup ${[...MARKUP].join(' ')}`,
  nonAscii: 'non-ASCII (bytes of é, Д…)',
  control: 'control byte',
};

const isLetter = (byte: number): boolean => (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);

export function charClass(byte: number): CharClass {
  if (byte === 0x20 || byte === 0x09) return 'space';
  if (byte === 0x0a || byte === 0x0d) return 'newline';
  if (byte < 0x20 || byte === 0x7f) return 'control';
  if (byte >= 0x80) return 'nonAscii';
  if (isLetter(byte)) return 'letter';
  if (byte >= 0x30 && byte <= 0x39) return 'digit';
  return MARKUP_BYTES.has(byte) ? 'markup' : 'punctuation';
}

export interface ClassStats {
  charClass: CharClass;
  count: number;
  /** Mean updates N per byte of the class. */
  ponder: number;
  /** Mean loss in bits over the class's bytes that have a next byte (NaN when none has). */
  loss: number;
}

/** Per class that occurs, in CHAR_CLASSES order: count, mean ponder, mean loss (NaN losses are left out). */
export function statsByClass(bytes: Uint8Array, ponder: ArrayLike<number>, loss: ArrayLike<number>): ClassStats[] {
  const sums = new Map<CharClass, { count: number; ponder: number; loss: number; losses: number }>();
  bytes.forEach((byte, i) => {
    const key = charClass(byte);
    const sum = sums.get(key) ?? { count: 0, ponder: 0, loss: 0, losses: 0 };
    sum.count += 1;
    sum.ponder += ponder[i];
    if (!Number.isNaN(loss[i])) {
      sum.loss += loss[i];
      sum.losses += 1;
    }
    sums.set(key, sum);
  });
  return CHAR_CLASSES.flatMap((key) => {
    const sum = sums.get(key);
    return sum ? [{ charClass: key, count: sum.count, ponder: sum.ponder / sum.count, loss: sum.losses > 0 ? sum.loss / sum.losses : Number.NaN }] : [];
  });
}

/**
 * The pause the paper shows: mean N at spaces and punctuation against mean N at letters inside words (a letter
 * with a letter on either side), and their ratio (NaN where either group is empty).
 */
export function pauseAtBoundaries(bytes: Uint8Array, ponder: ArrayLike<number>): { boundaries: number; insideWords: number; ratio: number } {
  const boundaries: number[] = [];
  const insideWords: number[] = [];
  bytes.forEach((byte, i) => {
    const kind = charClass(byte);
    if (kind === 'space' || kind === 'punctuation') boundaries.push(ponder[i]);
    else if (kind === 'letter' && i > 0 && i + 1 < bytes.length && isLetter(bytes[i - 1]) && isLetter(bytes[i + 1])) insideWords.push(ponder[i]);
  });
  const [atBoundaries, inWords] = [finiteMean(boundaries), finiteMean(insideWords)];
  return { boundaries: atBoundaries, insideWords: inWords, ratio: atBoundaries / inWords };
}

/** The mean of the finite values (NaN when there is none): e.g. bits per character over a reading. */
export function finiteMean(values: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      sum += values[i];
      n += 1;
    }
  }
  return n > 0 ? sum / n : Number.NaN;
}
