/**
 * enwik8 (the Hutter Prize data: the first 10^8 bytes of an English Wikipedia XML dump) as byte splits for the
 * Wikipedia task. Pure functions over bytes, for Node and the browser alike; file and network access live in
 * scripts/data-enwik8.ts.
 */
import { unzipSync } from 'fflate';

export const ENWIK8_URL = 'http://mattmahoney.net/dc/enwik8.zip';
export const ENWIK8_BYTES = 100_000_000;
/** What enwik8 begins with; a file that does not is not enwik8 or a prefix of it. */
export const ENWIK8_HEAD = '<mediawiki';
/** The fewest bytes that give every split at least one byte. */
export const MIN_SPLIT_INPUT = 20;

export const SPLIT_NAMES = ['train', 'valid', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

export interface SplitRange {
  offset: number;
  bytes: number;
}

/** What meta.json beside the split files records. */
export interface Enwik8Meta {
  /** Where the bytes came from: the download URL or the local file's name. */
  source: string;
  /** All 100,000,000 bytes of enwik8, not a prefix. */
  complete: boolean;
  totalBytes: number;
  splits: Record<SplitName, SplitRange>;
  /** sha256 (hex) of the enwik8 bytes themselves, after unzipping. */
  sha256: string;
}

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * The 90/5/5 split of `total` bytes, in order. Rounding rule: train = ⌊0.9·total⌋, valid = ⌊0.05·total⌋, test
 * takes the rest; for the full enwik8 this is the conventional 90M / 5M / 5M.
 */
export function splitRanges(total: number): Record<SplitName, SplitRange> {
  const train = Math.floor((total * 90) / 100);
  const valid = Math.floor((total * 5) / 100);
  return {
    train: { offset: 0, bytes: train },
    valid: { offset: train, bytes: valid },
    test: { offset: train + valid, bytes: total - train - valid },
  };
}

/** The split parts as views into `bytes` (no copies). */
export function splitBytes(bytes: Uint8Array): Record<SplitName, Uint8Array> {
  const ranges = splitRanges(bytes.length);
  const part = (name: SplitName): Uint8Array => bytes.subarray(ranges[name].offset, ranges[name].offset + ranges[name].bytes);
  return { train: part('train'), valid: part('valid'), test: part('test') };
}

/** A zip archive begins with a local file header (PK\3\4) or, when it holds nothing, the end record (PK\5\6). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/** The entry named `enwik8` (in any folder) of a zip archive; throws naming the entries when there is none. */
export function unzipEnwik8(zip: Uint8Array): Uint8Array {
  const names: string[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (file) => {
        names.push(file.name);
        return file.name.split('/').pop() === 'enwik8';
      },
    });
  } catch (error) {
    throw new Error(`The zip archive cannot be read (${error instanceof Error ? error.message : String(error)}).`);
  }
  const entry = Object.values(files)[0];
  if (!entry) {
    const found = names.length > 0 ? `it holds ${names.map((name) => JSON.stringify(name)).join(', ')}` : 'it is empty';
    throw new Error(`The zip archive has no entry named "enwik8": ${found}.`);
  }
  return entry;
}

/**
 * Checks that `bytes` are enwik8 or a prefix of it: begins like enwik8, no longer than enwik8, long enough to
 * split. Returns whether it is the complete file; throws a message for the user otherwise.
 */
export function checkEnwik8(bytes: Uint8Array): { complete: boolean } {
  if (bytes.length === 0) throw new Error('The input is empty.');
  const head = String.fromCharCode(...bytes.subarray(0, ENWIK8_HEAD.length));
  if (head !== ENWIK8_HEAD) {
    throw new Error(`This is not enwik8: enwik8 begins with "${ENWIK8_HEAD}", this begins with ${JSON.stringify(head)}.`);
  }
  if (bytes.length > ENWIK8_BYTES) {
    throw new Error(`This is not enwik8: it has ${count(bytes.length)} bytes, enwik8 has ${count(ENWIK8_BYTES)}.`);
  }
  if (bytes.length < MIN_SPLIT_INPUT) {
    throw new Error(`Only ${count(bytes.length)} bytes: too few to split 90/5/5 (at least ${MIN_SPLIT_INPUT}).`);
  }
  return { complete: bytes.length === ENWIK8_BYTES };
}

/** The enwik8 bytes of an input that is enwik8 (or a prefix), raw or zipped; throws when it is neither. */
export function readEnwik8(input: Uint8Array): { bytes: Uint8Array; complete: boolean } {
  const bytes = isZip(input) ? unzipEnwik8(input) : input;
  return { bytes, complete: checkEnwik8(bytes).complete };
}

/** One line for the user on what the input is and how it is split. */
export function describeEnwik8(totalBytes: number): string {
  return totalBytes === ENWIK8_BYTES
    ? `complete enwik8 (${count(totalBytes)} bytes): the conventional split, first 90M train, next 5M valid, last 5M test`
    : `a prefix of ${count(totalBytes)} bytes: split 90/5/5 by the same proportions`;
}

export function enwik8Meta(source: string, bytes: Uint8Array, sha256: string): Enwik8Meta {
  return { source, complete: bytes.length === ENWIK8_BYTES, totalBytes: bytes.length, splits: splitRanges(bytes.length), sha256 };
}

const megabytes = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;

/** Download progress, e.g. "12.3 MB of 36.4 MB (33.8%)"; without a known total, just the bytes so far. */
export function formatProgress(received: number, total?: number): string {
  if (!total) return `${megabytes(received)} (${count(received)} bytes)`;
  return `${megabytes(received)} of ${megabytes(total)} (${((100 * received) / total).toFixed(1)}%)`;
}
