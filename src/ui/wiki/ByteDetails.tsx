import type { Reading } from '../../worker/wikiProtocol';
import { TOP_K } from '../../worker/wikiProtocol';
import type { Glyph } from './byteText';
import { byteCode, byteLabel, glyphText } from './byteText';
import { CLASS_LABELS, charClass } from '../../data/charClass';

const CONTEXT = 30;
const bits = (value: number): string => `${value.toFixed(2)} bits`;
const percent = (p: number): string => `${(100 * p).toFixed(p < 0.1 ? 1 : 0)}%`;

/** One byte of a reading: where it is, how long the network pondered on it, and what it expected next. */
export function ByteDetails({ reading, glyphs, index }: { reading: Reading; glyphs: readonly Glyph[]; index: number }) {
  const byte = reading.bytes[index];
  const next = index + 1 < reading.bytes.length ? reading.bytes[index + 1] : null;
  const top = Array.from({ length: TOP_K }, (_, rank) => ({
    byte: reading.topBytes[index * TOP_K + rank],
    probability: reading.topProbabilities[index * TOP_K + rank],
  }));
  const units = reading.stacks[index];
  // The whole character the byte belongs to is marked in the context line.
  let start = index;
  while (start > 0 && glyphs[start].kind === 'continuation') start -= 1;
  let end = index + 1;
  while (end < glyphs.length && glyphs[end].kind === 'continuation') end += 1;
  const label = byteLabel(byte);
  const about = [...(label === byteCode(byte) ? [] : [byteCode(byte)]), CLASS_LABELS[charClass(byte)]].join(', ');
  return (
    <div className="byte-details" aria-live="polite">
      <p className="byte-context" title="The text around the byte">
        <span>{glyphText(glyphs, start - CONTEXT, start)}</span>
        <mark>{glyphText(glyphs, start, end)}</mark>
        <span>{glyphText(glyphs, end, end + CONTEXT)}</span>
      </p>
      <p>
        Byte {(index + 1).toLocaleString('en-US')} of {reading.bytes.length.toLocaleString('en-US')}: <strong>{label}</strong> ({about}). Ponder{' '}
        <strong>N = {reading.ponder[index]}</strong>
        {units.length === 0 && ' (ACT is off: one update per byte)'}.
      </p>
      {units.map((unit, u) => (
        <table key={u} className="data-table halting-stack" aria-label={`Halting stack${units.length > 1 ? ` of layer ${u + 1}` : ''}`}>
          <caption>
            {units.length > 1 && `Layer ${u + 1}: `}N = {unit.steps}, remainder R = {unit.remainder.toFixed(3)}
          </caption>
          <thead>
            <tr>
              <th>n</th>
              {unit.halting.map((_, n) => <th key={n}>{n + 1}</th>)}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th>
                h<sup>n</sup>
              </th>
              {unit.halting.map((h, n) => <td key={n}>{h.toFixed(3)}</td>)}
            </tr>
            <tr>
              <th>
                p<sup>n</sup>
              </th>
              {unit.probability.map((p, n) => <td key={n}>{p.toFixed(3)}</td>)}
            </tr>
          </tbody>
        </table>
      ))}
      <p>
        {next === null ? 'The last byte: nothing follows.' : <>Next byte <strong>{byteLabel(next)}</strong>: loss {bits(reading.loss[index])}.</>} Entropy of the
        prediction {bits(reading.entropy[index])}. It expected:
      </p>
      <ol className="top-guesses">
        {top.map(({ byte: guess, probability }) => (
          <li key={guess} className={guess === next ? 'top-hit' : undefined}>
            <span className="guess-byte">{byteLabel(guess)}</span>
            <span className="guess-bar" style={{ width: `${Math.max(1, 100 * probability)}%` }} />
            <span>{percent(probability)}</span>
            {guess === next && <span className="visually-hidden"> (the actual next byte)</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}
