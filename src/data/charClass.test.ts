import { describe, expect, it } from 'vitest';
import { charClass, finiteMean, pauseAtBoundaries, statsByClass } from './charClass';

const bytesOf = (text: string) => new TextEncoder().encode(text);

describe('character classes', () => {
  it('sorts bytes into classes', () => {
    const classes = [...bytesOf('a Z\n7,.<]=|&é\t')].map(charClass);
    expect(classes).toEqual([
      'letter', 'space', 'letter', 'newline', 'digit', 'punctuation', 'punctuation', 'markup', 'markup', 'markup', 'markup', 'markup',
      'nonAscii', 'nonAscii', 'space',
    ]);
    expect(charClass(0x00)).toBe('control');
  });

  it('averages ponder and loss per class, leaving out bytes without a loss', () => {
    const bytes = bytesOf('ab c');
    const stats = statsByClass(bytes, [1, 2, 5, 3], [1, 3, 2, Number.NaN]);
    expect(stats).toEqual([
      { charClass: 'space', count: 1, ponder: 5, loss: 2 },
      { charClass: 'letter', count: 3, ponder: 2, loss: 2 },
    ]);
  });

  it('gives NaN for a class whose bytes all lack a loss', () => {
    expect(statsByClass(bytesOf('.'), [1], [Number.NaN])[0].loss).toBeNaN();
  });

  it('means finite values only', () => {
    expect(finiteMean([1, Number.NaN, 3])).toBe(2);
    expect(finiteMean([])).toBeNaN();
  });

  it('compares ponder at spaces and punctuation with letters inside words (not at a word\'s ends)', () => {
    // bytes:  T  h  e     c  a  t  ,     x
    const bytes = bytesOf('The cat, x');
    const ponder = [9, 2, 8, 3, 9, 4, 7, 5, 3, 9];
    // Inside words: h (2) and a (4); spaces 3, 3 and the comma 5.
    const pause = pauseAtBoundaries(bytes, ponder);
    expect(pause.boundaries).toBeCloseTo(11 / 3, 12);
    expect(pause.insideWords).toBe(3);
    expect(pause.ratio).toBeCloseTo(11 / 9, 12);
    expect(pauseAtBoundaries(bytesOf('ab'), [1, 1]).ratio).toBeNaN();
  });
});
