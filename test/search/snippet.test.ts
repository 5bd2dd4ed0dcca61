// Snippets: the cases of test/cases/snippets.yaml, looped, and a property over every clause of
// the bundled handbook: a window never cuts a number with its unit, a percentage, a 《title》 or
// a document number; a "how much" query's snippet shows the amount.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { bundledWithIndex } from '../helpers/bundled.js';
import type { Handbook } from '../../src/model/index.js';
import { makeSnippet, searchHandbook, type SearchIndexArtefact } from '../../src/search-index/index.js';
import { asksHowMuch, wholeSpans } from '../../src/search-index/snippet.js';

interface SnippetCase {
  name: string;
  text: string;
  terms: string[];
  length?: number;
  amount?: boolean;
  contains?: string[];
  absent?: string[];
}

const cases = (parse(readFileSync(join(import.meta.dirname, '..', 'cases', 'snippets.yaml'), 'utf8')) as { snippets: SnippetCase[] }).snippets;

/** The spans of `text` the snippet cuts through (empty when it cuts none). */
function cutSpans(text: string, snippet: string): string[] {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  const core = snippet.replace(/^…/, '').replace(/…$/, '');
  const start = snippet.startsWith('…') ? flat.indexOf(core) : 0;
  expect(start, snippet).toBeGreaterThanOrEqual(0);
  const end = start + core.length;
  return wholeSpans(flat)
    .filter((s) => (s.start < start && start < s.end) || (s.start < end && end < s.end))
    .map((s) => flat.slice(s.start, s.end));
}

let handbook: Handbook;
let index: SearchIndexArtefact;

beforeAll(() => {
  ({ handbook, index } = bundledWithIndex());
});

describe('snippet cases', () => {
  it.each(cases)('$name', (c) => {
    // Ensure the window holds what the case names and cuts nothing that must stay whole.
    const { snippet } = makeSnippet(c.text, c.terms, { ...(c.length ? { length: c.length } : {}), amount: c.amount ?? false });
    for (const s of c.contains ?? []) expect(snippet).toContain(s);
    for (const s of c.absent ?? []) expect(snippet).not.toContain(s);
    expect(cutSpans(c.text, snippet)).toEqual([]);
  });
});

describe('snippets of the bundled handbook', () => {
  // Ensure no window over any clause cuts a number, a percentage, a title or a document number.
  it('never cut a number with its unit, a percentage, a title or a document number (property)', () => {
    const texts = handbook.policies.flatMap((p) => p.sections.flatMap((s) => s.clauses.map((c) => c.text)));
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.nat(), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 12, max: 120 }), fc.boolean(), (text, at, n, length, amount) => {
        const chars = Array.from(text);
        const from = at % chars.length;
        const term = chars.slice(from, from + n).join('');
        const { snippet, highlights } = makeSnippet(text, [term], { length, amount });
        expect(cutSpans(text, snippet)).toEqual([]);
        for (const [a, b] of highlights) expect(0 <= a && a < b && b <= snippet.length).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  // Ensure the examples: 奖励多少 shows 500万元 whole, 安家补助多少 shows 50万元 whole.
  it('shows the amount for a "how much" query', () => {
    expect(asksHowMuch('总部落户奖励多少')).toBe(true);
    expect(asksHowMuch('总部落户奖励')).toBe(false);
    const reward = searchHandbook(handbook, index, '落户奖励多少').results.find((r) => r.clause === 'fiscal.2.1');
    expect(reward?.snippet).toMatch(/奖励500万元/);
    const home = searchHandbook(handbook, index, '安家补助多少').results.find((r) => r.clause === 'talent.2.1');
    expect(home?.snippet).toMatch(/补助50万元/);
  });
});
