// The one Markdown-to-text (src/text/markdown.ts) and the linear scans in it agree with the
// regular expressions they replace, on random Markdown-ish text (fast-check): the fast paths
// prove themselves against their plain references, kept here.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { markdownToText, removeTableRules, replaceLinks, replaceSpans } from '../../src/text/markdown.js';
import { inPageLinks } from '../../src/validate/body.js';

/** The reference: markdownToText as it was written with regular expressions (validate/body.ts before #15). */
function referenceMarkdownToText(md: string): string {
  const replaceIf = (text: string, needs: string | RegExp, pattern: RegExp, by: string) =>
    (typeof needs === 'string' ? text.includes(needs) : needs.test(text)) ? text.replace(pattern, by) : text;
  let s = replaceIf(md, '```', /```[\s\S]*?```/g, ' ');
  s = replaceIf(s, '<', /<[^>]*>/g, '');
  s = replaceIf(s, '![', /!\[([^\]]*)\]\([^)]*\)/g, '$1');
  s = replaceIf(s, '](', /\[([^\]]*)\]\([^)]*\)/g, '$1');
  s = replaceIf(s, '#', /^[ \t]*#{1,6}[ \t]*/gm, '');
  s = replaceIf(s, '>', /^[ \t]*>[ \t]?/gm, '');
  s = replaceIf(s, /[-*+.]/, /^[ \t]*(?:[-*+]|\d+\.)[ \t]+/gm, '');
  s = replaceIf(s, '|', /^\|?[ \t:|-]+\|[ \t:|-]*$/gm, '');
  s = replaceIf(s, '|', /\|/g, ' ');
  s = replaceIf(s, /[*_`~]/, /(\*\*|__|\*|_|`|~~)/g, '');
  return s.replace(/[ \t]+/g, ' ').replace(/\n{2,}/g, '\n').trim();
}

/** Text made of the characters Markdown's marks are made of, with some words and line ends. */
const markdownish = fc
  .array(fc.constantFrom('[', ']', '(', ')', '!', '<', '>', '`', '```', '|', '-', ':', ' ', '\t', '\n', '\r', '\u2028', '#', '*', '_', '~', '1.', 'a', '文', '](#', '#x'), { maxLength: 60 })
  .map((parts) => parts.join(''));

const RUNS = { numRuns: 2000 };

describe('markdownToText and its scans (fast-check against the regular expressions)', () => {
  it('replaceLinks equals the three link expressions', () => {
    // Ensure the indexOf scan finds exactly the links the regular expressions find, in every mode.
    fc.assert(
      fc.property(markdownish, (s) => {
        expect(replaceLinks(s, 'image')).toBe(s.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1'));
        expect(replaceLinks(s, 'none')).toBe(s.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'));
        expect(replaceLinks(s, 'optional')).toBe(s.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1'));
      }),
      RUNS,
    );
  });

  it('replaceSpans equals the fence and tag expressions', () => {
    // Ensure fences and tags are removed as /```[\s\S]*?```/g and /<[^>]*>/g remove them.
    fc.assert(
      fc.property(markdownish, (s) => {
        expect(replaceSpans(s, '```', '```', ' ')).toBe(s.replace(/```[\s\S]*?```/g, ' '));
        expect(replaceSpans(s, '<', '>', '')).toBe(s.replace(/<[^>]*>/g, ''));
      }),
      RUNS,
    );
  });

  it('removeTableRules equals the table rule expression, line ends of every kind included', () => {
    // Ensure table rule lines are emptied exactly where /^\|?[ \t:|-]+\|[ \t:|-]*$/gm matches.
    fc.assert(
      fc.property(markdownish, (s) => {
        expect(removeTableRules(s)).toBe(s.replace(/^\|?[ \t:|-]+\|[ \t:|-]*$/gm, ''));
      }),
      RUNS,
    );
  });

  it('inPageLinks equals /\\]\\(#([^)\\s]+)\\)/g', () => {
    // Ensure the body's in-page references are found where the expression found them (same target, same column).
    fc.assert(
      fc.property(markdownish, (s) => {
        const expected = [...s.matchAll(/\]\(#([^)\s]+)\)/g)].map((m) => ({ target: m[1]!, index: m.index! }));
        expect(inPageLinks(s)).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('markdownToText equals the regular-expression version', () => {
    // Ensure the compiled clause texts stay byte for byte what they were.
    fc.assert(
      fc.property(markdownish, (s) => {
        expect(markdownToText(s)).toBe(referenceMarkdownToText(s));
      }),
      RUNS,
    );
  });

  it('strips the marks of a real clause', () => {
    // Ensure an example of each mark, written out.
    expect(markdownToText('**（一）** 见[用地](#land.1)与![图](a.png)。<b>粗</b>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n> 引用\n- 项')).toBe(
      '（一） 见用地与图。粗\n a b \n 1 2 \n引用\n项',
    );
  });
});
