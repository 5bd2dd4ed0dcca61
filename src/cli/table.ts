//! Terminal tables that line up Chinese text (a CJK character is two columns wide).
//! Widths come from charWidth (char-width.ts: get-east-asian-width) after strip-ansi removes
//! colour codes. string-width does the same and more (emoji clusters via Intl.Segmenter), but
//! costs ~45 ms of start-up in every process, which the 1.6×-of-`node -e 0` budget of `search`
//! and `check` cannot afford.

import stripAnsi from 'strip-ansi';
import { charWidth } from './char-width.js';

/** Columns a string takes in a terminal. */
export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of stripAnsi(s)) width += charWidth(ch.codePointAt(0)!);
  return width;
}

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/** Rows of cells → lines, each column as wide as its widest cell. */
export function formatTable(rows: string[][], gap = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : padEnd(cell, widths[i]!))).join(gap).trimEnd());
}
