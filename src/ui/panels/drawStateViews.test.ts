import { describe, expect, it } from 'vitest';
import { stateViewsLayout } from './drawStateViews';

describe('state views layout', () => {
  // 600 px wide: 538 px of plot (52 left, 10 right).
  it('draws vectors as strips and matrices with square cells of at most 16 px', () => {
    const { blocks, height } = stateViewsLayout([{ rows: 1, cols: 64 }, { rows: 8, cols: 16 }, { rows: 4, cols: 269 }], 600);
    expect(blocks.map((block) => block.height)).toEqual([18, 8 * 16, 4 * 2]);
    expect(blocks.every((block) => block.width === 538)).toBe(true);
    // Title 20, heatmap, axis 34, gap 10 between views.
    expect(blocks.map((block) => block.y)).toEqual([20, 20 + 18 + 34 + 10 + 20, 20 + 18 + 34 + 10 + 20 + 128 + 34 + 10 + 20]);
    expect(height).toBe(blocks[2].y + 8 + 34);
  });

  it('keeps a tall matrix within 320 px, but never under one pixel per row', () => {
    const [links, huge] = stateViewsLayout([{ rows: 64, cols: 64 }, { rows: 500, cols: 4 }], 600).blocks;
    expect(links.height).toBe(320);
    expect(huge.height).toBe(500);
  });
});
