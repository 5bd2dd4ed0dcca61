//! Terminal tables that line up Chinese text (a CJK character is two columns wide).
//! Widths come from get-east-asian-width (Unicode's East Asian Width property) after
//! strip-ansi removes colour codes. string-width does the same and more (emoji clusters
//! via Intl.Segmenter), but costs ~45 ms of start-up in every process, which the
//! 1.6×-of-`node -e 0` budget of `search` and `check` cannot afford.

import { eastAsianWidth } from 'get-east-asian-width';
import stripAnsi from 'strip-ansi';

/** Columns one code point takes in a terminal: control characters and combining marks none, CJK two. */
export function charWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x300 && cp <= 0x36f) || cp === 0x200b || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  return eastAsianWidth(cp);
}

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
