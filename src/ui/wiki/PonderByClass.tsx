import { useMemo } from 'react';
import type { Reading } from '../../worker/wikiProtocol';
import { CLASS_LABELS, pauseAtBoundaries, statsByClass, type ClassStats } from '../../data/charClass';
import { ponderColour } from './drawStrip';

const BAR_REM = 3.5;

/** Mean ponder (and loss) per character class over the reading: "it pauses at spaces", in numbers. */
export function PonderByClass({ reading, ponderMax }: { reading: Reading; ponderMax: number }) {
  const stats = useMemo(() => statsByClass(reading.bytes, reading.ponder, reading.loss), [reading]);
  const pause = useMemo(() => pauseAtBoundaries(reading.bytes, reading.ponder), [reading]);
  return (
    <div>
      <ClassTable stats={stats} ponderMax={ponderMax} caption={`Mean ponder by character class (step ${reading.step})`} />
      {Number.isFinite(pause.ratio) && (
        <p className="pause-summary">
          At spaces and punctuation it ponders {pause.boundaries.toFixed(2)} updates on average, at letters inside words{' '}
          {pause.insideWords.toFixed(2)}: {pause.ratio.toFixed(2)}×.
        </p>
      )}
    </div>
  );
}

/** A table of count, mean ponder (with a bar) and mean loss per character class. */
export function ClassTable({ stats, ponderMax, caption }: { stats: ClassStats[]; ponderMax: number; caption: string }) {
  const widest = Math.max(...stats.map((row) => row.ponder));
  return (
    <table className="data-table class-table" aria-label={caption}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th>class</th>
          <th>bytes</th>
          <th>mean N</th>
          <th>loss, bits</th>
        </tr>
      </thead>
      <tbody>
        {stats.map((row) => (
          <tr key={row.charClass}>
            <th scope="row">{CLASS_LABELS[row.charClass]}</th>
            <td>{row.count}</td>
            <td>
              <span className="class-bar" style={{ width: `${(BAR_REM * row.ponder) / widest}rem`, background: ponderColour(row.ponder, ponderMax) }} />
              {row.ponder.toFixed(2)}
            </td>
            <td>{Number.isNaN(row.loss) ? '—' : row.loss.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
