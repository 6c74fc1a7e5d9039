/**
 * An independent plain-array SDNC step for the tests, from links.ts's header rule (not its code): SAM's
 * reference step plus per-slot lists of K_L predecessors and successors, updated with loops and explicit sorts.
 */
import type { ReferenceWrite, SamReferenceSizes, SamReferenceState, SamReferenceWeights } from '../sam/reference.testing';
import { referenceSamStep, referenceTopK } from '../sam/reference.testing';

export interface LinkEntry {
  slot: number;
  weight: number;
}

export interface SdncReferenceState {
  sam: SamReferenceState;
  precedence: number[];
  successors: LinkEntry[][];
  predecessors: LinkEntry[][];
}

export function referenceInitialLinks(slots: number, k: number): Omit<SdncReferenceState, 'sam'> {
  const empty = () => Array.from({ length: slots }, () => Array.from({ length: k }, () => ({ slot: 0, weight: 0 })));
  return { precedence: new Array<number>(slots).fill(0), successors: empty(), predecessors: empty() };
}

/** The K largest entries, largest first; ties to the earlier position (values compared in float32). */
function largest<T extends { weight: number }>(entries: T[], k: number): T[] {
  return entries.map((entry, position) => ({ entry, position, key: Math.fround(entry.weight) }))
    .sort((a, b) => b.key - a.key || a.position - b.position).slice(0, k).map(({ entry }) => entry);
}

/** One side: decay the kept entries, add the candidates (rowScale_x · value, not on the diagonal), merge, keep K. */
function updateSide(lists: LinkEntry[][], write: number[], rowScale: number[], candidates: number[], values: number[], k: number): LinkEntry[][] {
  return lists.map((list, x) => {
    const decayed = list.map(({ slot, weight }) => ({ slot, weight: weight * (1 - write[x] - write[slot]) }));
    const fresh = candidates.map((slot, c) => ({
      slot,
      weight: (slot === x ? 0 : rowScale[x] * values[c]) + decayed.filter((entry) => entry.slot === slot).reduce((a, entry) => a + entry.weight, 0),
    }));
    const keptOnly = decayed.map((entry) => (candidates.includes(entry.slot) ? { ...entry, weight: 0 } : entry));
    return largest([...keptOnly, ...fresh], k);
  });
}

/** The K rows one link away from the rows read: scores ρ_x · weight over every (x, entry), largest K. */
function linked(lists: LinkEntry[][], readMean: number[], k: number): number[] {
  const scored = lists.flatMap((list, x) => list.map(({ slot, weight }) => ({ slot, weight: readMean[x] * weight })));
  return largest(scored, k).map(({ slot }) => slot);
}

export function referenceSdncStep(sizes: SamReferenceSizes, k: number, weights: SamReferenceWeights, x: number[], state: SdncReferenceState): SdncReferenceState {
  const N = sizes.slots;
  const readMean = Array.from({ length: N }, (_, n) => state.sam.readWeights.reduce((a, head) => a + head[n], 0) / sizes.reads);
  let links = { precedence: state.precedence, successors: state.successors, predecessors: state.predecessors };
  const sam = referenceSamStep(sizes, weights, x, state.sam, ({ write }: ReferenceWrite) => {
    const topWrite = referenceTopK(write, k);
    const topPrecedence = referenceTopK(state.precedence, k);
    const successors = updateSide(state.successors, write, state.precedence, topWrite, topWrite.map((n) => write[n]), k);
    const predecessors = updateSide(state.predecessors, write, write, topPrecedence, topPrecedence.map((n) => state.precedence[n]), k);
    const total = write.reduce((a, b) => a + b, 0);
    links = { precedence: state.precedence.map((p, n) => (1 - total) * p + write[n]), successors, predecessors };
    return [...linked(successors, readMean, k), ...linked(predecessors, readMean, k)];
  });
  return { sam, ...links };
}
