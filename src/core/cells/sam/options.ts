import type { FieldMap } from '../../../config/fields';

/** The cells these memory sizes belong to: SAM and SDNC read the same keys. */
const SPARSE_CELLS = ['sam', 'sdnc'] as const;

/** The options SAM and SDNC share (SDNC adds temporalReads). */
export const SPARSE_MEMORY_OPTIONS = {
  sparseSlots: {
    kind: 'int', min: 2, max: 16384, default: 256, group: 'model', resets: true, cell: SPARSE_CELLS,
    label: 'Memory slots N',
    help: 'Rows of the sparse memory. Each step reads and writes only a few of them (R·K + 1), so N can be in the thousands; the O(N) parts are the top-K similarity and the N × W memory copy.',
  },
  sparseWidth: {
    kind: 'int', min: 1, max: 64, default: 16, group: 'model', resets: true, cell: SPARSE_CELLS,
    label: 'Memory width W', help: 'Numbers per memory slot (the width of every read key, write and read vector).',
  },
  sparseHeads: {
    kind: 'int', min: 1, max: 8, default: 1, group: 'model', resets: true, cell: SPARSE_CELLS,
    label: 'Read heads R', help: 'Read heads; their read vectors feed the controller at the next step and the output now.',
  },
  sparseReads: {
    kind: 'int', min: 1, max: 64, default: 4, group: 'model', resets: true, cell: SPARSE_CELLS,
    label: 'Sparse reads K', help: 'Rows each read head sees (its K most similar by cosine, exact top-K; capped at N). The read softmax is over these rows only.',
  },
} as const satisfies FieldMap;
