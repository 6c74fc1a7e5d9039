/**
 * The Wikipedia task's messages between the UI and the training worker (joined into the unions of protocol.ts):
 * which text it trains on and which it reads, where its data and model came from, and what it read.
 */
import type { LiveSettings } from '../core/trainer';
import type { WikiInput } from '../tasks/wiki';
import type { RunId } from './protocol';

export { READ_LIMIT } from '../tasks/wiki';
/** How many of the most probable next bytes a reading keeps per byte. */
export const TOP_K = 5;
/** The name the shipped excerpt goes by (public/wiki/ATTRIBUTION.md says where it is from). */
export const DEFAULT_TEXT_NAME = 'the Wikipedia page "Andrey Markov" (enwik8, test split)';
/** A given text holds out its last tenth. */
export const HELD_OUT_PARTS = 10;

/** The shortest text to train on: its held-out tenth must hold a whole window and the byte after it. */
export function minimumTrainingBytes(window: number): number {
  return HELD_OUT_PARTS * (window + 1);
}

/** Text the user gave (already checked by src/data/textInput.ts): its name and its bytes. */
export type GivenText = WikiInput;

/** Train the next runs on this text (split 90/10), or with null on the served enwik8 again. (Texts to read are probes: probeProtocol.ts.) */
export type WikiToWorker = { type: 'wikiTrainOn'; text: GivenText | null };

export interface WikiStatus {
  /** Where the training and held-out bytes come from, in words. */
  data: string;
  /** 'enwik8' (served beside the app), 'given' (the user's text) or 'default' (the shipped excerpt). */
  dataKind: 'enwik8' | 'given' | 'default';
  /** Why enwik8 is not used, when it could not be loaded. */
  enwik8Problem: string | null;
  /** The model the run started from, in words. */
  model: string;
  pretrained: boolean;
  /** The step the run starts at: the snapshot's, whose training Start continues (0 for a fresh model or a saved run). */
  step: number;
  /** The live settings the snapshot was trained with (null for a fresh model or a saved run): see SnapshotStart.trainedWith. */
  trainedWith: LiveSettings | null;
  /** Why the pretrained snapshot is not used, when it was asked for. */
  snapshotProblem: string | null;
}

/** One pondering unit's halting at one byte (one unit, or one per layer when each layer ponders). */
export interface ByteStack {
  steps: number;
  remainder: number;
  halting: number[];
  probability: number[];
}

/** A text read by the model, one entry per byte, as flat arrays (index i: after reading byte i). */
export interface Reading {
  /** The training step of the model that read it. */
  step: number;
  name: string;
  /** The text's size; only the first `bytes.length` bytes (at most READ_LIMIT) are read. */
  totalBytes: number;
  /** Bytes per window; the state is reset at the start of every window, as in training. */
  window: number;
  bytes: Uint8Array;
  /** Updates N spent on each byte (summed over the pondering units; 1 without ACT). */
  ponder: Float32Array;
  /** −log2 p(next byte) in bits; NaN for the last byte, which has no next byte. */
  loss: Float32Array;
  /** Entropy of the predicted next-byte distribution, in bits. */
  entropy: Float32Array;
  /** TOP_K bytes per position: the most probable next bytes, best first, and their probabilities. */
  topBytes: Uint8Array;
  topProbabilities: Float32Array;
  /** Per byte, per pondering unit: the halting stack (empty without ACT). */
  stacks: ByteStack[][];
}

export type WikiFromWorker = { type: 'wikiStatus'; runId: RunId; status: WikiStatus };
