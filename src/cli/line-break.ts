//! Lines broken to a terminal's width, for Chinese text: a CJK character takes two columns
//! (widths from char-width.ts, as in table.ts), a break may fall between any two CJK
//! characters or at a space, never inside a Latin word or number, and never before closing
//! punctuation (，。、；：？！）》」』】… %) nor after opening punctuation (（《「『【“), the rule
//! of 避头尾 (kinsoku). A continued line hangs under the text of the first: its indent and
//! its bullet (`• `, `· `, `✓ `, `1. `…) are repeated as spaces. Our colour (SGR sequences,
//! zero columns) is closed at the end of a broken line and opened again on the next, so a
//! pager or a narrow window shows each line in its own colour.
//! wrap-ansi breaks only at spaces and knows no kinsoku, so the breaker is this module.
//! In: text (lines separated by `\n`, SGR colour allowed) and a width. Out: the same text with
//! its long lines broken.

import { charWidth } from './char-width.js';

/** No line starts with these (closing punctuation, marks that belong to what precedes). */
export const CLOSING = new Set(Array.from('，。、；：？！）》」』】〉〕〗〙〛｝］〞’”…‥%％,.;:?!)]}>〃々〜～ー·・'));
/** No line ends with these (opening punctuation, which belongs to what follows). */
export const OPENING = new Set(Array.from('（《「『【〈〔〖〘〚｛［〝‘“([{<'));

type Kind = 'sgr' | 'space' | 'wide' | 'narrow' | 'close' | 'open';

interface Token {
  text: string;
  width: number;
  kind: Kind;
}

const SGR = /\x1b\[[0-9;]*m/y;

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    if (line.charCodeAt(i) === 0x1b) {
      SGR.lastIndex = i;
      const m = SGR.exec(line);
      if (m) {
        tokens.push({ text: m[0], width: 0, kind: 'sgr' });
        i += m[0].length;
        continue;
      }
    }
    const cp = line.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    i += ch.length;
    const width = charWidth(cp);
    const kind: Kind = ch === ' ' ? 'space' : CLOSING.has(ch) ? 'close' : OPENING.has(ch) ? 'open' : width === 2 ? 'wide' : 'narrow';
    // A zero-width mark (combining, ZWJ) belongs to the character before it.
    if (width === 0 && tokens.length > 0 && tokens[tokens.length - 1]!.kind !== 'sgr') tokens[tokens.length - 1]!.text += ch;
    else tokens.push({ text: ch, width, kind });
  }
  return tokens;
}

/** Whether a line may break between two visible tokens. */
function breakable(a: Token, b: Token): boolean {
  if (b.kind === 'close' || a.kind === 'open') return false;
  if (a.kind === 'space' || b.kind === 'space') return true;
  // Inside a Latin word, a number or an address (`fiscal.hq-reward`, `R&D`, `3.5`).
  if (a.width === 1 && b.width === 1) return false;
  // A number keeps the first character of its unit (500万, 3年).
  return !(/^[0-9]$/.test(a.text) && b.kind === 'wide');
}

/** Inside a unit too wide for a line: between any two characters, still by 避头尾. */
function breakableInside(a: Token, b: Token): boolean {
  return b.kind !== 'close' && a.kind !== 'open';
}

/** Units that are never broken inside (unless one alone is wider than the line). */
function units(tokens: Token[], may = breakable): Token[][] {
  const result: Token[][] = [];
  let unit: Token[] = [];
  let last: Token | undefined;
  // Opening punctuation holds on to what follows it, even across spaces.
  let opened = false;
  for (const t of tokens) {
    if (t.kind === 'sgr') {
      unit.push(t);
      continue;
    }
    if (last && !opened && may(last, t) && unit.length > 0) {
      // Colour that opens right before this token goes with it.
      let k = unit.length;
      while (k > 0 && unit[k - 1]!.kind === 'sgr' && !isClosingSgr(unit[k - 1]!.text)) k--;
      result.push(unit.slice(0, k));
      unit = unit.slice(k);
    }
    // Closing punctuation after spaces still holds on to what came before the spaces.
    if (t.kind === 'close') while (result.length > 0 && unit.every((u) => u.kind === 'space' || u.kind === 'sgr')) unit = result.pop()!.concat(unit);
    unit.push(t);
    last = t;
    if (t.kind !== 'space') opened = t.kind === 'open';
  }
  if (unit.length) result.push(unit);
  return result;
}

const widthOf = (unit: Token[]) => unit.reduce((w, t) => w + t.width, 0);
const isSpace = (unit: Token[]) => unit.every((t) => t.kind === 'space' || t.kind === 'sgr') && unit.some((t) => t.kind === 'space');

