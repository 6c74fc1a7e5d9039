import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useWidth } from '../charts/useWidth';
import type { Reading } from '../../worker/wikiProtocol';
import type { Glyph } from './byteText';
import { BITS_MAX, CELL_WIDTH, ROWS, STRIP_HEIGHT, drawStrip } from './drawStrip';

interface ReadingStripProps {
  reading: Reading;
  glyphs: readonly Glyph[];
  ponderMax: number;
  selected: number;
  hovered: number | null;
  onSelect: (index: number) => void;
  onHover: (index: number | null) => void;
}

const LABELS = [
  { row: ROWS.ponder, text: 'ponder N' },
  { row: ROWS.text, text: 'text' },
  { row: ROWS.loss, text: 'loss, bits' },
  { row: ROWS.entropy, text: 'entropy, bits' },
];

/** Moves by key: ←/→ one byte, PageUp/PageDown one screen, Home/End to the ends. */
function keyTarget(key: string, index: number, page: number, length: number): number | null {
  const moves: Record<string, number> = { ArrowLeft: index - 1, ArrowRight: index + 1, PageUp: index - page, PageDown: index + page, Home: 0, End: length - 1 };
  return key in moves ? Math.max(0, Math.min(length - 1, moves[key])) : null;
}

/** The text as read, scrollable, one cell per byte; hover, click or the keyboard pick a byte. */
export function ReadingStrip({ reading, glyphs, ponderMax, selected, hovered, onSelect, onHover }: ReadingStripProps) {
  const [scrollRef, width] = useWidth<HTMLDivElement>();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [scrollLeft, setScrollLeft] = useState(0);
  const length = reading.bytes.length;
  const shownWidth = Math.min(width, length * CELL_WIDTH);

  useEffect(() => {
    if (canvasRef.current) drawStrip(canvasRef.current, { reading, glyphs, ponderMax, scrollLeft, width: shownWidth, selected, hovered });
  }, [reading, glyphs, ponderMax, scrollLeft, shownWidth, selected, hovered]);

  const indexAt = (event: MouseEvent<HTMLDivElement>): number | null => {
    const box = event.currentTarget.getBoundingClientRect();
    const index = Math.floor((event.clientX - box.left + event.currentTarget.scrollLeft) / CELL_WIDTH);
    return index >= 0 && index < length ? index : null;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const element = event.currentTarget;
    const next = keyTarget(event.key, selected, Math.max(1, Math.floor(element.clientWidth / CELL_WIDTH) - 1), length);
    if (next === null) return;
    event.preventDefault();
    onSelect(next);
    const x = next * CELL_WIDTH;
    if (x < element.scrollLeft) element.scrollLeft = x;
    else if (x + CELL_WIDTH > element.scrollLeft + element.clientWidth) element.scrollLeft = x + CELL_WIDTH - element.clientWidth;
  };

  return (
    <div className="reading-strip">
      <div className="reading-gutter" aria-hidden="true" style={{ height: STRIP_HEIGHT }}>
        {LABELS.map(({ row: [top, height], text }) => (
          <span key={text} style={{ top, height }}>
            {text}
            {text === 'ponder N' && <small>0–{ponderMax}</small>}
            {text.endsWith('bits') && <small>0–{BITS_MAX}</small>}
          </span>
        ))}
      </div>
      <div
        ref={scrollRef}
        className="reading-scroll"
        tabIndex={0}
        role="group"
        aria-label={`The text as the network read it, ${length} bytes: arrow keys move between bytes`}
        data-bytes={length}
        onScroll={(event) => setScrollLeft(event.currentTarget.scrollLeft)}
        onMouseMove={(event) => onHover(indexAt(event))}
        onMouseLeave={() => onHover(null)}
        onClick={(event) => {
          const index = indexAt(event);
          if (index !== null) onSelect(index);
        }}
        onKeyDown={onKeyDown}
      >
        <div style={{ width: length * CELL_WIDTH, height: STRIP_HEIGHT }}>
          <canvas ref={canvasRef} style={{ width: shownWidth, height: STRIP_HEIGHT }} />
        </div>
      </div>
    </div>
  );
}
