import type { CellPlugin } from './cell';
import { dncPlugin } from './dnc/dnc';
import { alstmPlugin } from './alstm/alstm';
import { gruPlugin } from './gru';
import { lstmPlugin } from './lstm';
import { rnnPlugin } from './rnn';
import { samPlugin } from './sam/sam';
import { sdncPlugin } from './sdnc/sdnc';

/** Every cell plug-in, in the order the UI lists them. Adding a cell: write it, then add it here. */
export const CELLS: readonly CellPlugin[] = [rnnPlugin, gruPlugin, lstmPlugin, alstmPlugin, dncPlugin, samPlugin, sdncPlugin];

export const CELL_IDS: readonly string[] = CELLS.map((cell) => cell.id);

export function getCell(id: string): CellPlugin {
  const cell = CELLS.find((candidate) => candidate.id === id);
  if (!cell) throw new Error(`Unknown cell "${id}". Known cells: ${CELL_IDS.join(', ')}.`);
  return cell;
}
