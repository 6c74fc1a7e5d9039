/** The `--lengths` flag of `eval`: which sequence lengths to test a length task at. */
import { UsageError } from './args';

/** More lengths than this in one evaluation is almost surely a typo (e.g. 1..100000). */
const MAX_LENGTHS = 1000;

/**
 * Parses "a..b" (every length from a to b), a single length, or a comma-separated list of both, e.g.
 * "1..10,20,50". Lengths are whole numbers ≥ 1; the result is sorted and without repeats.
 */
export function parseLengths(text: string): number[] {
  const lengths = new Set<number>();
  for (const part of text.split(',').map((item) => item.trim())) {
    const match = /^(\d+)(?:\.\.(\d+))?$/.exec(part);
    const from = Number(match?.[1]);
    const to = match?.[2] === undefined ? from : Number(match[2]);
    if (!match || from < 1 || to < from) {
      throw new UsageError(`--lengths needs lengths ≥ 1 written as N, A..B (A ≤ B) or a comma-separated list of both, got "${part}" in "${text}"`);
    }
    if (to - from + 1 + lengths.size > MAX_LENGTHS) throw new UsageError(`--lengths asks for more than ${MAX_LENGTHS} lengths: "${text}"`);
    for (let length = from; length <= to; length++) lengths.add(length);
  }
  return [...lengths].sort((a, b) => a - b);
}
