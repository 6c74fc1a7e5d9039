import { describe, expect, it } from 'vitest';
import { describeInput, describeOutputs } from '../data/inputText';
import { byteGlyphs, byteLabel, glyphText } from './byteText';

const bytesOf = (text: string) => new TextEncoder().encode(text);

describe('byte glyphs', () => {
  it('gives every byte one glyph: characters, continuation marks, stand-ins for control and invalid bytes', () => {
    const bytes = Uint8Array.from([...bytesOf('a é\n\t'), 0x00, 0x1b, 0x7f, 0xff, 0xc3]);
    const glyphs = byteGlyphs(bytes);
    expect(glyphs).toHaveLength(bytes.length);
    expect(glyphs.map((glyph) => glyph.text)).toEqual(['a', ' ', 'é', '', '↵', '⇥', '·', '·', '·', '�', '�']);
    expect(glyphs.map((glyph) => glyph.kind)).toEqual(['char', 'char', 'char', 'continuation', 'standIn', 'standIn', 'standIn', 'standIn', 'standIn', 'standIn', 'standIn']);
  });

  it('shows markup as the characters it is, never as anything else', () => {
    const text = '<img src=x onerror=alert(1)>';
    expect(glyphText(byteGlyphs(bytesOf(text)), 0, text.length)).toBe(text);
  });

  it('joins a stretch of glyphs into context text, multi-byte characters once', () => {
    const glyphs = byteGlyphs(bytesOf('Марков\nok'));
    expect(glyphText(glyphs, 0, glyphs.length)).toBe('Марков↵ok');
    expect(glyphText(glyphs, -5, 4)).toBe('Ма');
  });

  it('labels single bytes unambiguously', () => {
    expect([0x61, 0x20, 0x0a, 0x3c, 0x1b, 0xd0].map(byteLabel)).toEqual(['a', '␣', '↵', '<', '0x1B', '0xD0']);
  });

  it('names the Wikipedia task\'s steps in the other panels by their byte', () => {
    const input = new Array<number>(256).fill(0);
    input[0x61] = 1;
    expect(describeInput('wiki', input, 0)).toBe('a');
    expect(describeOutputs('wiki', [0x0a])).toBe('↵');
  });
});
