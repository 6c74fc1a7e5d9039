import { describe, expect, it } from 'vitest';
import { stateViewsLayout } from './drawStateViews';

describe('state views layout', () => {
  // 600 px wide: 538 px of plot (52 left, 10 right).
  it('draws vectors as strips across the plot and matrices with square cells of at most 20 px', () => {
    const { blocks, height } = stateViewsLayout([{ rows: 1, cols: 64 }, { rows: 8, cols: 16 }, { rows: 4, cols: 269 }], 600);
    expect(blocks.map((block) => [block.width, block.height])).toEqual([[538, 18], [16 * 20, 8 * 20], [538, 8]]);
    // Title 20, heatmap, axis 34, gap 10 between views.
    expect(blocks.map((block) => block.y)).toEqual([20, 20 + 18 + 34 + 10 + 20, 20 + 18 + 34 + 10 + 20 + 160 + 34 + 10 + 20]);
    expect(height).toBe(blocks[2].y + 8 + 34);
  });

  it('keeps a tall matrix within 320 px (at least a pixel per row) and at least 96 px wide', () => {
    const [links, memory, huge] = stateViewsLayout([{ rows: 64, cols: 64 }, { rows: 64, cols: 16 }, { rows: 500, cols: 4 }], 600).blocks;
    expect([links.width, links.height]).toEqual([320, 320]);
    expect([memory.width, memory.height]).toEqual([96, 320]);
    expect([huge.width, huge.height]).toEqual([96, 500]);
  });
});
