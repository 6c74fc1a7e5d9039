/** Plain-text tables for the readable (non --json) output. */

/** A number short enough for a table column: 4 significant digits, no float noise. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

const cellText = (cell: string | number): string => (typeof cell === 'number' ? formatNumber(cell) : cell);

/** One row of right-aligned columns of a fixed width, so rows printed one at a time line up. */
export function tableRow(cells: readonly (string | number)[], width = 10): string {
  return cells.map((cell) => cellText(cell).padStart(width)).join(' ');
}

/** A whole table, each column as wide as its widest cell. */
export function formatTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const text = [headers, ...rows.map((row) => row.map(cellText))];
  const widths = headers.map((_, column) => Math.max(...text.map((row) => row[column].length)));
  return text.map((row) => row.map((cell, column) => cell.padStart(widths[column])).join('  ')).join('\n');
}
