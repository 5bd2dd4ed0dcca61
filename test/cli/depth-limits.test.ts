// Deep nesting (#15 finding 4): lint, build and render report the same positioned
// [body/too-deep] error at the offending line — one limit (src/text/depth.ts) — and render
// never reaches the parser's recursion (no "Maximum call stack size exceeded").
import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const VALID = join(ROOT, 'test', 'fixtures', 'valid');

/** A handbook folder: the valid fixture plus 02-deep.md, whose body is 开头一段。 then `body` from line 12. */
function handbookWith(body: string): string {
  const dir = tempDir('hb-deep-');
  cpSync(VALID, dir, { recursive: true });
  const front = ['---', 'id: deep', 'title: 深嵌套', 'issuer: 某厅', 'date: 2012', 'effective: 2012-01-01', 'provenance: confirmed', 'sources: [测试]', '---', '', '开头一段。', ''];
  writeFileSync(join(dir, '02-deep.md'), front.join('\n') + body + '\n\n结尾一段。\n');
  return dir;
}

/** The body starts at line 12 of 02-deep.md, right after 开头一段。 */
const CASES: { name: string; body: string; line: number; words: RegExp }[] = [
  {
    name: '1,000 nested list markers (one per line, each indented two more columns)',
    body: Array.from({ length: 1000 }, (_, i) => '  '.repeat(i) + '- 项').join('\n'),
    // The 101st item is the first one deeper than 100 levels.
    line: 12 + 100,
    words: /正文嵌套过深：列表或引用嵌套至少 101 层，超过 100 层的上限/,
  },
  { name: '3,000 nested >', body: '>'.repeat(3000) + ' 引用', line: 12, words: /正文嵌套过深：列表或引用嵌套至少 101 层，超过 100 层的上限/ },
  { name: '10,000 nested *', body: '*'.repeat(10000) + '强调' + '*'.repeat(10000), line: 12, words: /正文嵌套过深：强调标记（\* _ ~）或方括号嵌套至少 10000 层/ },
  { name: '2,000 bold phrases in one paragraph (quadratic to parse)', body: '这是**重点**内容，'.repeat(1000), line: 12, words: /段落中的强调标记（\* _ ~）过多：超过 1000 处的上限/ },
];

describe('nesting limits: lint, build and render agree', () => {
  for (const c of CASES) {
    for (const command of ['lint', 'build', 'render'] as const) {
      it(`${command}: ${c.name} is a [body/too-deep] error at 02-deep.md:${c.line}`, () => {
        // Ensure the limit is reported at its line with its code, exit 1, no stack trace, and nothing written.
        const dir = handbookWith(c.body);
        const out = tempDir('hb-deep-out-');
        const html = join(out, 'booklet.html');
        const args =
          command === 'render'
            ? ['render', '--html', html, '--date', '2026-11-30', '--dir', dir, '--out', join(out, '.handbook')]
            : [command, '--dir', dir, '--out', join(out, '.handbook')];
        const r = runCli(args, { timeoutMs: 60_000 });
        expect(r.signal).toBeNull();
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(new RegExp(`02-deep\\.md:${c.line}:\\d+: error .*\\[body/too-deep\\]`));
        expect(r.stderr).toMatch(c.words);
        expect(r.stderr).not.toMatch(/Maximum call stack|RangeError|at .*\.c?js:\d+/);
        expect(existsSync(html)).toBe(false);
        expect(existsSync(join(out, '.handbook', 'handbook.json'))).toBe(false);
        expect(readdirSync(out).filter((n) => n.includes('handbook-tmp'))).toEqual([]);
      });
    }
  }

  it('100 nested levels (the limit itself) pass lint and render', () => {
    // Ensure the limit refuses only what is over it: lint accepts, render renders.
    const dir = handbookWith(Array.from({ length: 100 }, (_, i) => '  '.repeat(i) + '- 项').join('\n'));
    const out = tempDir('hb-deep-out-');
    expect(runCli(['lint', '--dir', dir, '--out', join(out, '.handbook')]).code).toBe(0);
    const r = runCli(['render', '--html', join(out, 'b.html'), '--date', '2026-11-30', '--dir', dir, '--out', join(out, '.handbook')], { timeoutMs: 60_000 });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'b.html'))).toBe(true);
  });
});
