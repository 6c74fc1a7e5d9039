import { describe, expect, it } from 'vitest';
import type { ViewShape } from '../../core/cells/cell';
import type { ViewFigure } from './drawStateViews';
import { cutToSlots, slotCount, touchedSlots } from './touchedSlots';

const view = (name: string, rows: number, cols: number, rowLabel: string, colLabel: string, range: ViewShape['range']): ViewShape => ({
  name, label: name, rows, cols, rowLabel, colLabel, range,
});
const figure = (v: ViewShape, values: number[]): ViewFigure => ({ view: v, values, scale: { kind: 'sequential', lo: 0, hi: 1 } });

// Eight slots of width 2: memory rows are slot·10 + column; head 1 reads slots 2 and 5, the write hits slot 5,
// the LRU pointer is slot 7; "steps since access" (range auto) is large everywhere and must not count.
const memory = figure(view('memory', 8, 2, 'slot', 'width', 'auto'), Array.from({ length: 16 }, (_, i) => Math.floor(i / 2) * 10 + (i % 2)));
const reads = figure(view('reads', 1, 8, 'head', 'slot', 'unit'), [0, 0, 0.6, 0, 0, 0.395, 0.005, 0]);
const writes = figure(view('writes', 1, 8, '', 'slot', 'unit'), [0, 0, 0, 0, 0, 1, 0, 0]);
const lru = figure(view('lru', 1, 8, '', 'slot', 'unit'), [0, 0, 0, 0, 0, 0, 0, 1]);
const usage = figure(view('usage', 1, 8, '', 'slot', 'auto'), [9, 9, 9, 9, 9, 9, 9, 9]);
const hidden = figure(view('h', 1, 3, '', 'unit', 'signed'), [0.1, 0.2, 0.3]);

describe('touched slots', () => {
  it('counts the slots of the views that have a slot axis', () => {
    expect(slotCount([memory.view, hidden.view])).toBe(8);
    expect(slotCount([hidden.view])).toBe(0);
  });

  it('are the slots some unit-range weight puts at least 1% on (read, written, LRU), not what other views show', () => {
    expect(touchedSlots([memory, reads, writes, lru, usage, hidden])).toEqual([2, 5, 7]);
    expect(touchedSlots([memory, usage])).toEqual([]);
  });

  it('marks both axes of a slot × slot weight matrix', () => {
    const links = new Array(64).fill(0);
    links[1 * 8 + 6] = 0.5; // slot 2 was written right after slot 7
    expect(touchedSlots([figure(view('links', 8, 8, 'slot i', 'slot j', 'unit'), links)])).toEqual([1, 6]);
  });

  it('cuts every slot axis to the touched slots and keeps the slot numbers for the axes', () => {
    const cut = cutToSlots([memory, reads, usage, hidden], [2, 5, 7]);
    expect(cut[0].view).toMatchObject({ rows: 3, cols: 2, label: 'memory: the 3 touched of 8 slots' });
    expect(Array.from(cut[0].values)).toEqual([20, 21, 50, 51, 70, 71]);
    expect(cut[0].rowIndex).toEqual([2, 5, 7]);
    expect(cut[0].colIndex).toBeUndefined();
    expect(Array.from(cut[1].values)).toEqual([0.6, 0.395, 0].map(Math.fround));
    expect(cut[1]).toMatchObject({ colIndex: [2, 5, 7], view: { rows: 1, cols: 3 } });
    expect(cut[2].view.cols).toBe(3);
    expect(cut[3]).toBe(hidden);
  });

  it('draws everything when no slot is touched', () => {
    const figures = [memory, usage];
    expect(cutToSlots(figures, [])).toEqual(figures);
  });
});
