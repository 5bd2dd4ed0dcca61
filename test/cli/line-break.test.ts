// The terminal line breaker: the cases of test/cases/wrap.yaml, looped, and a property that
// any text of Han characters, punctuation, Latin words and spaces wraps within the width,
// with no line starting with closing punctuation nor ending with opening punctuation.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import stripAnsi from 'strip-ansi';
import { CLOSING, OPENING, wrapLine, wrapText } from '../../src/cli/line-break.js';
import { displayWidth } from '../../src/cli/table.js';

interface WrapCase {
  name: string;
  width: number;
  text: string;
  lines: string[];
}

const cases = (parse(readFileSync(join(import.meta.dirname, '..', 'cases', 'wrap.yaml'), 'utf8')) as { wrap: WrapCase[] }).wrap;

/** What every wrapped line must satisfy. */
function checkLines(text: string, lines: string[], width: number): void {
  for (const [i, line] of lines.entries()) {
    const plain = stripAnsi(line);
    expect(displayWidth(plain), `line ${i} "${plain}" is wider than ${width}`).toBeLessThanOrEqual(width);
    if (i > 0) expect(CLOSING.has(Array.from(plain.trimStart())[0] ?? ''), `line ${i} "${plain}" starts with closing punctuation`).toBe(false);
    if (i < lines.length - 1) expect(OPENING.has(Array.from(plain.trimEnd()).at(-1) ?? ''), `line ${i} "${plain}" ends with opening punctuation`).toBe(false);
  }
  // Nothing lost: only spaces may differ.
  expect(lines.map((l) => stripAnsi(l).replace(/ /g, '')).join('')).toBe(stripAnsi(text).replace(/ /g, ''));
}

describe('line breaker cases (test/cases/wrap.yaml)', () => {
  for (const c of cases) {
    // Ensure each case breaks exactly as written, and keeps the rules.
    it(c.name, () => {
      const lines = wrapLine(c.text, c.width);
      expect(lines).toEqual(c.lines);
      checkLines(c.text, lines, c.width);
    });
  }
});

describe('line breaker properties', () => {
  const piece = fc.oneof(
    fc.constantFrom(...Array.from('政策企业补助奖励用地指标实缴注册资本亿元万元省外浙商总部')),
    fc.constantFrom(...CLOSING),
    fc.constantFrom(...OPENING),
    fc.constantFrom(' ', 'IPO', 'R&D', '500', 'fiscal.hq-reward', '\x1b[33m', '\x1b[39m', '\x1b[1m', '\x1b[22m'),
  );
  // Ensure any mix of Chinese, punctuation, words and colour wraps within the width and by 避头尾.
  it('wraps any text within the width and never starts a line with closing punctuation', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 120 }), fc.integer({ min: 20, max: 100 }), fc.constantFrom('', '  ', '    · ', '  ✓ '), (pieces, width, lead) => {
        // Runs of punctuation are kept short, as real text has them: a glued run wider than
        // the room on a line could not be placed by both rules at once.
        const text = lead + pieces.join('').replace(/([，。、；：？！）》」』】〉〕〗〙〛｝］〞’”…‥%％,.;:?!)\]}>〃々〜～ー·・（《「『【〈〔〖〘〚｛［〝‘“([{<]{2})[，。、；：？！）》」』】〉〕〗〙〛｝］〞’”…‥%％,.;:?!)\]}>〃々〜～ー·・（《「『【〈〔〖〘〚｛［〝‘“([{<]+/g, '$1');
        const lines = wrapLine(text, width);
        checkLines(text, lines, width);
      }),
      { numRuns: 2000 },
    );
  });

  // Ensure text that fits is returned byte for byte, and text of many lines is wrapped line by line.
  it('leaves lines that fit unchanged', () => {
    expect(wrapText('一二三\n\n  四五六', 80)).toBe('一二三\n\n  四五六');
  });
});
