/**
 * The Sparse DNC (Rae et al. 2016) as a cell plug-in: SAM (../sam/) plus sparse temporal links (links.ts), whose
 * K_L forward and K_L backward rows join each step's visible set (R·K + 2K_L + 1 rows). Same weights as SAM
 * (prefix layer{l}/sdnc); its state is SAM's followed by precedence [N], successor slots and weights [N·K_L],
 * predecessor slots and weights [N·K_L] (docs/weights.md "SDNC").
 */
import * as tf from '@tensorflow/tfjs';
import type { FieldMap } from '../../../config/fields';
import type { CellPlugin, StateView } from '../cell';
import { checkedCellOptions } from '../memory/options';
import { STATE_PARTS, stateViews } from '../sam/layout';
import { SPARSE_MEMORY_OPTIONS } from '../sam/options';
import { sparseMemoryCell, sparseMemoryCost } from '../sam/sam';
import type { TemporalRows } from '../sam/step';
import { samStep } from '../sam/step';
import type { SparseLinks } from './links';
import { linkedRows, updateLinks } from './links';

const options = {
  ...SPARSE_MEMORY_OPTIONS,
  temporalReads: {
    kind: 'int', min: 1, max: 16, default: 4, group: 'model', resets: true, cell: 'sdnc',
    label: 'Temporal reads K_L',
    help: 'Links kept per slot each way (predecessors and successors), and rows read along them each way per step.',
  },
} as const satisfies FieldMap;

const LINK_PARTS = ['precedence', 'successorSlots', 'successorWeights', 'predecessorSlots', 'predecessorWeights'] as const;

function linkViews(first: number, slots: number, k: number): StateView[] {
  const text: Record<(typeof LINK_PARTS)[number], string> = {
    precedence: 'Precedence', successorSlots: 'Successor slots (written right after each slot)', successorWeights: 'Successor link weights',
    predecessorSlots: 'Predecessor slots (written right before each slot)', predecessorWeights: 'Predecessor link weights',
  };
  return LINK_PARTS.map((name, i) => ({
    name, label: text[name], state: first + i, offset: 0, rows: name === 'precedence' ? 1 : slots, cols: name === 'precedence' ? slots : k,
    rowLabel: name === 'precedence' ? '' : 'slot', colLabel: name === 'precedence' ? 'slot' : 'link', range: name.endsWith('Slots') ? 'auto' : 'unit',
  }));
}

/** The link bookkeeping of one step, untaped: the rows to append and the next link state. */
function temporalRows(k: number): TemporalRows {
  return {
    rows: 2 * k,
    select(written, readMean, state) {
      const [batch, n] = written.write.shape;
      const as3d = (t: tf.Tensor2D) => tf.reshape(t, [batch, n, k]) as tf.Tensor3D;
      const widths = [2 * k, n, n * k, n * k, n * k, n * k];
      // One untaped value (a customGrad's forward may return one tensor): the slots, then the next link state.
      const packed = tf.customGrad(() => {
        const links: SparseLinks = {
          precedence: state[0], successorSlots: as3d(state[1]), successorWeights: as3d(state[2]),
          predecessorSlots: as3d(state[3]), predecessorWeights: as3d(state[4]),
        };
        const updated = updateLinks(links, written.write, k);
        // Both sides in one call, stacked along the batch axis: [successor rows; predecessor rows] → [B, 2K_L].
        const stacked = linkedRows(tf.concat([readMean, readMean], 0), tf.concat([updated.successorSlots, updated.predecessorSlots], 0),
          tf.concat([updated.successorWeights, updated.predecessorWeights], 0), k);
        const rows = tf.concat(tf.split(stacked, 2, 0), 1);
        const parts = [rows, ...LINK_PARTS.map((part) => updated[part])].map((t) => tf.reshape(t, [batch, -1]));
        return { value: tf.concat(parts, 1), gradFunc: () => [] };
      })();
      const [rows, ...next] = tf.split(packed, widths, 1) as tf.Tensor2D[];
      return { slots: tf.cast(rows, 'int32') as tf.Tensor2D, next };
    },
  };
}

export const sdncPlugin: CellPlugin<typeof options> = {
  id: 'sdnc',
  label: 'SDNC',
  description: 'Sparse DNC: SAM plus sparse temporal links (K_L each way per slot); the rows linked to the rows just read join each read.',
  options,
  create: (args) => {
    const { sparseSlots: slots, temporalReads: k } = checkedCellOptions('SDNC', options, args.options);
    return sparseMemoryCell('sdnc', 'SDNC', args, [slots, slots * k, slots * k, slots * k, slots * k], (settings) => ({
      step: (projected, state) => samStep(settings, projected, state, temporalRows(k)),
      views: [...stateViews(settings.sizes), ...linkViews(STATE_PARTS.length, settings.sizes.slots, k)],
    }));
  },
  cost: (args) => {
    const { sparseSlots: slots, temporalReads: k } = checkedCellOptions('SDNC', options, args.options);
    return sparseMemoryCost('SDNC', args, slots + 4 * slots * k, 2 * k);
  },
};
