/**
 * Bytes of a text as something visible: every byte is one step of the model and gets one cell, whatever it is.
 * A UTF-8 character's first byte shows the character, its other bytes nothing (kind `continuation`); a newline
 * shows as ↵, a tab as ⇥, a carriage return as ⏎, other control bytes as · and a byte that is no part of valid
 * UTF-8 as � (kind `standIn`). These symbols are in common fonts, unlike the control pictures (␊).
 */

export interface Glyph {
  text: string;
  kind: 'char' | 'standIn' | 'continuation';
}

const NAMED: Record<number, string> = { 0x09: '⇥', 0x0a: '↵', 0x0d: '⏎' };
const CONTROL = '·';

/** How long the UTF-8 sequence starting with `lead` is (1 for ASCII), or 0 when `lead` cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

const strict = new TextDecoder('utf-8', { fatal: true });

function decodeAt(bytes: Uint8Array, at: number, length: number): string | null {
  if (length === 0 || at + length > bytes.length) return null;
  try {
    return strict.decode(bytes.subarray(at, at + length));
  } catch {
    return null;
  }
}

export function byteGlyphs(bytes: Uint8Array): Glyph[] {
  const glyphs: Glyph[] = [];
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i];
    if (byte < 0x20 || byte === 0x7f) {
      glyphs.push({ text: NAMED[byte] ?? CONTROL, kind: 'standIn' });
      i += 1;
      continue;
    }
    const length = sequenceLength(byte);
    const text = decodeAt(bytes, i, length);
    if (text === null) {
      glyphs.push({ text: '�', kind: 'standIn' });
      i += 1;
      continue;
    }
    glyphs.push({ text, kind: 'char' });
    for (let k = 1; k < length; k++) glyphs.push({ text: '', kind: 'continuation' });
    i += length;
  }
  return glyphs;
}

const hex = (byte: number): string => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;

/** One byte on its own, unambiguous: "a", "␣" (space), "↵" (newline), else its hex code (control, non-ASCII). */
export function byteLabel(byte: number): string {
  if (byte === 0x20) return '␣';
  if (NAMED[byte]) return NAMED[byte];
  return byte > 0x20 && byte < 0x7f ? String.fromCharCode(byte) : hex(byte);
}

/** The byte's code, e.g. "0x61". */
export const byteCode = hex;

/** The glyphs of bytes [from, to) as one string (for context lines), newlines kept visible. */
export function glyphText(glyphs: readonly Glyph[], from: number, to: number): string {
  return glyphs.slice(Math.max(0, from), Math.max(0, to)).map((glyph) => glyph.text).join('');
}