/** SGR codes that only end an attribute (chalk closes each one it opens with these). */
function isClosingSgr(seq: string): boolean {
  const codes = seq.slice(2, -1).split(';');
  return codes.every((c) => ['', '0', '22', '23', '24', '27', '28', '29', '39', '49'].includes(c));
}

/** The colour state after an SGR sequence: one entry per attribute, the sequence that set it. */
function applySgr(state: Map<string, string>, seq: string): void {
  const code = seq.slice(2, -1).split(';')[0] ?? '';
  const n = code === '' ? 0 : Number(code);
  const set = (key: string) => state.set(key, seq);
  if (n === 0) state.clear();
  else if (n === 22) (state.delete('bold'), state.delete('dim'));
  else if (n === 1) set('bold');
  else if (n === 2) set('dim');
  else if (n === 23 || n === 24 || n === 27 || n === 28 || n === 29) state.delete(String(n - 20));
  else if (n >= 3 && n <= 9) set(String(n));
  else if (n === 39) state.delete('fg');
  else if (n === 49) state.delete('bg');
  else if ((n >= 30 && n <= 38) || (n >= 90 && n <= 97)) set('fg');
  else if ((n >= 40 && n <= 48) || (n >= 100 && n <= 107)) set('bg');
}

/** The hanging indent of a line: its leading spaces and a bullet or number, as columns. */
function hangingIndent(plain: string, width: number): number {
  const m = /^( *)(?:(?:[•·\-*✓✗？○→│]|\d{1,3}[.)、]|[（(][一二三四五六七八九十\d]{1,3}[）)]) )?/.exec(plain)!;
  let indent = 0;
  for (const ch of m[0]) indent += charWidth(ch.codePointAt(0)!);
  // A very deep indent would leave no room: hang under the leading spaces only, or not at all.
  if (indent > width / 2) indent = m[1]!.length > width / 2 ? 0 : m[1]!.length;
  return indent;
}

/** One line (no `\n`) broken to `width` columns. */
export function wrapLine(line: string, width: number): string[] {
  if (width < 4) return [line];
  const tokens = tokenize(line.includes('\t') ? expandTabs(line) : line);
  let total = 0;
  for (const t of tokens) total += t.width;
  if (total <= width) return [line];
  const plain = tokens.filter((t) => t.kind !== 'sgr').map((t) => t.text).join('');
  const hang = hangingIndent(plain, width);
  const lines: string[] = [];
  const state = new Map<string, string>();
  let current = '';
  let used = 0;
  let pendingSpace: Token[] = [];
  let hasText = false;
  const emit = (t: Token) => {
    current += t.text;
    used += t.width;
    if (t.kind === 'sgr') applySgr(state, t.text);
  };
  const newLine = () => {
    // Spaces that would end the line are dropped; their colour codes are kept.
    for (const t of pendingSpace) if (t.kind === 'sgr') emit(t);
    pendingSpace = [];
    lines.push(current + (state.size ? '\x1b[0m' : ''));
    current = ' '.repeat(hang) + [...state.values()].join('');
    used = hang;
    hasText = false;
  };
  for (const unit of units(tokens)) {
    if (isSpace(unit)) {
      if (hasText || lines.length === 0) pendingSpace.push(...unit);
      else for (const t of unit) if (t.kind === 'sgr') emit(t);
      continue;
    }
    const w = widthOf(unit) + widthOf(pendingSpace);
    if (used + w > width && hasText) newLine();
    for (const t of pendingSpace) emit(t);
    pendingSpace = [];
    if (used + widthOf(unit) <= width) {
      for (const t of unit) emit(t);
    } else {
      // A unit wider than the line (a long word, an address): cut between its characters,
      // still never before closing nor after opening punctuation.
      for (const part of units(unit, breakableInside)) {
        if (used + widthOf(part) > width && used > hang) newLine();
        for (const t of part) {
          if (t.width > 0 && used + t.width > width && used > hang) newLine();
          emit(t);
        }
      }
    }
    hasText = true;
  }
  // Spaces at the very end of a broken line are dropped too (they could pass the width).
  for (const t of pendingSpace) if (t.kind === 'sgr') emit(t);
  lines.push(current);
  return lines;
}

function expandTabs(line: string): string {
  let col = 0;
  let s = '';
  for (const ch of line) {
    if (ch === '\t') {
      const n = 8 - (col % 8);
      s += ' '.repeat(n);
      col += n;
    } else {
      s += ch;
      col += ch === '\x1b' ? 0 : charWidth(ch.codePointAt(0)!);
    }
  }
  return s;
}

/** Text broken to `width` columns, line by line. */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => wrapLine(line, width).join('\n'))
    .join('\n');
}
