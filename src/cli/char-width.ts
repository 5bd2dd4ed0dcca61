//! Columns one code point takes in a terminal (a CJK character two), from get-east-asian-width
//! (Unicode's East Asian Width property). Shared by the tables (table.ts) and the line breaker
//! (line-break.ts), which needs no colour stripping and so does not import the tables.

import { eastAsianWidth } from 'get-east-asian-width';

/** Columns one code point takes in a terminal: control characters and combining marks none, CJK two. */
export function charWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x300 && cp <= 0x36f) || cp === 0x200b || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  return eastAsianWidth(cp);
}
