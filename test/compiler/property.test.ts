// Random and garbled handbooks never crash the compiler: always diagnostics, never an exception.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileSources } from '../../src/validate/index.js';
import { decodeSource } from '../../src/load/read.js';
import { ROOT } from '../helpers/cli.js';

const VALID = join(ROOT, 'test', 'fixtures', 'valid');
const facts = readFileSync(join(VALID, 'facts.yaml'), 'utf8');
const parent = readFileSync(join(VALID, '00-parent.md'), 'utf8');
const child = readFileSync(join(VALID, '01-child.md'), 'utf8');

/** Compiles and asserts the result is well-formed: a handbook xor errors, no internal error. */
function compilesCleanlyOrReports(files: { path: string; text: string }[]) {
  const result = compileSources(files);
  for (const d of result.diagnostics) {
    expect(d.message).not.toContain('内部错误');
    expect(d.code).not.toBe('internal/unexpected');
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
  }
  expect(result.handbook !== undefined).toBe(!result.diagnostics.some((d) => d.severity === 'error'));
}

const yamlish = fc.stringMatching(/^[a-z_:\-\[\]{}, \n"'#|>0-9一二（）、。浙商]{0,120}$/);

describe('compiler robustness (fast-check)', () => {
  it('arbitrary text as a policy file and as facts.yaml', () => {
    // Ensure any text whatsoever yields diagnostics, not an uncaught exception.
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.string({ maxLength: 200 }), (md, y) => {
        compilesCleanlyOrReports([
          { path: '00-parent.md', text: md },
          { path: 'facts.yaml', text: y },
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('front matter with garbled YAML around valid structure', () => {
    // Ensure YAML-looking noise in front matter and rules is reported, never thrown.
    fc.assert(
      fc.property(yamlish, yamlish, (fm, rule) => {
        const text = `---\nid: child\n${fm}\nprovisions:\n  - id: child.x\n    rule: ${rule}\n---\n\n## 一、x\n\n（一）y。\n`;
        compilesCleanlyOrReports([
          { path: 'facts.yaml', text: facts },
          { path: '00-parent.md', text: parent },
          { path: '01-child.md', text },
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('valid files with random lines deleted, duplicated or swapped', () => {
    // Ensure partially broken real handbooks only ever produce diagnostics.
    const lines = child.split('\n');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(lines.length - 1), fc.nat(lines.length - 1), fc.nat(2)), { maxLength: 6 }), (edits) => {
        const l = [...lines];
        for (const [i, j, op] of edits) {
          if (op === 0) l.splice(i, 1);
          else if (op === 1) l.splice(i, 0, l[j] ?? '');
          else [l[i], l[j]] = [l[j] ?? '', l[i] ?? ''];
        }
        compilesCleanlyOrReports([
          { path: 'facts.yaml', text: facts },
          { path: '00-parent.md', text: parent },
          { path: '01-child.md', text: l.join('\n') },
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('random bytes are either decoded as UTF-8 or rejected, never thrown', () => {
    // Ensure the decoder's contract holds for garbage input.
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = decodeSource(bytes);
        if (text !== undefined) expect(text.includes('\r')).toBe(false);
      }),
    );
  });
});

/** Random nested Markdown: container prefixes (quotes, list markers, indentation) and inline marks, some runs deep. */
const nestedMarkdown = fc
  .array(
    fc.tuple(
      fc.array(fc.constantFrom('> ', '- ', '* ', '1. ', '  ', '    ', '\t', '>'), { maxLength: 12 }),
      fc.oneof(fc.nat(130), fc.constantFrom(1500, 3000)),
      fc.array(fc.constantFrom('字', '**', '*', '_', '__', '~~', '[', ']', '](#parent)', '(', ')', '`', ' ', '（一）', '！', '<b>', '\\'), { maxLength: 24 }),
      fc.constantFrom('', '*', '> ', '- ', '  - ', '[', '**'),
    ),
    { minLength: 1, maxLength: 10 },
  )
  .map((lines) => lines.map(([prefix, times, inline, repeated]) => prefix.join('') + repeated.repeat(times) + inline.join('')).join('\n'));

describe('lint accepts nothing render chokes on (fast-check)', () => {
  it('random nested Markdown: whatever compiles without errors renders to HTML', async () => {
    // Ensure the one nesting limit is shared: a body lint accepts never makes render throw (no stack overflow, no too-deep).
    const { renderMarkdownFragment } = await import('../../src/render/markdown.js');
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(nestedMarkdown, async (body) => {
        const text = `---\nid: child\ntitle: 配套办法\nissuer: 某厅\ndate: 2012\neffective: 2012-01-01\nparent: parent\nprovenance: confirmed\nsources: [测试]\n---\n\n${body}\n\n## 一、目的\n\n（一）目的。${body}\n`;
        const result = compileSources([
          { path: 'facts.yaml', text: facts },
          { path: '00-parent.md', text: parent },
          { path: '01-child.md', text },
        ]);
        const deep = result.diagnostics.filter((d) => d.code === 'body/too-deep');
        if (!result.handbook) {
          if (deep.length > 0) refused++;
          return;
        }
        accepted++;
        const ids = new Set<string>();
        for (const p of result.handbook.policies) {
          const pieces = [p.preamble, ...p.sections.flatMap((s) => [s.intro, ...s.clauses.map((c) => c.markdown)])];
          for (const [k, md] of pieces.entries()) {
            const html = await renderMarkdownFragment(md, { key: `${p.id}-${k}`, headingLevel: 4, ids });
            expect(typeof html).toBe('string');
          }
        }
      }),
      { numRuns: 150 },
    );
    // Both sides of the limit were tried.
    expect(accepted).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
  }, 120_000);
});
