import { describe, expect, it } from 'vitest';
import { MAX_TEXT_BYTES, textToBytes } from './textInput';

describe('textToBytes', () => {
  it('encodes pasted text as UTF-8 with no warnings', () => {
    expect(textToBytes('Zürich [[city]]\n')).toEqual({
      bytes: new Uint8Array([...'Z'].map((c) => c.charCodeAt(0)).concat([0xc3, 0xbc], [...'rich [[city]]\n'].map((c) => c.charCodeAt(0)))),
      warnings: [],
    });
  });

  it('refuses empty text', () => {
    expect(textToBytes('')).toEqual({ error: expect.stringMatching(/empty/) });
    expect(textToBytes(new Uint8Array(0))).toEqual({ error: expect.stringMatching(/empty/) });
  });

  it('refuses text over the limit, naming the limit and the size', () => {
    expect(textToBytes(new Uint8Array(MAX_TEXT_BYTES).fill(0x61))).toMatchObject({ warnings: [] });
    expect(textToBytes(new Uint8Array(MAX_TEXT_BYTES + 1).fill(0x61))).toEqual({
      error: 'The text is too large: 5,000,001 bytes, the limit is 5,000,000 bytes (5 MB).',
    });
  });

  it('refuses binary input (over 1% control bytes) and warns about a few control bytes', () => {
    const utf16 = new Uint8Array([...'hello world'].flatMap((c) => [c.charCodeAt(0), 0]));
    expect(textToBytes(utf16)).toEqual({ error: 'This looks binary, not text: 11 of 22 bytes are NUL or other control bytes.' });
    const mostlyText = new Uint8Array(1000).fill(0x61);
    mostlyText[10] = 0x0c;
    expect(textToBytes(mostlyText)).toEqual({
      bytes: mostlyText,
      warnings: ['1 of 1,000 bytes are NUL or other control bytes; they are kept as they are.'],
    });
    mostlyText.fill(0x00, 0, 11);
    expect(textToBytes(mostlyText)).toMatchObject({ error: expect.stringMatching(/binary/) });
  });

  it('keeps tabs and line breaks as text', () => {
    expect(textToBytes('a\tb\r\nc\n')).toMatchObject({ warnings: [] });
  });

  it('reads invalid UTF-8 as raw bytes and says so', () => {
    const latin1 = new Uint8Array([0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68]);
    expect(textToBytes(latin1)).toEqual({
      bytes: latin1,
      warnings: ['This is not valid UTF-8: it is read as raw bytes, one per step.'],
    });
  });
});
