import type { ProbeEditor } from '../../tasks/probe';
import { addRow, cycleCell, removeRow } from './editing';

type Grid = Extract<ProbeEditor, { kind: 'grid' }>;

const CELL_CLASS: Record<string, string> = { '+': 'probe-cell-positive', '-': 'probe-cell-negative', '1': 'probe-cell-positive' };

/** Rows of cells; a click moves a cell to the next of the task's values (e.g. parity: 0 → +1 → −1 → 0), see cycleCell. */
export function GridEditor({ editor, value, onChange, accepts }: { editor: Grid; value: number[][]; onChange: (value: number[][]) => void; accepts: (value: number[][]) => boolean }) {
  const [minRows, maxRows] = editor.rows;
  return (
    <div className="probe-grid">
      {value.map((cells, row) => (
        <div className="probe-grid-row" key={row} role="group" aria-label={value.length > 1 ? `Row ${row + 1}` : 'Input vector'}>
          {cells.map((entry, column) => {
            const symbol = editor.symbols[editor.values.indexOf(entry)] ?? '?';
            return (
              <button
                type="button"
                key={column}
                className={`probe-cell ${CELL_CLASS[symbol] ?? 'probe-cell-zero'}`}
                aria-label={`Entry ${column + 1}: ${symbol === '-' ? '−1' : symbol === '+' ? '+1' : symbol}. Click for the next value.`}
                onClick={() => onChange(cycleCell(editor, value, row, column, accepts))}
              >
                {symbol === '-' ? '−' : symbol}
              </button>
            );
          })}
        </div>
      ))}
      {maxRows > minRows && (
        <div className="row-actions">
          <button type="button" disabled={value.length >= maxRows} onClick={() => onChange(addRow(editor, value))}>
            Add a row
          </button>
          <button type="button" disabled={value.length <= minRows} onClick={() => onChange(removeRow(value))}>
            Remove the last row
          </button>
        </div>
      )}
    </div>
  );
}
