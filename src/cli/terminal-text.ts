//! Terminal text as it is written: the sanitiser's last check over our coloured text (only our
//! SGR colour passes; src/words/terminal-text.ts is the one sanitiser, re-exported here for the
//! CLI's formatters), then lines broken to the terminal's width (src/cli/line-break.ts) when
//! the stream is a terminal — never when piped, so scripts get whole lines.

import { wrapText } from './line-break.js';
import { terminalSafe } from '../words/terminal-text.js';

export { forTerminal, jsonText, shown, shownText, terminalSafe } from '../words/terminal-text.js';

/** The width text is wrapped to on `stream`: its columns on a terminal, else none (whole lines for scripts). */
export function wrapWidth(stream: NodeJS.WriteStream): number | undefined {
  return stream.isTTY && stream.columns ? stream.columns : undefined;
}

/** Terminal text as it is written to `stream`: checked, and wrapped on a terminal. */
export function layoutFor(stream: NodeJS.WriteStream, text: string): string {
  const safe = terminalSafe(text);
  const width = wrapWidth(stream);
  return width ? wrapText(safe, width) : safe;
}

/** Writes terminal text to standard output (see layoutFor). */
export function writeOut(text: string): void {
  process.stdout.write(layoutFor(process.stdout, text));
}

/** Writes terminal text to standard error (see layoutFor). */
export function writeErr(text: string): void {
  process.stderr.write(layoutFor(process.stderr, text));
}

