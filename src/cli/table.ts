//! Terminal tables that line up Chinese text (a CJK character is two columns wide).

import stringWidth from 'string-width';

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - stringWidth(s)));
}

/** Rows of cells → lines, each column as wide as its widest cell. */
export function formatTable(rows: string[][], gap = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, stringWidth(cell))));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : padEnd(cell, widths[i]!))).join(gap).trimEnd());
}
