/**
 * Text a user gives the Wikipedia task (pasted or from a file) as the bytes the model reads, with a verdict.
 *
 * - empty: an error.
 * - over MAX_TEXT_BYTES (5 MB): an error naming the limit and the size (a browser trains on it in memory).
 * - binary: an error when more than 1% of the bytes are NUL or other control bytes (not tab, line feed,
 *   carriage return): such a file (an image, an archive, UTF-16 text) is no text to learn characters from.
 *   Fewer control bytes: kept, with a warning.
 * - not valid UTF-8 (e.g. Latin-1 text): kept as raw bytes, with a warning (the model reads bytes anyway).
 */

export const MAX_TEXT_BYTES = 5_000_000;
/** Above this share of control bytes the input is taken for binary. */
export const MAX_CONTROL_SHARE = 0.01;

export type TextVerdict = { bytes: Uint8Array; warnings: string[] } | { error: string };

const count = (n: number): string => n.toLocaleString('en-US');

const isControl = (byte: number): boolean => (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f;

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Bytes for the Wikipedia task from pasted text (encoded as UTF-8) or a file's bytes. */
export function textToBytes(input: string | Uint8Array): TextVerdict {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  if (bytes.length === 0) return { error: 'The text is empty: give some text to learn from.' };
  if (bytes.length > MAX_TEXT_BYTES) {
    return { error: `The text is too large: ${count(bytes.length)} bytes, the limit is ${count(MAX_TEXT_BYTES)} bytes (5 MB).` };
  }
  let controls = 0;
  for (const byte of bytes) if (isControl(byte)) controls++;
  const share = `${count(controls)} of ${count(bytes.length)} bytes are NUL or other control bytes`;
  if (controls > MAX_CONTROL_SHARE * bytes.length) return { error: `This looks binary, not text: ${share}.` };
  const warnings: string[] = [];
  if (controls > 0) warnings.push(`${share}; they are kept as they are.`);
  if (!isUtf8(bytes)) warnings.push('This is not valid UTF-8: it is read as raw bytes, one per step.');
  return { bytes, warnings };
}
