import { describe, expect, it } from 'vitest';
import type { StateView } from '../../core/cells/cell';
import type { StateFrames } from '../../core/stateTrace';
import { shownFrame, viewFigures, viewScales } from './stateFrames';

const view = (name: string, rows: number, cols: number, range: StateView['range']): StateView =>
  ({ name, label: name, state: 0, offset: 0, rows, cols, rowLabel: 'row', colLabel: 'col', range });

/**
 * Kept steps 0, 2 and 4 (every 2nd); step 0 kept 2 updates, step 2 none, step 4 one. Frames: 0 (update 1 of step 0),
 * 1 (update 2), 2 (end of 0), 3 (end of 2), 4 (update 1 of 4), 5 (end of 4). Frame f's values are f*10 + index.
 */
function frames(): StateFrames {
  const views = [view('memory', 2, 2, 'auto'), view('usage', 1, 2, 'unit')];
  const values = views.map(({ rows, cols }) => Float32Array.from({ length: 6 * rows * cols }, (_, i) => Math.floor(i / (rows * cols)) * 10 + (i % (rows * cols))));
  return { views, steps: Int32Array.from([0, 2, 4]), updates: Int32Array.from([2, 0, 1]), values };
}

describe('the frame the State panel shows', () => {
  it('finds the end state of a kept step, and its updates', () => {
    expect(shownFrame(frames(), 0, null)).toEqual({ kept: 0, step: 0, update: null, frame: 2, note: null });
    expect(shownFrame(frames(), 0, 2)).toEqual({ kept: 0, step: 0, update: 2, frame: 1, note: null });
    expect(shownFrame(frames(), 4, 1)).toEqual({ kept: 2, step: 4, update: 1, frame: 4, note: null });
    expect(shownFrame(frames(), 4, null)?.frame).toBe(5);
  });

  it('says so when the size cap dropped the step or its updates, and shows what was kept', () => {
    const dropped = shownFrame(frames(), 3, null)!;
    expect(dropped).toMatchObject({ kept: 1, step: 2, update: null, frame: 3 });
    expect(dropped.note).toMatch(/Input step 4 was not kept.*showing step 3/);
    const noUpdates = shownFrame(frames(), 2, 1)!;
    expect(noUpdates).toMatchObject({ step: 2, update: null, frame: 3 });
    expect(noUpdates.note).toMatch(/ponder updates were not kept/);
    expect(shownFrame({ ...frames(), steps: new Int32Array(0), updates: new Int32Array(0) }, 0, null)).toBeNull();
  });

  it('gives each view its values in that frame, with a scale fixed over all frames', () => {
    const all = frames();
    const scales = viewScales(all);
    expect(scales).toEqual([{ kind: 'sequential', lo: 0, hi: 53 }, { kind: 'sequential', lo: 0, hi: 1 }]);
    const [memory, usage] = viewFigures(all, scales, 3);
    expect([...memory.values]).toEqual([30, 31, 32, 33]);
    expect([...usage.values]).toEqual([30, 31]);
    expect(memory.view.name).toBe('memory');
  });
});
