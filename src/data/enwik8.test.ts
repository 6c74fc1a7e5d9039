import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  ENWIK8_BYTES, checkEnwik8, describeEnwik8, enwik8Meta, formatProgress, isZip, readEnwik8, splitBytes, splitRanges,
  unzipEnwik8,
} from './enwik8';

/** The genuine first 4,154,064 bytes of enwik8 (see ../shared/data/README.md). */
const HEAD = new Uint8Array(readFileSync(new URL('../../../shared/data/enwik8-head.xml', import.meta.url)));
const HEAD_BYTES = 4_154_064;

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('enwik8 splits', () => {
  it('splits the head 90/5/5: train and valid rounded down, test takes the rest', () => {
    expect(HEAD.length).toBe(HEAD_BYTES);
    // 0.9 × 4,154,064 = 3,738,657.6 → 3,738,657; 0.05 × 4,154,064 = 207,703.2 → 207,703; the rest 207,704.
    expect(splitRanges(HEAD_BYTES)).toEqual({
      train: { offset: 0, bytes: 3_738_657 },
      valid: { offset: 3_738_657, bytes: 207_703 },
      test: { offset: 3_946_360, bytes: 207_704 },
    });
  });

  it('gives the conventional 90M / 5M / 5M for the full file', () => {
    expect(splitRanges(ENWIK8_BYTES)).toEqual({
      train: { offset: 0, bytes: 90_000_000 },
      valid: { offset: 90_000_000, bytes: 5_000_000 },
      test: { offset: 95_000_000, bytes: 5_000_000 },
    });
  });

  it('keeps every byte: the splits concatenated are the input', () => {
    const { train, valid, test } = splitBytes(HEAD);
    const joined = Buffer.concat([train, valid, test]);
    expect(joined.length).toBe(HEAD.length);
    expect(Buffer.compare(joined, HEAD)).toBe(0);
  });
});

describe('enwik8 checks', () => {
  it('tells a prefix from the complete file', () => {
    expect(checkEnwik8(HEAD)).toEqual({ complete: false });
    const full = new Uint8Array(ENWIK8_BYTES);
    full.set(HEAD);
    expect(checkEnwik8(full)).toEqual({ complete: true });
    expect(describeEnwik8(HEAD_BYTES)).toBe('a prefix of 4,154,064 bytes: split 90/5/5 by the same proportions');
    expect(describeEnwik8(ENWIK8_BYTES)).toMatch(/^complete enwik8 \(100,000,000 bytes\)/);
    expect(enwik8Meta('x', full, 'abc')).toMatchObject({ complete: true, totalBytes: ENWIK8_BYTES, sha256: 'abc' });
  });

  it('refuses empty input, other files, a file longer than enwik8 and one too short to split', () => {
    expect(() => checkEnwik8(new Uint8Array(0))).toThrow(/empty/);
    expect(() => checkEnwik8(ascii('<?xml version="1.0"?><mediawiki>'))).toThrow(/not enwik8: enwik8 begins with "<mediawiki"/);
    const tooLong = new Uint8Array(ENWIK8_BYTES + 1);
    tooLong.set(HEAD.subarray(0, 100));
    expect(() => checkEnwik8(tooLong)).toThrow(/100,000,001 bytes, enwik8 has 100,000,000/);
    expect(() => checkEnwik8(ascii('<mediawiki>'))).toThrow(/too few to split/);
  });
});

describe('enwik8 zips', () => {
  const prefix = HEAD.subarray(0, 50_000);

  it('finds the enwik8 entry of a zip, in any folder, and reads raw input as it is', () => {
    const zip = zipSync({ 'readme.txt': ascii('hello'), 'data/enwik8': prefix });
    expect(isZip(zip)).toBe(true);
    expect(isZip(HEAD)).toBe(false);
    expect(Buffer.compare(unzipEnwik8(zip), prefix)).toBe(0);
    expect(Buffer.compare(readEnwik8(zip).bytes, prefix)).toBe(0);
    expect(readEnwik8(prefix)).toEqual({ bytes: prefix, complete: false });
  });

  it('names what a zip without enwik8 holds, and rejects a broken zip', () => {
    expect(() => unzipEnwik8(zipSync({ 'enwik9.txt': prefix }))).toThrow('no entry named "enwik8": it holds "enwik9.txt"');
    expect(() => unzipEnwik8(zipSync({}))).toThrow(/no entry named "enwik8": it is empty/);
    const broken = zipSync({ enwik8: prefix }).subarray(0, 1000);
    expect(() => readEnwik8(broken)).toThrow(/zip archive cannot be read/);
  });

  it('checks what it unzips', () => {
    expect(() => readEnwik8(zipSync({ enwik8: ascii('PK not wiki at all') }))).toThrow(/not enwik8/);
  });
});

describe('download progress', () => {
  it('shows megabytes and percent, or just the bytes when the total is unknown', () => {
    expect(formatProgress(12_345_678, 36_445_475)).toBe('12.3 MB of 36.4 MB (33.9%)');
    expect(formatProgress(36_445_475, 36_445_475)).toBe('36.4 MB of 36.4 MB (100.0%)');
    expect(formatProgress(1_500_000)).toBe('1.5 MB (1,500,000 bytes)');
  });
});
